"""A release folder: a Frictionless Data Package of the published tables (CSV and JSON Lines),
the source documents' texts, and the changes since the previous release, every file listed in
datapackage.json with its size and SHA-256.

The data files are the same bytes whenever the data is the same: rows in a fixed order, no
timestamps, no database ids. Only datapackage.json and the changelog say when and which version.
"""

import csv
import datetime
import hashlib
import io
import json
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from documents.licences import LICENCE_URLS, Licence

from . import changes
from .tables import Table, text_path
from .versions import parse

DATA = "data"
DESCRIPTOR = "datapackage.json"
CHANGELOG = "CHANGELOG.md"
CHANGES = "changes.json"
# Who publishes the dataset: the project's maintainers as a team, as CITATION.cff names them.
AUTHOR = "Coup allegations API maintainers"
TITLE = "Coup plots and coup allegations, each fact cited to a verbatim span of its source"
PACKAGE_NAME = "coup-allegations"


class ReleaseError(Exception):
    """A release cannot be written or read; the message names the version or file at fault."""


@dataclass
class Frozen:
    """What a written release holds: its files (name, bytes, sha256), citation and changes summary."""

    path: Path
    files: list[tuple[str, int, str]]
    citation: str
    changes: dict


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --- the data files ----------------------------------------------------------------------------


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return str(value)


def csv_bytes(table: Table) -> bytes:
    """RFC 4180 CSV (CRLF between rows, as the Table Dialect's default), a header of the columns."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    names = [column.name for column in table.columns]
    writer.writerow(names)
    writer.writerows([csv_cell(row[name]) for name in names] for row in table.rows)
    return out.getvalue().encode("utf-8")


def jsonl_bytes(table: Table) -> bytes:
    """One JSON object a row, its keys in the columns' order: nulls stay null, lists stay lists."""
    names = [column.name for column in table.columns]
    lines = (
        json.dumps({name: row[name] for name in names}, ensure_ascii=False, separators=(",", ":"))
        for row in table.rows
    )
    return "".join(line + "\n" for line in lines).encode("utf-8")


# --- the descriptor ----------------------------------------------------------------------------


def file_facts(data: bytes) -> dict:
    return {"bytes": len(data), "hash": f"sha256:{sha256(data)}"}


def licence_of(licence: str) -> dict:
    return {"name": licence, "path": LICENCE_URLS[licence], "title": Licence(licence).label}


def terms(document: dict) -> str:
    licence = (
        Licence(document["licence"]).label if document["licence"] else "licence not stated by the source"
    )
    return f"{document['attribution'] or 'no attribution given'}; {licence}"


def sources(documents: list[dict]) -> list[dict]:
    """Each source document, whom to credit and its licence (none where the source states none)."""
    found = []
    for document in documents:
        source = {"title": document["title"]}
        if document["url"]:
            source["path"] = document["url"]
        source["attribution"] = document["attribution"]
        source["license"] = document["licence"] or None
        found.append(source)
    return found


def recommended_citation(version: str, created: datetime.datetime, documents: list[dict]) -> str:
    credited = "; ".join(f"“{document['title']}” ({terms(document)})" for document in documents)
    return (
        f"{AUTHOR} ({created.year}). {TITLE}. Data release {version}, {created.date().isoformat()} "
        f"[Data set]. Sources: {credited}. Check each file against the SHA-256 that the release's "
        f"{DESCRIPTOR} records for it."
    )


def descriptor(
    version: str,
    created: datetime.datetime,
    generation: str | None,
    documents: list[dict],
    resources: list[dict],
    citation: str,
    previous: str | None,
) -> bytes:
    licences = sorted({document["licence"] for document in documents if document["licence"]})
    package = {
        "$schema": "https://datapackage.org/profiles/2.0/datapackage.json",
        "name": PACKAGE_NAME,
        "title": TITLE,
        "description": "The published records of the coup allegations API: conflicts, their sides "
        "(combatants, commanders), events, reactions and demands, the actors and places they name, and "
        "the source documents with every citation, a (document, start, end) span of a document's text. "
        "Relations are keys: a slug, or a citation's `document[start:end]`. Drafts are never part of it.",
        "version": version,
        "created": created.isoformat().replace("+00:00", "Z"),
        "data_generation": generation,
        "previous_version": previous,
        "citation": citation,
        "contributors": [{"title": AUTHOR, "roles": ["publisher"]}],
        "licenses": [licence_of(licence) for licence in licences],
        "sources": sources(documents),
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def table_resources(table: Table, csv_data: bytes, jsonl_data: bytes) -> list[dict]:
    schema = table.schema()
    common = {"type": "table", "description": table.description, "encoding": "utf-8"}
    return [
        {
            "name": table.name,
            "path": f"{DATA}/{table.name}.csv",
            "format": "csv",
            "mediatype": "text/csv",
            **common,
            **file_facts(csv_data),
            "schema": schema,
        },
        {
            "name": f"{table.name}-jsonl",
            "path": f"{DATA}/{table.name}.jsonl",
            "format": "jsonl",
            "mediatype": "application/jsonl",
            **common,
            **file_facts(jsonl_data),
            "schema": schema,
        },
    ]


def text_resource(document: dict, data: bytes) -> dict:
    resource = {
        "name": f"text-{document['slug'].lower()}",
        "title": document["title"],
        "description": "The full text of the document, byte for byte as stored; every citation of it is a "
        "(start, end) span of this text in characters.",
        "path": text_path(document["slug"]),
        "format": "txt",
        "mediatype": "text/plain",
        "encoding": "utf-8",
        **file_facts(data),
        "sources": sources([document]),
    }
    if document["licence"]:
        resource["licenses"] = [licence_of(document["licence"])]
    return resource


# --- writing a release -------------------------------------------------------------------------


class Writer:
    """Writes files into a scratch folder and remembers each one's size and hash."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.files: list[tuple[str, int, str]] = []

    def write(self, name: str, data: bytes) -> bytes:
        path = self.folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        self.files.append((name, len(data), sha256(data)))
        return data


def release_path(root: Path, version: str) -> Path:
    parse(version)  # a version is a folder name only once it is a valid one
    return Path(root) / version


def write(
    root: Path,
    version: str,
    tables: list[Table],
    texts: dict[str, str],
    created: datetime.datetime,
    generation: str | None,
    previous: tuple[str, dict] | None,
) -> Frozen:
    """Write release ``version`` under ``root``, all or nothing: into a scratch folder that is
    renamed into place at the end, so a failed or interrupted release leaves no half of one.

    ``previous``: the previous release's version and its tables (name -> (key, rows)).
    """
    target = release_path(root, version)
    if target.exists():
        raise ReleaseError(f"release {version} exists already ({target.name}); a version is written once")
    Path(root).mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=root))
    try:
        frozen = _write_into(scratch, version, tables, texts, created, generation, previous)
        try:
            os.rename(scratch, target)  # atomic; refuses a target another process made meanwhile
        except OSError as error:
            raise ReleaseError(f"release {version} exists already; a version is written once") from error
    except BaseException:
        shutil.rmtree(scratch, ignore_errors=True)
        raise
    frozen.path = target
    return frozen


def _write_into(scratch, version, tables, texts, created, generation, previous) -> Frozen:
    writer = Writer(scratch)
    resources = []
    for table in tables:
        csv_data = writer.write(f"{DATA}/{table.name}.csv", csv_bytes(table))
        jsonl_data = writer.write(f"{DATA}/{table.name}.jsonl", jsonl_bytes(table))
        resources += table_resources(table, csv_data, jsonl_data)
    documents = next(table for table in tables if table.name == "documents").rows
    for document in documents:
        data = writer.write(text_path(document["slug"]), texts[document["slug"]].encode("utf-8"))
        resources.append(text_resource(document, data))
    previous_version, previous_tables = previous or (None, {})
    current = {table.name: (table.primary_key, table.rows) for table in tables}
    found = changes.compare(previous_tables, current)
    for name, data, mediatype, what in [
        (CHANGELOG, changes.changelog(version, previous_version, found), "text/markdown", "for a reader"),
        (CHANGES, changes.changes_json(version, previous_version, found), "application/json", "as data"),
    ]:
        writer.write(name, data)
        resources.append(
            {
                "name": name.lower().replace(".", "-"),
                "path": name,
                "description": f"What changed since the previous release, row by row, {what}.",
                "format": name.rpartition(".")[2],
                "mediatype": mediatype,
                "encoding": "utf-8",
                **file_facts(data),
            }
        )
    citation = recommended_citation(version, created, documents)
    writer.write(
        DESCRIPTOR, descriptor(version, created, generation, documents, resources, citation, previous_version)
    )
    return Frozen(scratch, sorted(writer.files), citation, changes.summary(found))
