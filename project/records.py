"""Abstract bases shared by every public record: slug keys, timestamps, natural keys."""

from django.db import models


class SlugManager(models.Manager):
    """Looks records up by their slug, the natural key that fixtures use."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Record(models.Model):
    """Abstract: a public record with a stable slug, timestamps and a curator's note.

    Slugs are the public identifiers (URLs, fixtures); numeric ids may change.
    """

    slug = models.SlugField(max_length=200, unique=True, help_text="Stable public identifier.")
    curator_note = models.TextField(
        blank=True, help_text="A curator's remark, e.g. a doubt about what the source says."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    objects = SlugManager()

    class Meta:
        abstract = True
        ordering = ["slug"]

    def __str__(self):
        return getattr(self, "name", None) or self.slug

    def natural_key(self):
        return (self.slug,)
