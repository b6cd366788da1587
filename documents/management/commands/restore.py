"""Restore a `backup` dump into an empty database, in one transaction."""

from pathlib import Path

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from documents.build import FIXTURE_MODELS
from documents.seeding import add_missing


class Command(BaseCommand):
    help = (
        "Load a dump written by `backup` into a database that holds no records yet. One transaction: "
        "a dump with one bad row restores nothing. Each restored row gets a history entry "
        "'restored from backup'."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A dump written by `manage.py backup`.")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        occupied = [model._meta.label for model in FIXTURE_MODELS if model.objects.exists()]
        if occupied:
            raise CommandError(
                "restore needs an empty database; this one has rows in " + ", ".join(occupied) + ". "
                "Restore into a new database (DATABASE_URL) instead."
            )
        try:
            with transaction.atomic():
                added, _ = add_missing([path], "restored from backup", keep_deleted_out=False)
        except (DatabaseError, ValidationError, serializers.base.DeserializationError, ValueError) as error:
            raise CommandError(f"{path}: cannot be restored, nothing was written: {error}") from error
        self.stdout.write(self.style.SUCCESS(f"restored {added} row(s) from {path}"))
