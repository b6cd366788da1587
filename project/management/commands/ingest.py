"""Ingest a source document: store it and every fact its parser extracts, with citations."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.management.text_file import read_document_text
from documents.models import Document
from project.pipeline.ingest import PARSERS, IngestError, ingest

KIND_ALIASES = {
    "article": Document.Kind.ENCYCLOPEDIA_ARTICLE,
    "statement": Document.Kind.JOINT_STATEMENT,
    "news": Document.Kind.NEWS_REPORT,
    "release": Document.Kind.PRESS_RELEASE,
}


class Command(BaseCommand):
    help = (
        "Store a document (UTF-8 text) and everything its parser extracts, in one transaction, and "
        "propose a draft event for every dated sentence of its prose. Re-ingesting the same text "
        "changes nothing; actors and places are reused by name or alias."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The document's text file (UTF-8).")
        parser.add_argument(
            "--kind",
            required=True,
            choices=[*KIND_ALIASES, *PARSERS],
            help="article, statement, news (a news report) or release (a press release)",
        )
        parser.add_argument("--slug", default="", help="The document's slug (default: from its title).")
        parser.add_argument(
            "--title", default="", help="The title (default: the article's, or a description)."
        )
        parser.add_argument("--publisher", default="", help="Who published it, e.g. a news site.")
        parser.add_argument("--url", default="", help="Where it was published.")
        parser.add_argument(
            "--date", default="", help="Publication date as EDTF, e.g. 2024-09-20 or 2024-09."
        )
        parser.add_argument(
            "--conflict", default="", help="Slug of the conflict a statement, report or release is about."
        )

    def handle(self, *args, path: Path, kind: str, **options):
        text = read_document_text(path)
        try:
            result = ingest(
                text,
                KIND_ALIASES.get(kind, kind),
                slug=options["slug"],
                title=options["title"],
                publisher=options["publisher"],
                url=options["url"],
                date=options["date"],
                conflict=options["conflict"],
            )
        except IngestError as error:
            raise CommandError(f"{path}: {error}; nothing was written") from error
        document = result.document
        if not result.created:
            self.stdout.write(f"{path}: already stored as document {document.slug!r}; nothing changed.")
            return
        summary = ", ".join(f"{n} {what}" for what, n in sorted(result.counts.items())) or "no facts"
        self.stdout.write(self.style.SUCCESS(f"{path}: stored document {document.slug!r} with {summary}."))
        for warning in result.warnings:
            self.stderr.write(f"warning: {warning}")
