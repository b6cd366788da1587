"""Fill the database with deterministic synthetic rows, for measuring the API at scale."""

import time

from django.core.management.base import BaseCommand, CommandError

from project.api import etags
from project.synth import BATCH, synthesize


class Command(BaseCommand):
    help = (
        "Write N synthetic events and, in proportion, conflicts with sides, actors with aliases, "
        "places, reactions with signatories and demands, documents and citations (every quote is "
        "in its document), all published. The same --seed gives the same rows. For measurements "
        "only: never run it against curated data you mean to keep clean."
    )

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, required=True, help="How many events to write.")
        parser.add_argument("--seed", type=int, default=1, help="Seed of the generator (default 1).")
        parser.add_argument("--batch", type=int, default=BATCH, help="Events per transaction.")

    def handle(self, *args, events, seed, batch, **options):
        if events < 1:
            raise CommandError("--events must be at least 1")
        started = time.perf_counter()

        def progress(message):
            self.stdout.write(f"{time.perf_counter() - started:7.1f}s  {message}")

        try:
            written = synthesize(
                events, seed=seed, batch=batch, progress=progress if options["verbosity"] > 1 else None
            )
        except ValueError as error:
            raise CommandError(str(error)) from error
        etags.data_changed()  # bulk_create sends no signals: tags issued before are stale now
        elapsed = time.perf_counter() - started
        rows = sum(written.values())
        self.stdout.write(
            f"Wrote {rows} rows ({events} events) in {elapsed:.1f}s: "
            + ", ".join(f"{model._meta.label_lower} {count}" for model, count in written.items() if count)
        )
