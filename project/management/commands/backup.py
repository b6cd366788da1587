"""Dump the whole dataset as natural-key JSON: no numeric ids, restorable into any empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand

from project.management.backups import dump, write_checksum


class Command(BaseCommand):
    help = (
        "Write every record (documents, citations, actors, places, conflicts, roles, events, reactions, "
        "demands, aliases) as natural-key JSON in a fixed order, review states and versions included, "
        "read in one consistent snapshot while writes go on, and its SHA-256 beside it (<path>.sha256) "
        "for `restore` to verify. History is an audit trail and is not part of it."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "path",
            type=Path,
            help="Where to write the dump ('-' for standard output, with no checksum file).",
        )

    def handle(self, *args, path: Path, **options):
        text, rows = dump()
        if str(path) == "-":
            self.stdout.write(text, ending="")
            return
        data = text.encode("utf-8")
        path.write_bytes(data)
        checksum = write_checksum(path, data)
        self.stdout.write(self.style.SUCCESS(f"wrote {rows} row(s) to {path}, and its SHA-256 to {checksum}"))
