"""What changed since the previous release, row by row: made by comparing the two releases'
frozen tables, not the history, so it holds whatever wrote the rows (the admin, the API, a
restore, a bulk load) and can be checked by anyone holding both releases."""

import json


def row_key(row: dict, primary_key: list[str]):
    """A row's key: its one key column's value, or the list of a composite key's values."""
    values = [row[name] for name in primary_key]
    return values[0] if len(values) == 1 else values


def compare(
    previous: dict[str, tuple[list[str], list[dict]]], current: dict[str, tuple[list[str], list[dict]]]
):
    """Per table (name -> (primary key, rows)), the keys added and removed and the changed rows
    with the columns that changed; tables with no change are left out."""
    found = {}
    for name in sorted(set(previous) | set(current)):
        primary_key = (current.get(name) or previous[name])[0]
        before = {json.dumps(row_key(r, primary_key)): r for r in previous.get(name, ([], []))[1]}
        after = {json.dumps(row_key(r, primary_key)): r for r in current.get(name, ([], []))[1]}
        changed = []
        for key in sorted(before.keys() & after.keys()):
            old, new = before[key], after[key]
            columns = [column for column in {**old, **new} if old.get(column) != new.get(column)]
            if columns:
                changed.append({"key": json.loads(key), "fields": columns})
        entry = {
            "added": [json.loads(key) for key in sorted(after.keys() - before.keys())],
            "changed": changed,
            "removed": [json.loads(key) for key in sorted(before.keys() - after.keys())],
        }
        if any(entry.values()):
            found[name] = entry
    return found


def summary(tables: dict) -> dict:
    """How many rows each table added, changed and removed."""
    return {name: {kind: len(rows) for kind, rows in entry.items()} for name, entry in tables.items()}


def changes_json(version: str, previous: str | None, tables: dict) -> bytes:
    document = {"version": version, "previous": previous, "summary": summary(tables), "tables": tables}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _shown(key) -> str:
    return "`" + (" / ".join(str(part) for part in key) if isinstance(key, list) else str(key)) + "`"


def changelog(version: str, previous: str | None, tables: dict) -> bytes:
    """CHANGELOG.md: the same as changes.json, for a reader."""
    lines = [f"# Release {version}: what changed", ""]
    if previous is None:
        lines += ["The first release: every row is new.", ""]
    else:
        lines += [f"Compared with release {previous}, table by table and row by row.", ""]
        if not tables:
            lines += ["No row was added, changed or removed.", ""]
    for name, entry in tables.items():
        lines += [f"## {name}", ""]
        lines += [f"- added {_shown(key)}" for key in entry["added"]]
        lines += [f"- changed {_shown(row['key'])}: {', '.join(row['fields'])}" for row in entry["changed"]]
        lines += [f"- removed {_shown(key)}" for key in entry["removed"]]
        lines.append("")
    return ("\n".join(lines).rstrip("\n") + "\n").encode("utf-8")
