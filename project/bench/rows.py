"""The floor's pieces of a row: brief forms, record and date fields, citations and nested lists,
read with ``values()`` and shaped exactly as the API's serializers shape them, and CSV cells."""

import csv
import io
from collections import defaultdict

from django.http import HttpResponse

from project.api.renderers import neutralise

PUBLISHED = "published"
# The statement a claim rests on, in brief: its name is its summary, or its quote.
ALLEGED_IN = ["alleged_in__slug", "alleged_in__summary", "alleged_in__quote"]
DATED = ["date", "date_earliest", "date_latest", "date_basis"]
RECORD = ["curator_note", "review_state", "version", "created", "updated"]


class Links:
    """Absolute detail URLs: one prefix per resource, as the API's brief forms build them."""

    def __init__(self, request):
        self.root = request.build_absolute_uri("/api/v1/")

    def brief(self, resource: str, slug, name) -> dict | None:
        if slug is None:
            return None
        return {"slug": slug, "name": name, "url": f"{self.root}{resource}/{slug}/"}


def moment(value) -> str:
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def day(value) -> str | None:
    return None if value is None else value.isoformat()


def record_fields(row: dict) -> dict:
    return {
        "curator_note": row["curator_note"],
        "review_state": row["review_state"],
        "version": row["version"],
        "created": moment(row["created"]),
        "updated": moment(row["updated"]),
    }


def alleged_in(links: Links, row: dict) -> dict | None:
    name = row["alleged_in__summary"] or row["alleged_in__quote"]
    return links.brief("reactions", row["alleged_in__slug"], name)


def dated(row: dict) -> dict:
    return {
        "date": row["date"],
        "date_earliest": day(row["date_earliest"]),
        "date_latest": day(row["date_latest"]),
        "date_basis": row["date_basis"],
    }


def citations(links: Links, model, owner: str, ids) -> dict:
    """owner id -> its citations, ordered as the API orders them."""
    through = model.citations.through
    found = defaultdict(list)
    rows = (
        through.objects.filter(**{f"{owner}_id__in": ids})
        .order_by("citation__document__slug", "citation__start", "citation__end")
        .values_list(
            f"{owner}_id",
            "citation__document__slug",
            "citation__document__title",
            "citation__start",
            "citation__end",
            "citation__quote",
        )
    )
    for owner_id, slug, title, start, end, quote in rows:
        found[owner_id].append(
            {"document": links.brief("documents", slug, title), "start": start, "end": end, "quote": quote}
        )
    return found


def related_briefs(
    links: Links, through, owner: str, target: str, resource: str, ids, published=False
) -> dict:
    """owner id -> brief forms of a many-to-many relation's targets, by slug."""
    rows = through.objects.filter(**{f"{owner}_id__in": ids})
    if published:
        rows = rows.filter(**{f"{target}__review_state": PUBLISHED})
    found = defaultdict(list)
    for owner_id, slug, name in rows.order_by(f"{target}__slug").values_list(
        f"{owner}_id", f"{target}__slug", f"{target}__name"
    ):
        found[owner_id].append(links.brief(resource, slug, name))
    return found


def cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return (
            value["slug"]
            if "slug" in value
            else f"{value['document']['slug']}[{value['start']}:{value['end']}]"
        )
    if isinstance(value, list):
        return ";".join(cell(item) for item in value)
    return str(value)


def csv_page(results: list) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(results[0].keys() if results else [])
    writer.writerows([neutralise(cell(value)) for value in result.values()] for result in results)
    return HttpResponse(out.getvalue().encode(), content_type="text/csv; charset=utf-8")
