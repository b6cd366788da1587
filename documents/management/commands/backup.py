"""Dump the whole dataset as natural-key JSON: no numeric ids, restorable into any empty database."""

from pathlib import Path

from django.core.management.base import BaseCommand

from documents.build import FIXTURE_MODELS, serialize


class Command(BaseCommand):
    help = (
        "Write every record (documents, citations, actors, places, conflicts, roles, events, reactions, "
        "demands, aliases) as natural-key JSON in a fixed order, review states and versions included. "
        "`restore` loads it into an empty database. History is an audit trail and is not part of it."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="Where to write the dump ('-' for standard output).")

    def handle(self, *args, path: Path, **options):
        text = serialize()
        if str(path) == "-":
            self.stdout.write(text, ending="")
            return
        path.write_text(text, encoding="utf-8")
        rows = sum(model.objects.count() for model in FIXTURE_MODELS)
        self.stdout.write(self.style.SUCCESS(f"wrote {rows} row(s) to {path}"))
