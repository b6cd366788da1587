"""Build fixtures/seed.json from the seed documents and the curated layer, deterministically."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from project.pipeline.build import CURATED, BuildError, build

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "seed.json"


class Command(BaseCommand):
    help = (
        "Ingest the seed documents, apply documents/seeds/curated.yaml and write fixtures/seed.json. "
        "The build runs in a scratch SQLite database, so your own database is never touched. "
        "With --check, write nothing and exit non-zero when the committed fixture is stale."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if the fixture file is out of date.")
        parser.add_argument(
            "--output", type=Path, default=FIXTURE, help="Where to write (default: %(default)s)."
        )
        parser.add_argument("--curated", type=Path, default=CURATED, help="The curated YAML file.")
        # Internal: this process was started on a scratch database; migrate it and build here.
        parser.add_argument("--in-scratch-database", action="store_true", help="(internal)")

    def handle(self, *args, check: bool, output: Path, curated: Path, in_scratch_database: bool, **options):
        if in_scratch_database:
            call_command("migrate", verbosity=0, interactive=False)
            try:
                text, warnings = build(curated)
            except BuildError as error:
                raise CommandError(str(error)) from error
            output.write_text(text, encoding="utf-8")
            for warning in warnings:
                self.stderr.write(f"warning: {warning}")
            return

        text = self.build_in_scratch_database(curated)
        if check:
            current = output.read_text(encoding="utf-8") if output.exists() else ""
            if current != text:
                raise CommandError(
                    f"{output.name} is stale: it differs from what the seed documents and "
                    f"{curated.name} build. Run `python manage.py build_fixtures` and commit the result."
                )
            self.stdout.write(f"{output.name} is up to date.")
            return
        output.parent.mkdir(parents=True, exist_ok=True)
        output.write_text(text, encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"wrote {output} ({len(text.encode())} bytes)"))

    def build_in_scratch_database(self, curated: Path) -> str:
        with tempfile.TemporaryDirectory() as scratch:
            result_path = Path(scratch) / "seed.json"
            env = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{Path(scratch) / 'build.sqlite3'}",
                "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "project.settings"),
            }
            process = subprocess.run(
                [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "build_fixtures",
                 "--in-scratch-database", "--output", str(result_path), "--curated", str(curated)],
                env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            if process.stderr:
                self.stderr.write(process.stderr.rstrip())
            if process.returncode != 0:
                raise CommandError("the fixture build failed (see above)")
            return result_path.read_text(encoding="utf-8")
