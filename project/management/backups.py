"""Backups an operator can trust on the day they need one: a consistent snapshot, a checksum
written beside it and verified before a restore, and every row validated as the models do."""

import hashlib
from contextlib import contextmanager
from pathlib import Path

from django.db import connections, transaction

from project.pipeline.build import FIXTURE_MODELS, serialize

CHECKSUM_SUFFIX = ".sha256"


@contextmanager
def snapshot(using: str = "default"):
    """Reads inside the block see the database as of one moment, whatever is written meanwhile.

    PostgreSQL: a REPEATABLE READ, READ ONLY transaction. SQLite (in WAL mode): a deferred
    transaction, whose first read fixes the snapshot without taking the write lock (the
    project's SQLite connections otherwise begin IMMEDIATE, which would stop every writer for
    the length of the backup).
    """
    connection = connections[using]
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        mode, connection.transaction_mode = connection.transaction_mode, "DEFERRED"
        try:
            with transaction.atomic(using):
                yield
        finally:
            connection.transaction_mode = mode
        return
    outermost = not connection.in_atomic_block
    with transaction.atomic(using):
        # The isolation level can only be chosen by the statement that opens a transaction. Inside
        # a caller's transaction (a test's, or an operator's script) the snapshot is that one's.
        if connection.vendor == "postgresql" and outermost:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def checksum_path(path: Path) -> Path:
    return path.with_name(path.name + CHECKSUM_SUFFIX)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def write_checksum(path: Path, data: bytes) -> Path:
    """``<dump>.sha256`` beside the dump, in the form ``sha256sum --check`` reads."""
    target = checksum_path(path)
    target.write_text(f"{digest(data)}  {path.name}\n", encoding="ascii")
    return target


def verify_checksum(path: Path, data: bytes) -> str | None:
    """Why ``data`` (read from ``path``) is not the dump its checksum file describes; None if it is."""
    target = checksum_path(path)
    if not target.is_file():
        return f"no checksum file {target.name} beside it (backup writes one)"
    expected = target.read_text(encoding="ascii", errors="replace").split()
    if not expected:
        return f"{target.name} is empty"
    if expected[0].lower() != digest(data):
        return f"its SHA-256 is not the one {target.name} records: the file changed since the backup"
    return None


# --- what a dump holds: the rows of the fixture models, in their order -------------------------


def dump() -> tuple[str, int]:
    """The whole dataset as natural-key JSON, and how many rows it holds, read in one snapshot."""
    with snapshot():
        return serialize(), sum(model.objects.count() for model in FIXTURE_MODELS)


def occupied() -> list[str]:
    """The models that already hold rows (a restore needs none)."""
    return [model._meta.label for model in FIXTURE_MODELS if model.objects.exists()]
