"""Replace a cited document's text, placing every citation's quote in the new text again."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from documents.management.text_file import read_document_text
from documents.models import Document
from documents.reanchor import ReanchorError, plan, replace_text


class Command(BaseCommand):
    help = (
        "Replace a document's text with a file's (UTF-8, stored byte for byte) and move every citation "
        "to where its quote is in the new text. Refuses, changing nothing, when a quote is gone or "
        "cannot be told apart from another occurrence; the message names each such quote."
    )

    def add_arguments(self, parser):
        parser.add_argument("document", help="The document's slug.")
        parser.add_argument("path", type=Path, help="The new text (UTF-8).")
        parser.add_argument("--body-start", type=int, help="Start of the document proper in the new text.")
        parser.add_argument("--body-end", type=int, help="End of the document proper in the new text.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Report where each quote would go; write nothing."
        )

    def handle(self, *args, document: str, path: Path, **options):
        try:
            doc = Document.objects.get(slug=document)
        except Document.DoesNotExist as error:
            raise CommandError(f"no document with slug {document!r}") from error
        new_text = read_document_text(path)
        if not new_text.strip():
            raise CommandError(f"{path}: empty; a document needs its text")
        try:
            if options["dry_run"]:
                moves = plan(doc, new_text)
            else:
                moves = replace_text(doc, new_text, options["body_start"], options["body_end"])
        except ReanchorError as error:
            raise CommandError(str(error)) from error
        if options["dry_run"]:
            for move in moves:
                self.stdout.write(
                    f"  [{move.citation.start}:{move.citation.end}] -> [{move.start}:{move.end}] "
                    f"{move.citation.quote[:60]!r}"
                )
        verb = "would move" if options["dry_run"] else "moved"
        self.stdout.write(
            self.style.SUCCESS(f"{doc.slug}: {verb} {len(moves)} citation(s) into the new text.")
        )
