"""A citation seen in its context, and a document seen with every cited span and who cites it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import cite, make_combatant, make_document, make_event

pytestmark = pytest.mark.django_db

BEFORE = " ".join(f"before{i:03d}" for i in range(60))  # 60 ten-character words
AFTER = " ".join(f"after{i:03d}x" for i in range(60))
QUOTE = "the <b>plot</b> & its “backers”"


def context_url(citation):
    return reverse("admin:documents_citation_context", args=[citation.pk])


def test_the_context_page_marks_the_quote_within_about_300_characters_each_side(curator):
    document = make_document(text=f"{BEFORE} {QUOTE} {AFTER}", title="A <long> report")
    citation = cite(document, QUOTE)

    html = curator.get(context_url(citation)).content.decode()

    assert '<mark id="quote">the &lt;b&gt;plot&lt;/b&gt; &amp; its “backers”</mark>' in html
    shown = html.split('<blockquote class="cited-text">')[1].split("</blockquote>")[0]
    before, after = shown.split('<mark id="quote">')[0], shown.split("</mark>")[1]
    assert before.startswith("… before") and after.endswith(" …")  # cut at word boundaries
    assert 280 <= len(before) - 2 <= 300 and 280 <= len(after) - 2 <= 300
    assert "before000" not in before and "after059x" not in after
    document_url = reverse("admin:documents_document_change", args=[document.pk])
    assert f'href="{document_url}#span-{citation.pk}"' in html
    assert "A &lt;long&gt; report" in html


def test_the_context_of_a_quote_near_the_start_is_not_cut(curator):
    document = make_document(text="Short text. The plot was announced. The end.")
    html = curator.get(context_url(cite(document, "The plot"))).content.decode()
    assert "Short text. <mark" in html and "</mark> was announced. The end.</blockquote>" in html


def test_the_citation_list_and_page_link_to_the_context(curator):
    citation = cite(make_document(), "the plot was announced")
    listing = curator.get(reverse("admin:documents_citation_changelist")).content.decode()
    page = curator.get(reverse("admin:documents_citation_change", args=[citation.pk])).content.decode()
    assert context_url(citation) in listing and context_url(citation) in page


def document_page(curator, document):
    return curator.get(reverse("admin:documents_document_change", args=[document.pk])).content.decode()


def test_a_document_page_highlights_every_cited_span_and_links_the_facts_citing_it(curator):
    document = make_document(text="Alpha <beta> gamma delta epsilon.")
    outer, inner = cite(document, "<beta> gamma delta"), cite(document, "gamma")
    event = make_event(summary="An <event>.")
    event.citations.add(outer)
    combatant = make_combatant()
    combatant.citations.add(outer, inner)

    html = document_page(curator, document)

    assert (
        '<mark class="depth-1">&lt;beta&gt; </mark>'
        f'<a class="span-ref" id="span-{inner.pk}" href="#citation-{inner.pk}" title="[13:18]">2</a>'
        '<mark class="depth-2">gamma</mark><mark class="depth-1"> delta</mark> epsilon.'
    ) in html
    event_url = reverse("admin:events_event_change", args=[event.pk])
    combatant_url = reverse("admin:actors_combatant_change", args=[combatant.pk])
    item = html.split(f'<li id="citation-{outer.pk}"')[1].split("</li>")[0]
    assert f'<a href="{event_url}">An &lt;event&gt;.</a>' in item and combatant_url in item
    inner_item = html.split(f'<li id="citation-{inner.pk}"')[1].split("</li>")[0]
    assert combatant_url in inner_item and event_url not in inner_item


def test_a_document_pages_queries_do_not_grow_with_its_spans(curator):
    words = [f"word{i:02d}" for i in range(40)]
    document = make_document(text=" ".join(words))

    def cite_words(chosen):
        for word in chosen:
            citation = cite(document, word)
            make_event().citations.add(citation)
            make_combatant().citations.add(citation)

    cite_words(words[:2])
    with CaptureQueriesContext(connection) as few:
        document_page(curator, document)
    cite_words(words[2:30])
    with CaptureQueriesContext(connection) as many:
        html = document_page(curator, document)
    assert html.count('class="span-ref"') == 30
    assert len(many) == len(few), [q["sql"] for q in many]
