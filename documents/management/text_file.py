"""Reading a document's text from a file for a management command: exact bytes, clear errors."""

from pathlib import Path

from django.core.management.base import CommandError


def read_document_text(path: Path) -> str:
    """The file's text decoded as UTF-8 byte for byte (no newline translation), or a CommandError."""
    try:
        return path.read_bytes().decode("utf-8")
    except FileNotFoundError as error:
        raise CommandError(f"{path}: no such file") from error
    except IsADirectoryError as error:
        raise CommandError(f"{path}: is a directory, not a document") from error
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise CommandError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
