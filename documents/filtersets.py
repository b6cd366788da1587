"""Filters of the documents list, and the citation lookups other apps' filters share."""

import django_filters
from django.db.models import BigIntegerField, Exists, ExpressionWrapper, F, OuterRef, Q
from django.db.models.lookups import In

from documents.licences import Licence
from documents.models import Citation, Document
from project.api.filters import (
    DATED_EXEMPT,
    DATED_ORDERINGS,
    ChoicesFilter,
    DatedFilterSet,
    KeysetOrderingFilter,
    LanguageFilter,
    SearchFilter,
    SharedFilterSet,
    SlugFilter,
)
from project.api.search import text_contains, trigram_rows, unindexed_pk

Q_HELP = "Case-insensitive text search over {}."
DOCUMENT_HELP = "Slug of a document: rows with a citation of it. Repeat for several (any matches)."


def quote_matches(relation: str, text: str) -> Q:
    """Rows with a citation whose quote contains ``text`` (``relation`` is Citation's reverse name).

    On SQLite, with a trigram table to ask, the rows' ids are one set read once, through the
    trigram table, and each row of the list is tested against it (``unindexed_pk``); otherwise a
    subquery per row, which PostgreSQL answers from its trigram index.
    """
    quotes = Citation.objects.filter(text_contains(Citation, "quote", text))
    if trigram_rows(Citation, "quote", text) is not None:
        rows = quotes.filter(**{f"{relation}__isnull": False}).order_by().values(relation)
        return Q(In(unindexed_pk(), rows))
    return Q(Exists(quotes.filter(**{relation: OuterRef("pk")})))


def document_filter() -> SlugFilter:
    return SlugFilter(
        field_name="citations__document", queryset=Document.objects.all(), help_text=DOCUMENT_HELP
    )


class DocumentFilterSet(DatedFilterSet):
    q = SearchFilter(help_text=Q_HELP.format("title and publisher"))
    kind = ChoicesFilter(choices=Document.Kind.choices, help_text="Kind of document.")
    language = LanguageFilter(help_text="BCP 47 language tag, exact (e.g. `en`).")
    licence = ChoicesFilter(
        choices=[(value, label) for value, label in Licence.choices if value],
        help_text="The source's licence (SPDX identifier); documents whose source states none match no value.",
    )
    ordering = KeysetOrderingFilter({"slug": [], "title": ["title"], **DATED_ORDERINGS}, default="slug")

    class Meta:
        model = Document
        fields: list[str] = []
        exempt = {
            **DATED_EXEMPT,
            "title": "searched by q",
            "publisher": "searched by q",
            "url": "a source address, not a category",
            "text": "full text; search inside documents is future work (full-text index)",
            "body_start": "an offset",
            "body_end": "an offset",
            "content_hash": "integrity check",
            "attribution": "whom to credit, as text: not a category",
        }

    def search(self, queryset, name, value):
        return queryset.filter(Q(title__icontains=value) | Q(publisher__icontains=value))


class CitationOrderingFilter(django_filters.ChoiceFilter):
    """Spans in their documents' order: by document (in the order they were stored), then by
    position. The unique span (document, start, end) makes the order total and is the index a
    page at any depth is read from."""

    KEYS = ("sort_document", "start", "end")

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            "`position`: each document's spans from its start (documents in the order they were "
            "stored); `-position` reverses it. Default `position`.",
        )
        kwargs["choices"] = [("position", "position"), ("-position", "-position")]
        super().__init__(**kwargs)

    def filter(self, qs, value):
        descending = value == "-position"
        # The document's id as a plain integer, which the cursor can carry (project.api.pagination).
        qs = qs.annotate(sort_document=ExpressionWrapper(F("document_id"), output_field=BigIntegerField()))
        return qs.order_by(*(f"-{key}" if descending else key for key in self.KEYS))


class CitationFilterSet(SharedFilterSet):
    """Filters of the citations list: by document, by the quote's words, and its order."""

    document = SlugFilter(
        field_name="document",
        queryset=Document.objects.all(),
        help_text="Slug of a document: the spans of it. Repeat for several (any matches).",
    )
    q = SearchFilter(help_text=Q_HELP.format("the quote"))
    ordering = CitationOrderingFilter()

    class Meta:
        model = Citation
        fields: list[str] = []
        exempt = {
            "id": "the detail URL",
            "start": "an offset; spans are listed in the document's order",
            "end": "an offset",
            "quote": "searched by q",
            "created": "internal",
            "updated": "internal",
        }

    def search(self, queryset, name, value):
        # The list's own rows: on SQLite the trigram table's ids are one set, tested per row
        # as the list walks its index in order (project.api.search.text_contains).
        return queryset.filter(text_contains(Citation, "quote", value, seek=False))
