"""Freeze the published data as a numbered, checksummed Data Package researchers can cite."""

import datetime
import shutil

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from project.api import etags
from project.management.backups import snapshot
from project.releases import loading
from project.releases.models import Release, ReleaseFile
from project.releases.package import ReleaseError, release_path, write
from project.releases.tables import published
from project.releases.versions import VersionError, parse

# A snapshot read while the public data generation changed is read again, this many times at most.
ATTEMPTS = 3


class Command(BaseCommand):
    help = (
        "Write release VERSION (MAJOR.MINOR.PATCH) of the published data into RELEASES_ROOT/VERSION: "
        "a Frictionless Data Package with a CSV and a JSON Lines file per table, the source documents' "
        "texts, the changes since the previous release (CHANGELOG.md, changes.json) and datapackage.json "
        "listing every file's size and SHA-256. Drafts are never part of it. A version is written once."
    )

    def add_arguments(self, parser):
        parser.add_argument("version", help="The release's version, MAJOR.MINOR.PATCH (e.g. 1.0.0).")

    def handle(self, *args, version: str, **options):
        try:
            major, minor, patch = parse(version)
        except VersionError as error:
            raise CommandError(str(error)) from error
        root = settings.RELEASES_ROOT
        if Release.objects.filter(version=version).exists() or release_path(root, version).exists():
            raise CommandError(f"release {version} exists already; a version is written once: choose another")
        previous = self.previous((major, minor, patch))
        tables, texts, generation = self.read()
        created = datetime.datetime.now(tz=datetime.UTC).replace(microsecond=0)
        try:
            frozen = write(root, version, tables, texts, created, generation, previous)
        except ReleaseError as error:
            raise CommandError(str(error)) from error
        try:
            self.register(frozen, version, (major, minor, patch), created, previous)
        except BaseException:
            # No folder without its row: the version would be taken, yet no release served.
            shutil.rmtree(frozen.path, ignore_errors=True)
            raise
        self.stdout.write(
            self.style.SUCCESS(f"wrote release {version}: {len(frozen.files)} file(s) in {frozen.path}")
        )

    @transaction.atomic
    def register(self, frozen, version: str, number: tuple[int, int, int], created, previous) -> None:
        """The release's row and its files' rows, which the API serves; the folder is written first."""
        major, minor, patch = number
        release = Release.objects.create(
            version=version, major=major, minor=minor, patch=patch, created=created,
            previous=previous[0] if previous else "", citation=frozen.citation, changes=frozen.changes,
        )  # fmt: skip
        ReleaseFile.objects.bulk_create(
            ReleaseFile(release=release, name=name, bytes=size, sha256=digest)
            for name, size, digest in frozen.files
        )

    def previous(self, number: tuple[int, int, int]) -> tuple[str, dict] | None:
        """The release just below ``number`` and its tables, read back and checked."""
        below = [
            release
            for release in Release.objects.all()
            if (release.major, release.minor, release.patch) < number
        ]
        if not below:
            return None
        version = below[0].version  # ordered by version, highest first
        folder = release_path(settings.RELEASES_ROOT, version)
        try:
            return version, loading.read_tables(folder, loading.verify(folder))
        except ReleaseError as error:
            raise CommandError(
                f"the previous release {version} cannot be read to list what changed: {error}"
            ) from error

    def read(self):
        """The published tables, texts and the public data generation they are, read in one snapshot.

        The generation (the token the API's ETags are made of) is read before and after: if it
        changed, a write came in between and the snapshot is read again.
        """
        for _ in range(ATTEMPTS):
            before = etags.generation()
            with snapshot():
                tables, texts = published()
            if before == etags.generation():
                return tables, texts, before
        raise CommandError("the published data kept changing while it was read; try again")
