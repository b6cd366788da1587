"""Load a release into an empty database, after checking every file against its checksum."""

import json
import tempfile
from pathlib import Path

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from project.management.backups import occupied
from project.pipeline.seeding import add_missing
from project.releases.loading import fixture_rows, verify
from project.releases.package import ReleaseError


class Command(BaseCommand):
    help = (
        "Check every file of a release folder against the size and SHA-256 its datapackage.json "
        "records (a changed file is refused, by name), then load its tables into a database that holds "
        "no records yet, in one transaction: every row published, validated as the models validate it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A release folder (the one holding datapackage.json).")

    def handle(self, *args, path: Path, **options):
        try:
            package = verify(path)
        except ReleaseError as error:
            raise CommandError(f"{path}: {error}; nothing was loaded") from error
        holding = occupied()
        if holding:
            raise CommandError(
                "load_release needs an empty database; this one has rows in " + ", ".join(holding) + "."
            )
        try:
            rows = fixture_rows(path, package)
            with tempfile.TemporaryDirectory() as scratch:
                fixture = Path(scratch) / "release.json"
                fixture.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
                with transaction.atomic():
                    added, _ = add_missing(
                        [fixture], f"loaded from release {package.get('version')}", keep_deleted_out=False
                    )
        except (
            ReleaseError,
            DatabaseError,
            ValidationError,
            serializers.base.DeserializationError,
            ValueError,
            KeyError,
        ) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"{path}: cannot be loaded, nothing was written: {message}") from error
        self.stdout.write(self.style.SUCCESS(f"loaded {added} row(s) of release {package.get('version')}"))
