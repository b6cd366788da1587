"""Abstract bases shared by every public record: slug keys, timestamps, review state, versions."""

from django.core.validators import MaxValueValidator
from django.db import models

from .history import History

# The largest values PostgreSQL's integer columns hold. SQLite would store more, and a backup of
# it could then never be restored into PostgreSQL: every database refuses them (model validation,
# the API, ``restore``), and the spec states them.
SMALL_MAX = 32767
INTEGER_MAX = 2147483647


def small_number(**kwargs) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(validators=[MaxValueValidator(SMALL_MAX)], **kwargs)


def whole_number(**kwargs) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(validators=[MaxValueValidator(INTEGER_MAX)], **kwargs)


class SlugManager(models.Manager):
    """Looks records up by their slug, the natural key that fixtures use."""

    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class StaleVersion(Exception):
    """A save was based on a version of the record that is no longer the stored one."""

    def __init__(self, record, expected: int):
        self.record = record
        self.expected = expected
        super().__init__(
            f"{record._meta.verbose_name} {record.slug!r} was changed by someone else since version "
            f"{expected} was read; reload it and apply your change again."
        )


class ReviewState(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class Record(models.Model):
    """Abstract: a public record with a stable slug, timestamps, a review state and a version.

    Slugs are the public identifiers (URLs, fixtures); numeric ids may change.

    ``review_state``: records start as drafts (ingest, a curator's add) and reach the public
    API only once a curator publishes them (``project.records.review``).

    ``history`` keeps every version (``project.records.history`` reads it for the API and the admin).

    ``version`` counts saves. A save updates the row only if its stored version is still the
    one this instance was read with, in the same UPDATE statement (``... WHERE version = n``),
    so two curators saving the same record can never both win: the later one gets
    :class:`StaleVersion`. Raw saves (fixture loads) keep the version they are given.
    """

    slug = models.SlugField(max_length=200, unique=True, help_text="Stable public identifier.")
    curator_note = models.TextField(
        blank=True, help_text="A curator's remark, e.g. a doubt about what the source says."
    )
    review_state = models.CharField(
        max_length=16,
        choices=ReviewState.choices,
        default=ReviewState.DRAFT,
        db_index=True,
        help_text="Drafts are seen by curators only; the public API serves published records.",
    )
    version = whole_number(default=1, help_text="Counts saves; a save based on an older version is refused.")
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True, db_index=True)

    objects = SlugManager()
    # Every change, with who made it and the values before and after; each concrete model names
    # its many-to-many fields (citations, actors, ...) in ``_history_m2m_fields``.
    history = History(inherit=True)

    # The brief form that stands for the record wherever another one refers to it ({"slug", "name",
    # "url"}; project.api.brief): the columns its ``name`` reads, the field or path it comes from
    # (None: the ``brief_name`` method, computed) and the description of that ``name``, when the
    # record has no ``name`` field of its own to describe it.
    brief_columns = ("name",)
    brief_source = "name"
    brief_help = ""

    class Meta:
        abstract = True
        ordering = ["slug"]
        # ``publish_<model>``: changing what the public sees is a responsibility of its own
        # (``project.records.review``), not a side effect of being allowed to edit.
        default_permissions = ("add", "change", "delete", "view", "publish")

    def __str__(self):
        return getattr(self, "name", None) or self.slug

    def save(self, *args, **kwargs):
        if self._state.adding:
            return super().save(*args, **kwargs)
        expected = self.version
        self.version = expected + 1
        self._expected_version = expected
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "version", "updated"}
        try:
            super().save(*args, **kwargs)
        except BaseException:
            self.version = expected
            raise
        finally:
            del self._expected_version

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        expected = getattr(self, "_expected_version", None)
        if expected is None:
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        if super()._do_update(
            base_qs.filter(version=expected), using, pk_val, values, update_fields, forced_update
        ):
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleVersion(self, expected)
        return False

    @property
    def is_published(self) -> bool:
        return self.review_state == ReviewState.PUBLISHED

    def natural_key(self):
        return (self.slug,)

    def brief_name(self) -> str:
        """The brief form's ``name``: the record's human label, always a string."""
        return self.name


class AliasManager(models.Manager):
    def get_by_natural_key(self, owner_slug, name):
        return self.get(**{f"{self.model.owner}__slug": owner_slug, "name": name})


class Alias(models.Model):
    """Abstract: another name the sources use for a record (an actor's, a place's).

    A subclass declares its foreign key to the record first (named by ``owner``), then ``name``,
    and ``natural_key = aliases_of("<app>.<model>")``.
    """

    owner = ""

    objects = AliasManager()

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


def aliases_of(owner_label: str):
    """The ``natural_key`` of an alias of ``owner_label``'s records: (the record's slug, the
    alias), serialized after the records it names."""

    def natural_key(self):
        return (getattr(self, self.owner).slug, self.name)

    natural_key.dependencies = [owner_label]
    return natural_key
