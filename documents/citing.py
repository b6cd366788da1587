"""Which records cite a citation, read from the models alone (this app names none of them).

A record cites through a many-to-many field to ``Citation`` (an event's ``citations``, an actor's
``description_citations``). A citation is public when a published record cites it: one that only
drafts cite is unreviewed work, invisible to anonymous readers as the drafts are.
"""

import functools
from typing import NamedTuple

from django.db.models import Exists, F, OuterRef, Q, Value
from django.urls import NoReverseMatch, reverse

from project.records import relations
from project.records.base import ReviewState

from .models import Citation

PUBLISHED = ReviewState.PUBLISHED


class Citing(NamedTuple):
    """One relation through which records cite: ``model.field``, its table ``through``."""

    type: str  # the record's type as the API names it: the model's name (`event`, `loss`)
    model: type
    through: type
    record: str  # the through table's foreign key to the record


@functools.cache
def citing_relations() -> tuple[Citing, ...]:
    """Every record relation that cites, ordered by type and field."""
    found = []
    for related in Citation._meta.related_objects:
        model = related.related_model
        if related.many_to_many and relations.is_record(model):
            field = related.field
            citing = Citing(model._meta.model_name, model, field.remote_field.through, field.m2m_field_name())
            found.append(((citing.type, field.name), citing))
    return tuple(citing for _, citing in sorted(found, key=lambda item: item[0]))


def types() -> list[str]:
    return sorted({citing.type for citing in citing_relations()})


def _routed(model) -> bool:
    try:
        reverse(f"{model._meta.model_name}-detail", kwargs={"slug": "x"})
    except NoReverseMatch:
        return False
    return True


@functools.cache
def link(citing: Citing) -> tuple[str, str]:
    """The route of a citing record's URL and the path to the slug it takes. A record without an
    endpoint of its own (a loss) links to the record that shows it (its conflict)."""
    if _routed(citing.model):
        return f"{citing.type}-detail", f"{citing.record}__slug"
    shown_in = next(
        f
        for f in citing.model._meta.concrete_fields
        if f.many_to_one and relations.is_record(f.related_model) and _routed(f.related_model)
    )
    return f"{shown_in.related_model._meta.model_name}-detail", f"{citing.record}__{shown_in.name}__slug"


def publicly_cited() -> Q:
    """Citations a published record cites (an EXISTS per relation, each an index lookup)."""
    condition = Q()
    for citing in citing_relations():
        rows = citing.through.objects.filter(
            citation_id=OuterRef("pk"), **{f"{citing.record}__review_state": PUBLISHED}
        )
        condition |= Q(Exists(rows))
    return condition


def citing_records(citation_ids: list[int], drafts_of) -> dict[int, list[tuple[str, str, str, str]]]:
    """``{citation id: [(type, slug, route name, slug for the route), ...]}``: the records citing
    each of ``citation_ids``, ordered by type and slug, read in one query (a UNION ALL over the
    relations), so a page costs the same whatever its size.

    ``drafts_of(model)`` says whether the caller may see that model's drafts; the others are
    left out, so a published citation never names a draft to someone who may not see it.
    """
    found: dict[int, list] = {pk: [] for pk in citation_ids}
    if not citation_ids:
        return found
    parts = []
    for index, citing in enumerate(citing_relations()):
        rows = citing.through.objects.filter(citation_id__in=citation_ids)
        if not drafts_of(citing.model):
            rows = rows.filter(**{f"{citing.record}__review_state": PUBLISHED})
        parts.append(
            rows.order_by()
            .annotate(c=F("citation_id"), k=Value(index), s=F(f"{citing.record}__slug"), r=F(link(citing)[1]))
            .values_list("c", "k", "s", "r")
        )
    relations_ = citing_relations()
    for citation_id, index, slug, linked in parts[0].union(*parts[1:], all=True):
        citing = relations_[index]
        found[citation_id].append((citing.type, slug, link(citing)[0], linked))
    for rows in found.values():
        rows.sort(key=lambda row: (row[0], row[1]))
    return found
