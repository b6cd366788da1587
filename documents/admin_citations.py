"""Citations as curators handle them: by their words, found in the document, seen in context.

One inline serves every cited fact: it edits the fact's ``citations`` through table, shows each
citation by its quote, and adds one from a document and pasted words (the offsets are found,
never typed). The helpers below also render a citation in its context and a document with every
cited span highlighted and the facts that cite it.
"""

import functools
import re

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from project.records import relations, review
from project.records.base import ReviewState

from .models import Citation, Document
from .quotes import locate

CONTEXT_CHARS = 300


# --------------------------------------------------------------------------------------------
# Links


def change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def context_url(citation_id: int) -> str:
    return reverse("admin:documents_citation_context", args=[citation_id])


def context_link(citation: Citation):
    return format_html('<a href="{}">in context</a>', context_url(citation.pk))


# --------------------------------------------------------------------------------------------
# Which facts cite what


def cited_relations():
    """(fact model, through model, name of the through table's field pointing at the fact)."""
    relations = []
    for relation in Citation._meta.related_objects:
        if relation.many_to_many:
            through = relation.through
            fact_field = next(
                f.name
                for f in through._meta.concrete_fields
                if f.many_to_one and f.related_model is relation.related_model
            )
            relations.append((relation.related_model, through, fact_field))
    return sorted(relations, key=lambda r: (r[0]._meta.app_label, r[0]._meta.model_name))


def facts_citing(citations) -> dict[int, list]:
    """Citation id -> the facts citing it: one query per kind of fact, whatever the number of spans."""
    ids = [c.pk for c in citations]
    facts = {pk: [] for pk in ids}
    if not ids:
        return facts
    for model, through, fact_field in cited_relations():
        # What each fact's str() reads: its non-null foreign keys (a combatant names its actor).
        needed = [
            f"{fact_field}__{f.name}" for f in model._meta.concrete_fields if f.many_to_one and not f.null
        ]
        rows = through.objects.filter(citation_id__in=ids).select_related(fact_field, *needed)
        for row in rows:
            facts[row.citation_id].append(getattr(row, fact_field))
    for cited in facts.values():
        cited.sort(key=lambda fact: (fact._meta.verbose_name, str(fact)))
    return facts


def fact_links(facts):
    if not facts:
        return mark_safe("<em>no fact cites it</em>")
    return format_html_join(
        ", ",
        '{} <a href="{}">{}</a>',
        ((fact._meta.verbose_name, change_url(fact), str(fact)) for fact in facts),
    )


# --------------------------------------------------------------------------------------------
# A citation in context, a document with its cited spans


def _word_start(text: str, at: int, limit: int) -> int:
    """Move ``at`` forward to the start of a word, unless that leaves nothing before ``limit``."""
    if at == 0:
        return 0
    space = re.search(r"\s", text[at:limit])
    return at + space.end() if space else at


def _word_end(text: str, at: int, limit: int) -> int:
    if at >= len(text):
        return len(text)
    spaces = [m.start() for m in re.finditer(r"\s", text[limit:at])]
    return limit + spaces[-1] if spaces else at


def context_parts(citation: Citation, chars: int = CONTEXT_CHARS) -> dict:
    """The text around a citation, cut at word boundaries about ``chars`` characters each side."""
    text, start, end = citation.document.text, citation.start, citation.end
    before_at = _word_start(text, max(0, start - chars), start)
    after_at = _word_end(text, min(len(text), end + chars), end)
    return {
        "before": text[before_at:start],
        "quote": text[start:end],
        "after": text[end:after_at],
        "cut_before": before_at > 0,
        "cut_after": after_at < len(text),
    }


def highlighted_text(document: Document, citations) -> str:
    """The document's text with every cited span in <mark>, escaped, and each span's start numbered.

    Spans may overlap or nest; the text is cut at every span boundary and each piece is marked
    as deeply as the number of spans covering it.
    """
    text = document.text
    numbered = list(enumerate(sorted(citations, key=lambda c: (c.start, -c.end)), start=1))
    starts, ends = {}, {}
    for number, citation in numbered:
        starts.setdefault(citation.start, []).append((number, citation))
        ends[citation.end] = ends.get(citation.end, 0) + 1
    cuts = sorted({0, len(text), *starts, *ends})
    pieces, depth = [], 0
    for left, right in zip(cuts, cuts[1:], strict=False):
        depth -= ends.get(left, 0)
        for number, citation in starts.get(left, []):
            depth += 1
            pieces.append(
                format_html(
                    '<a class="span-ref" id="span-{}" href="#citation-{}" title="[{}:{}]">{}</a>',
                    citation.pk,
                    citation.pk,
                    citation.start,
                    citation.end,
                    number,
                )
            )
        piece = text[left:right]
        if depth:
            pieces.append(format_html('<mark class="depth-{}">{}</mark>', min(depth, 3), piece))
        else:
            pieces.append(format_html("{}", piece))
    return mark_safe("".join(pieces))  # every piece was escaped by format_html


def document_citations(document: Document):
    """The document's text with its cited spans, and a numbered list saying who cites each one."""
    citations = list(Citation.objects.filter(document=document).order_by("start", "-end"))
    if not citations:
        return format_html('<div class="cited-text">{}</div>', document.text)
    facts = facts_citing(citations)
    rows = format_html_join(
        "",
        '<li id="citation-{}" value="{}"><a href="#span-{}">[{}:{}]</a> <q>{}</q> '
        '<span class="cited-by">cited by {}</span> · {}</li>',
        (
            (
                c.pk,
                number,
                c.pk,
                c.start,
                c.end,
                c.quote,
                fact_links(facts[c.pk]),
                context_link(c),
            )
            for number, c in enumerate(citations, start=1)
        ),
    )
    return format_html(
        "<p>{} cited spans, highlighted; a number marks where each starts. The text cannot be edited "
        "while citations point into it.</p>"
        '<div class="cited-text">{}</div><ol class="cited-spans">{}</ol>',
        len(citations),
        highlighted_text(document, citations),
        rows,
    )


# --------------------------------------------------------------------------------------------
# The inline every cited fact's admin uses


class Shown(forms.Widget):
    """Shows an existing citation's value as text instead of an input (its field is disabled)."""

    def __init__(self, html=""):
        super().__init__()
        self.html = html

    def render(self, name, value, attrs=None, renderer=None):
        return self.html

    def value_from_datadict(self, data, files, name):
        return None

    def value_omitted_from_data(self, data, files, name):
        return True


class CitationLinkForm(forms.ModelForm):
    """One row of a fact's citations: an existing one shown by its words, or words to find."""

    document = forms.ModelChoiceField(
        queryset=Document.objects.all(),
        required=False,
        widget=AutocompleteSelect(Citation._meta.get_field("document"), admin.site),
    )
    quote = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text="The words, pasted exactly as the document has them; the offsets are found for you.",
    )
    hint = forms.CharField(
        required=False,
        label="Which one",
        widget=forms.TextInput(attrs={"size": 12}),
        help_text="Only when the words occur more than once: the words just before the one you mean, "
        "or its number (1, 2, ...).",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.span = None
        citation = self.existing_citation
        if citation is not None:
            # A saved row is kept or deleted, never edited: its citation may be shared.
            shown = {
                "document": format_html(
                    '<a href="{}">{}</a>', change_url(citation.document), citation.document
                ),
                "quote": format_html("<q>{}</q>", citation.quote),
                "hint": "",
            }
            for name, html in shown.items():
                self.fields[name] = forms.CharField(
                    required=False, disabled=True, label=self.fields[name].label, widget=Shown(html)
                )

    @property
    def existing_citation(self):
        if self.instance.pk is None or self.instance.citation_id is None:
            return None
        return self.instance.citation

    def clean(self):
        data = super().clean()
        if self.existing_citation is not None:
            return data
        document, quote = data.get("document"), data.get("quote")
        if document is None and "document" not in self.errors:
            self.add_error("document", "Choose the document the words are from.")
        if not quote:
            self.add_error("quote", "Paste the words of the document that this fact rests on.")
        if document is None or not quote:
            return data
        try:
            start, end = locate(document, quote, data.get("hint", ""))
        except ValidationError as error:
            self.add_error(None, error)
        else:
            self.span = (document, start, end)
        return data

    def save(self, commit=True):
        if self.span is not None:
            document, start, end = self.span
            # (document, start, end) is unique: the same words cited by another fact are one citation.
            self.instance.citation, _ = Citation.objects.get_or_create(
                document=document, start=start, end=end, defaults={"quote": document.text[start:end]}
            )
        return super().save(commit)


class CitationLinkFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            citation = form.existing_citation
            if citation is not None:
                key = (citation.document_id, citation.start, citation.end)
            elif form.span is not None:
                document, start, end = form.span
                key = (document.pk, start, end)
            else:
                continue
            if key in seen:
                form.add_error(None, "This fact already cites these words.")
            seen.add(key)
            if form.span is not None and review.stored_state(self.instance) == ReviewState.PUBLISHED:
                # The trust boundary (project.records.review): a published fact cites published documents.
                _, field = relations.through_tables()[self.model]
                for messages in review.draft_references(self.instance, {field.name: [form.span[0]]}).values():
                    form.add_error("document", messages)
        had_citations = any(form.instance.pk for form in self.initial_forms)
        if getattr(self.instance, "is_published", False) and had_citations and not seen:
            raise forms.ValidationError(
                "A published fact must keep at least one citation: add another before removing the last, "
                "or take the fact back to draft first."
            )


class CitationInline(admin.TabularInline):
    """A fact's citations, shown by their words; new ones found from a document and pasted words."""

    form = CitationLinkForm
    formset = CitationLinkFormSet
    template = "admin/documents/edit_inline/citations_tabular.html"
    fields = ("document", "quote", "hint", "span")
    readonly_fields = ("span",)
    extra = 1
    verbose_name = "citation"
    verbose_name_plural = "What the sources say"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("citation__document")
            .order_by("citation__document__title", "citation__start", "citation__end")
        )

    # Shown instead of the form's fields to a curator who may view but not change the fact.
    @admin.display(description="Document")
    def document(self, row):
        return format_html('<a href="{}">{}</a>', change_url(row.citation.document), row.citation.document)

    @admin.display(description="Quote")
    def quote(self, row):
        return format_html("<q>{}</q>", row.citation.quote)

    @admin.display(description="Which one")
    def hint(self, row):
        return ""

    @admin.display(description="Offsets")
    def span(self, row):
        if row.pk is None or row.citation_id is None:
            return ""
        citation = row.citation
        return format_html("[{}:{}] · {}", citation.start, citation.end, context_link(citation))


@functools.cache
def citation_inline_for(model) -> type[CitationInline]:
    """The citation inline of one fact model, backed by its ``citations`` through table."""
    return type(f"{model.__name__}CitationInline", (CitationInline,), {"model": model.citations.through})
