"""Score ingest on a corpus of invented documents with answer keys (tests/ingest_corpus)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from project.pipeline.scoring import score_corpus, table

CORPUS = Path(__file__).resolve().parents[3] / "tests" / "ingest_corpus"


class Command(BaseCommand):
    help = (
        "Ingest each document of a corpus (its .txt and answer key .yaml) in a rolled-back "
        "transaction and print recall, precision, date, attribution and actor-link accuracy per set "
        "as a Markdown table. Run it on an empty database: stored actors change what ingest links."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "folders", nargs="*", type=Path, help="Corpus folders (default: the dev and held_out sets)."
        )
        parser.add_argument("--misses", action="store_true", help="List every miss after the table.")

    def handle(self, *args, folders, misses, **options):
        folders = folders or [CORPUS / "dev", CORPUS / "held_out"]
        tallies = {}
        for folder in folders:
            if not folder.is_dir() or not any(folder.glob("*.yaml")):
                raise CommandError(f"{folder}: no answer keys (*.yaml) there")
            total, _ = score_corpus(folder)
            tallies[f"{folder.name} ({len(list(folder.glob('*.yaml')))} documents)"] = total
        self.stdout.write(table(tallies))
        if misses:
            for name, tally in tallies.items():
                self.stdout.write(f"\n{name}:")
                for miss in tally.misses:
                    self.stdout.write(f"  {miss}")
