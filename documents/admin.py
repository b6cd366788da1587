"""Admin for source documents and their citations, and the base of every cited fact's admin."""

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path
from simple_history.admin import SimpleHistoryAdmin

from project.records.admin import CuratedAdmin, VersionedForm
from project.records.admin_lists import YearFilter, shorten, shortened, uncertain_date

from .admin_citations import (
    change_url,
    citation_inline_for,
    context_link,
    context_parts,
    document_citations,
    fact_links,
    facts_citing,
)
from .models import Citation, Document, content_hash


class CurationMedia:
    css = {"all": ("documents/curation.css",)}


class CitedAdmin(CuratedAdmin):
    """Admin for a cited fact: its citations are edited inline, by their words, never by id."""

    Media = CurationMedia

    def __init__(self, model, admin_site):
        # One mechanism for every cited fact: the inline backed by the model's through table.
        self.inlines = [citation_inline_for(model), *self.inlines]
        super().__init__(model, admin_site)

    def get_exclude(self, request, obj=None):
        return (*(super().get_exclude(request, obj) or ()), "citations")


# --------------------------------------------------------------------------------------------
# Documents


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n")


class DocumentForm(VersionedForm):
    """The text is stored exactly as given, and never rewritten by a form that did not change it."""

    url = forms.URLField(max_length=1000, required=False, assume_scheme="https")
    text_file = forms.FileField(
        required=False,
        label="Or upload the text",
        help_text="A UTF-8 text file, stored byte for byte. Text typed or pasted in the box is stored "
        "with LF line breaks; upload a file to keep the source's own line endings (CRLF, say).",
    )

    keep_line_endings = ("text",)  # clean_text decides: a file's own endings, a box's as LF

    class Meta:
        model = Document
        # Every field, so that fields added to Document later appear without touching this form.
        fields = "__all__"  # noqa: DJ007

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "text" in self.fields:
            self.fields["text"].strip = False  # leading and trailing whitespace are part of the text
            self.fields["text"].required = False  # the text may come as a file; clean() requires one

    def clean_text(self):
        # A browser sends a text box's line breaks as CRLF (HTML's rule), whatever was pasted: the
        # box's text is stored with LF, as an uploaded file's is stored byte for byte.
        text = _lf(self.cleaned_data.get("text") or "")
        if self.instance.pk is None:
            return text
        stored = self.instance.text
        if text == _lf(stored):
            return stored  # the same text, not an edit
        if Citation.objects.filter(document=self.instance).exists():
            raise forms.ValidationError(
                "Citations point into this text; changing it would make them quote other words."
            )
        return text

    def clean(self):
        data = super().clean()
        upload = data.get("text_file")
        if upload:
            if data.get("text"):
                self.add_error("text_file", "Give the text in the box or as a file, not both.")
            else:
                raw = upload.read()
                try:
                    data["text"] = raw.decode("utf-8")
                except UnicodeDecodeError as error:
                    self.add_error(
                        "text_file", f"The file is not UTF-8 text (byte {error.start} cannot be decoded)."
                    )
                else:
                    if "\x00" in data["text"]:
                        self.add_error("text_file", "The file contains NUL characters; it is not a text.")
        if "text" in self.fields and not data.get("text") and "text" not in self.errors:
            if "text_file" not in self.errors:
                self.add_error("text", "Give the document's text, in the box or as a file.")
            return data
        text = data["text"] if "text" in self.fields else self.instance.text
        if text and not self.errors.get("text") and not self.errors.get("text_file"):
            duplicate = Document.objects.filter(content_hash=content_hash(text)).exclude(pk=self.instance.pk)
            if duplicate.exists():
                field = "text_file" if upload else "text"
                self.add_error(field, f"This text is already stored, as the document “{duplicate.first()}”.")
        body_start, body_end = data.get("body_start"), data.get("body_end")
        end = len(text or "") if body_end is None else body_end
        if body_end is not None and body_end > len(text or ""):
            self.add_error(
                "body_end", f"The text has {len(text or '')} characters; the body cannot end after it."
            )
        elif body_start is not None and body_start > end:
            self.add_error("body_start", "The body cannot start after it ends.")
        return data


@admin.register(Document)
class DocumentAdmin(CuratedAdmin):
    form = DocumentForm
    list_display = ("title", "kind", "publisher", uncertain_date, "cited_spans", "updated")
    list_filter = ("kind", YearFilter, "language")
    date_hierarchy = "date_earliest"
    search_fields = ("title", "slug", "publisher", "url")
    ordering = ("title",)  # explicit: Meta.ordering is dropped from the counting (GROUP BY) query
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    Media = CurationMedia

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(cited_span_count=Count("citations"))

    @admin.display(description="cited spans", ordering="cited_span_count")
    def cited_spans(self, document):
        return document.cited_span_count

    def is_cited(self, document) -> bool:
        if document is None or document.pk is None:
            return False
        if not hasattr(document, "_admin_is_cited"):
            document._admin_is_cited = Citation.objects.filter(document=document).exists()
        return document._admin_is_cited

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            text = ["text", "text_file"]
        elif self.is_cited(obj):
            text = ["text_with_citations"]  # shown highlighted, never an input
        else:
            text = ["text"]
        date = ["date", "date_basis"]
        body = [("body_start", "body_end")]
        derived = ["content_hash", ("date_earliest", "date_latest"), ("created", "updated")]
        placed = {"text", "text_file", "text_with_citations", "date", "date_basis", "body_start", "body_end"}
        placed |= {"content_hash", "date_earliest", "date_latest", "created", "updated", "curator_note"}
        placed |= {"licence", "attribution"}
        # Whatever else the model has (title, kind, url, ...) comes first, in the model's order.
        main = [name for name in self.get_fields(request, obj) if name not in placed]
        return [
            (None, {"fields": main}),
            ("Licence", {"fields": ["licence", "attribution"]}),
            ("Date", {"fields": date}),
            ("Text", {"fields": [*text, *body]}),
            ("Notes", {"fields": ["curator_note"]}),
            ("Derived", {"fields": derived, "classes": ["collapse"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        derived = (
            "text_with_citations",
            "content_hash",
            "date_earliest",
            "date_latest",
            "created",
            "updated",
        )
        return (*super().get_readonly_fields(request, obj), *derived)

    @admin.display(description="Text")
    def text_with_citations(self, document):
        if document is None or document.pk is None:
            return "-"
        return document_citations(document)


# --------------------------------------------------------------------------------------------
# Citations


@admin.register(Citation)
class CitationAdmin(SimpleHistoryAdmin):
    list_display = ("short_quote", "document", "offsets", "in_context")
    list_filter = ("document",)
    list_select_related = ("document",)
    search_fields = ("quote", "document__title")
    autocomplete_fields = ("document",)
    readonly_fields = ("in_context", "cited_by", "created", "updated")
    fields = ("document", "quote", ("start", "end"), "in_context", "cited_by", ("created", "updated"))
    Media = CurationMedia

    short_quote = shortened("quote", "quote", width=100)

    @admin.display(description="offsets", ordering="start")
    def offsets(self, citation):
        return f"[{citation.start}:{citation.end}]"

    @admin.display(description="in context")
    def in_context(self, citation):
        if citation.pk is None:
            return "-"
        return context_link(citation)

    @admin.display(description="cited by")
    def cited_by(self, citation):
        if citation.pk is None:
            return "-"
        return fact_links(facts_citing([citation])[citation.pk])

    def has_change_permission(self, request, obj=None):
        # A citation is a span of a source: it is cited anew, never moved under the facts citing it
        # (two curators moving one would also have no version to tell their saves apart).
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        # Deleting a cited span would silently take it from every fact citing it.
        if obj is not None and any(facts_citing([obj]).get(obj.pk, [])):
            return False
        return super().has_delete_permission(request, obj)

    def get_urls(self):
        context = path(
            "<int:object_id>/context/",
            self.admin_site.admin_view(self.context_view),
            name="documents_citation_context",
        )
        return [context, *super().get_urls()]

    def context_view(self, request, object_id):
        citation = get_object_or_404(Citation.objects.select_related("document"), pk=object_id)
        if not self.has_view_permission(request, citation):
            raise PermissionDenied
        document = citation.document
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"“{shorten(citation.quote, 60)}” in context",
            "subtitle": document.title,
            "citation": citation,
            "document": document,
            "document_url": change_url(document) + f"#span-{citation.pk}",
            "citation_url": change_url(citation),
            "cited_by": fact_links(facts_citing([citation])[citation.pk]),
            **context_parts(citation),
        }
        return TemplateResponse(request, "admin/documents/citation/context.html", context)
