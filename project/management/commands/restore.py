"""Restore a `backup` dump into an empty database, in one transaction."""

from pathlib import Path

from django.core import serializers
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from project.management.backups import occupied, verify_checksum
from project.pipeline.seeding import add_missing


class Command(BaseCommand):
    help = (
        "Load a dump written by `backup` into a database that holds no records yet. The dump's SHA-256 "
        "must match the checksum file `backup` wrote beside it; every row is validated as the models "
        "validate it (choices, ranges, dates, quotes) and no published record may refer to a draft. One "
        "transaction: a dump with one bad row restores nothing, and the error names the row. Each "
        "restored row gets a history entry 'restored from backup'."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="A dump written by `manage.py backup`.")
        parser.add_argument(
            "--without-checksum",
            action="store_true",
            help="Restore a dump that has no checksum file (one written to standard output, say).",
        )

    def handle(self, *args, path: Path, without_checksum: bool = False, **options):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        if not without_checksum:
            problem = verify_checksum(path, path.read_bytes())
            if problem:
                raise CommandError(
                    f"{path}: {problem}; nothing was written. (--without-checksum restores a dump "
                    "written without one, once you trust it.)"
                )
        holding = occupied()
        if holding:
            raise CommandError(
                "restore needs an empty database; this one has rows in " + ", ".join(holding) + ". "
                "Restore into a new database (DATABASE_URL) instead."
            )
        try:
            with transaction.atomic():
                added, _ = add_missing([path], "restored from backup", keep_deleted_out=False)
        except (DatabaseError, ValidationError, serializers.base.DeserializationError, ValueError) as error:
            message = " ".join(error.messages) if isinstance(error, ValidationError) else str(error)
            raise CommandError(f"{path}: cannot be restored, nothing was written: {message}") from error
        self.stdout.write(self.style.SUCCESS(f"restored {added} row(s) from {path}"))
