"""Releases: frozen, numbered, checksummed copies of the published data, and their files."""

from django.db import models


class Release(models.Model):
    """A data release as ``manage.py release`` froze it: what to cite and the files to fetch.

    Written once by the command, with the folder it describes (``RELEASES_ROOT/<version>``), and
    never changed: a version names the same bytes for good. ``major``, ``minor`` and ``patch``
    order releases by version.
    """

    version = models.CharField(max_length=32, unique=True, help_text="MAJOR.MINOR.PATCH.")
    major = models.PositiveIntegerField(editable=False)
    minor = models.PositiveIntegerField(editable=False)
    patch = models.PositiveIntegerField(editable=False)
    created = models.DateTimeField(help_text="When the release was frozen.")
    previous = models.CharField(
        max_length=32,
        blank=True,
        help_text="The release its changes are counted against; empty for the first.",
    )
    citation = models.TextField(help_text="The recommended citation of this release.")
    changes = models.JSONField(
        default=dict,
        help_text="Per table, how many rows were added, changed and removed since the previous release.",
    )

    class Meta:
        ordering = ["-major", "-minor", "-patch"]
        constraints = [
            models.UniqueConstraint(fields=["major", "minor", "patch"], name="release_one_version"),
        ]

    def __str__(self):
        return self.version


class ReleaseFile(models.Model):
    """One file of a release, with the size and SHA-256 that datapackage.json records for it."""

    release = models.ForeignKey(Release, on_delete=models.CASCADE, related_name="files")
    name = models.CharField(max_length=300, help_text="Path inside the release, e.g. `data/events.csv`.")
    bytes = models.PositiveBigIntegerField(help_text="Size in bytes.")
    sha256 = models.CharField(max_length=64, help_text="SHA-256 of the file's bytes, hexadecimal.")

    class Meta:
        ordering = ["release", "name"]
        constraints = [models.UniqueConstraint(fields=["release", "name"], name="releasefile_unique_name")]

    def __str__(self):
        return f"{self.release.version}/{self.name}"
