"""A document's text is stored exactly as given and never rewritten by a form that did not change it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from documents.models import Citation, Document
from tests.factories import cite, make_document

from .browser import errors_in, form_data

pytestmark = pytest.mark.django_db

ADD = reverse("admin:documents_document_add")


def change(document):
    return reverse("admin:documents_document_change", args=[document.pk])


def assert_every_citation_matches(document):
    document.refresh_from_db()
    citations = Citation.objects.filter(document=document)
    assert citations.exists()
    for citation in citations:
        assert document.text[citation.start : citation.end] == citation.quote, citation


def test_changing_only_the_url_of_a_cited_document_keeps_its_text_byte_identical(seeded_curator):
    """The issue's case: a browser's POST (CRLF in every textarea) must not rewrite the text."""
    document = Document.objects.get(slug="2024-armenian-coup-attempt-allegations")
    before = document.text.encode("utf-8")
    assert b"\n" in before and b"\r" not in before
    data = form_data(seeded_curator.get(change(document)))
    data["url"] = "https://example.org/moved-here"

    response = seeded_curator.post(change(document), data)

    assert response.status_code == 302, errors_in(response)
    document.refresh_from_db()
    assert document.url == "https://example.org/moved-here"
    assert document.text.encode("utf-8") == before
    assert_every_citation_matches(document)


def test_a_cited_text_is_shown_not_editable_and_a_forged_text_field_is_ignored(curator):
    document = make_document(text="Line one.\nThe plot was announced.\n")
    cite(document, "The plot was announced.")
    page = curator.get(change(document))
    assert 'name="text"' not in page.content.decode()
    assert '<mark class="depth-1">The plot was announced.</mark>' in page.content.decode()

    data = form_data(page)
    data["text"] = "Something else entirely."
    response = curator.post(change(document), data)

    assert response.status_code == 302, errors_in(response)
    document.refresh_from_db()
    assert document.text == "Line one.\nThe plot was announced.\n"


def test_an_uncited_text_survives_the_textarea_round_trip_and_can_be_edited(curator):
    document = make_document(text="First line.\nSecond line.\n")
    data = form_data(curator.get(change(document)))
    assert data["text"] == "First line.\r\nSecond line.\r\n"  # what a browser sends back

    assert curator.post(change(document), data).status_code == 302
    document.refresh_from_db()
    assert document.text == "First line.\nSecond line.\n"

    data = form_data(curator.get(change(document)))  # the page again, at the version just saved
    data["text"] = "First line.\r\nA corrected second line.\r\n"
    assert curator.post(change(document), data).status_code == 302
    document.refresh_from_db()
    # The box sends CRLF whatever the curator pasted; nothing cites the text, so it is kept with LF
    # and the API never serves a text box's CRLF to clients.
    assert document.text == "First line.\nA corrected second line.\n"


def add_form(curator, **fields):
    data = form_data(curator.get(ADD))
    data.update({"title": "A statement", "slug": "a-statement", "kind": "joint_statement"}, **fields)
    return data


def test_a_typed_text_is_stored_as_sent_with_lf_line_breaks(curator):
    text = "\r\n  Indented first line \r\nSecond line\twith a tab  \r\n\r\n"
    response = curator.post(ADD, add_form(curator, text=text))
    assert response.status_code == 302, errors_in(response)
    stored = Document.objects.get(slug="a-statement")
    # Spaces, tabs, blank lines and the leading line break are the text's; the CR of each break
    # is the text box's (HTML sends every line break as CRLF).
    assert stored.text == "\n  Indented first line \nSecond line\twith a tab  \n\n"
    assert stored.body_end == len(stored.text)


def test_an_uploaded_text_is_stored_byte_for_byte(curator):
    raw = "\ufeffTitle line\nЗаявление — «кавычки»\n\n  trailing spaces  \nno final newline".encode()
    data = add_form(curator, text="")
    data["text_file"] = SimpleUploadedFile("statement.txt", raw, content_type="text/plain")
    response = curator.post(ADD, data)
    assert response.status_code == 302, errors_in(response)
    assert Document.objects.get(slug="a-statement").text.encode("utf-8") == raw


@pytest.mark.parametrize(
    ("fields", "upload", "message"),
    [
        ({"text": ""}, b"\xff\xfeL\x00a\x00", "not UTF-8"),
        ({"text": "typed too"}, b"uploaded", "not both"),
        ({"text": ""}, None, "Give the document's text"),
        ({"text": "Short.", "body_end": "99"}, None, "cannot end after it"),
        ({"text": "Short.", "body_start": "5", "body_end": "2"}, None, "cannot start after it ends"),
    ],
    ids=["not-utf8", "both", "neither", "body-past-end", "body-reversed"],
)
def test_a_bad_text_is_a_form_error_and_nothing_is_stored(curator, fields, upload, message):
    data = add_form(curator, **fields)
    if upload is not None:
        data["text_file"] = SimpleUploadedFile("t.txt", upload)
    response = curator.post(ADD, data)
    assert response.status_code == 200
    assert any(message in error for error in errors_in(response)), errors_in(response)
    assert not Document.objects.filter(slug="a-statement").exists()


def test_a_text_already_stored_is_refused_not_a_server_error(curator):
    existing = make_document(text="The same words.")
    response = curator.post(ADD, add_form(curator, text="The same words."))
    assert response.status_code == 200
    assert any(f"already stored, as the document “{existing.title}”" in e for e in errors_in(response))
    assert Document.objects.count() == 1
