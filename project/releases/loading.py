"""Reading a release back: every file checked against datapackage.json, then its tables as the
natural-key rows a database load takes (``project.pipeline.seeding``)."""

import hashlib
import json
from pathlib import Path

from documents.models import Citation

from .package import DESCRIPTOR, ReleaseError
from .tables import Table, tables


def descriptor_of(folder: Path) -> dict:
    path = Path(folder) / DESCRIPTOR
    if not path.is_file():
        raise ReleaseError(f"{folder}: no {DESCRIPTOR} in it; is it a release folder?")
    try:
        package = json.loads(path.read_bytes())
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ReleaseError(f"{DESCRIPTOR}: not valid JSON: {error}") from error
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise ReleaseError(f"{DESCRIPTOR}: no list of resources")
    return package


def inside(folder: Path, name) -> Path:
    """The file ``name`` of the release, refusing a path that leaves the folder."""
    if not isinstance(name, str) or not name or name.startswith("/") or ".." in Path(name).parts:
        raise ReleaseError(f"{DESCRIPTOR} names a file outside the release: {name!r}")
    return Path(folder) / name


def verify(folder: Path) -> dict:
    """The release's descriptor, once every file it lists has its recorded size and SHA-256.

    A missing or changed file is refused by name: a release is only what its descriptor says.
    """
    package = descriptor_of(folder)
    for resource in package["resources"]:
        name = resource.get("path") if isinstance(resource, dict) else None
        path = inside(folder, name)
        if not path.is_file():
            raise ReleaseError(f"{name}: listed in {DESCRIPTOR} but missing")
        data = path.read_bytes()
        expected = str(resource.get("hash", ""))
        if len(data) != resource.get("bytes") or expected != f"sha256:{hashlib.sha256(data).hexdigest()}":
            raise ReleaseError(
                f"{name}: its size or SHA-256 is not the one {DESCRIPTOR} records; the file changed "
                "since the release was made"
            )
    return package


def read_tables(folder: Path, package: dict) -> dict[str, tuple[list[str], list[dict]]]:
    """The release's tables from their JSON Lines files: name -> (primary key, rows)."""
    found = {}
    for resource in package["resources"]:
        if resource.get("format") != "jsonl":
            continue
        name = resource["name"].removesuffix("-jsonl")
        # Split on LF only: str.splitlines() would also split at U+2028 inside a JSON string.
        lines = inside(folder, resource["path"]).read_text(encoding="utf-8").split("\n")
        found[name] = (resource["schema"]["primaryKey"], [json.loads(line) for line in lines if line])
    return found


# --- the tables as fixture rows ---------------------------------------------------------------


def citation_key(citations: dict[str, dict], key: str) -> list:
    row = citations[key]
    return [row["document"], row["start"], row["end"]]


def fixture_rows(folder: Path, package: dict) -> list[dict]:
    """Every row of the release as Django's natural-key serialization writes it, in load order,
    published, stamped with the release's ``created`` time."""
    frozen = read_tables(folder, package)
    layout = tables()
    missing = [table.name for table in layout if table.name not in frozen]
    if missing:
        raise ReleaseError(f"{DESCRIPTOR} lists no JSON Lines file of table(s) {', '.join(missing)}")
    stamp = package.get("created")
    rows_of = {name: rows for name, (_, rows) in frozen.items()}
    citations = {row["id"]: row for row in rows_of["citations"]}
    many = relations(layout, rows_of, citations)
    output = []
    for table in layout:
        if not isinstance(table.model, type):
            continue  # a relation: its pairs went into its owner's rows
        for row in rows_of[table.name]:
            output.append(fixture_row(folder, table, row, many, stamp))
    return output


def relations(layout: list[Table], rows_of: dict, citations: dict) -> dict:
    """(model label, owner slug) -> {field name: [natural keys]} from the relation tables."""
    many: dict = {}
    for table in layout:
        if isinstance(table.model, type):
            continue
        m2m = table.model
        owner_column, target_column = (column.name for column in table.columns)
        label = m2m.model._meta.label_lower
        for row in rows_of[table.name]:
            target = row[target_column]
            key = citation_key(citations, target) if m2m.related_model is Citation else [target]
            many.setdefault((label, row[owner_column]), {}).setdefault(m2m.name, []).append(key)
    return many


def fixture_row(folder: Path, table: Table, row: dict, many: dict, stamp: str) -> dict:
    model = table.model
    fields = {"created": stamp, "updated": stamp}
    for column in table.columns:
        model_field = column.model_field
        if model_field is None:
            continue  # derived by the release (a text's path), not stored
        value = row[column.name]
        fields[column.name] = [value] if model_field.is_relation and value is not None else value
    if "slug" in row:
        fields.update(review_state="published", version=1)
        fields.update(many.get((model._meta.label_lower, row["slug"]), {}))
    if "text_path" in row:
        fields["text"] = inside(folder, row["text_path"]).read_bytes().decode("utf-8")
    return {"model": model._meta.label_lower, "fields": fields}
