"""A quote that does not match its offsets is a form error on the quote, never a server error."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from documents.models import Citation
from tests.factories import cite, make_document, make_event

from .browser import errors_in, form_data

pytestmark = pytest.mark.django_db

TEXT = "On 18 September 2024 the plot was announced. Three were arrested."


def test_adding_a_mismatching_citation_is_a_form_error_and_saves_nothing(curator):
    document = make_document(text=TEXT)
    url = reverse("admin:documents_citation_add")
    data = form_data(curator.get(url))
    data.update({"document": str(document.pk), "quote": "Four were arrested.", "start": "45", "end": "64"})

    response = curator.post(url, data)

    assert response.status_code == 200
    errors = errors_in(response)
    assert any("does not match the text" in e and "'Three were arrested" in e for e in errors), errors
    assert "does not match" in " ".join(response.context["adminform"].form.errors["quote"])
    assert not Citation.objects.exists()


def test_a_stored_citation_cannot_be_moved_and_a_cited_one_cannot_be_deleted(curator):
    document = make_document(text=TEXT)
    citation = cite(document, "the plot was announced")
    make_event().citations.add(citation)
    url = reverse("admin:documents_citation_change", args=[citation.pk])
    data = form_data(curator.get(url))  # the page shows it, read-only
    data["end"] = str(citation.end + 5)
    assert curator.post(url, data).status_code == 403
    citation.refresh_from_db()
    assert (citation.start, citation.end, citation.quote) == (21, 43, "the plot was announced")
    delete = reverse("admin:documents_citation_delete", args=[citation.pk])
    assert curator.post(delete, {"post": "yes"}).status_code == 403
    assert Citation.objects.filter(pk=citation.pk).exists()


def test_a_matching_citation_is_saved(curator):
    document = make_document(text=TEXT)
    url = reverse("admin:documents_citation_add")
    data = form_data(curator.get(url))
    data.update({"document": str(document.pk), "quote": "Three were arrested.", "start": "45", "end": "65"})

    response = curator.post(url, data)

    assert response.status_code == 302, errors_in(response)
    assert Citation.objects.get().quote == "Three were arrested."


def test_citation_clean_reports_the_mismatch_on_the_quote_field():
    document = make_document(text=TEXT)
    citation = Citation(document=document, start=0, end=2, quote="Xn")
    with pytest.raises(ValidationError) as raised:
        citation.full_clean()
    assert list(raised.value.message_dict) == ["quote"]
