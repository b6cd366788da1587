"""The synthetic data generator: deterministic, cited verbatim, dated as the signals would date it."""

import pytest
from django.db import transaction

from actors.models import Actor, Combatant
from documents.models import Citation, Document, content_hash
from events.models import Event, Reaction
from project.records.dates import edtf_bounds
from project.synth import Synthesizer, synthesize

pytestmark = pytest.mark.django_db


def snapshot() -> dict:
    """Every synthetic row's stored values except the run's timestamps (and link-table ids)."""
    rows = {}
    for model in Synthesizer.MODELS:
        fields = [
            field.attname
            for field in model._meta.concrete_fields
            if field.name not in {"created", "updated"}
            and not (model._meta.auto_created and field.primary_key)
        ]
        rows[model._meta.label] = list(model.objects.order_by(*fields).values_list(*fields))
    return rows


def test_the_same_seed_writes_the_same_rows():
    point = transaction.savepoint()
    synthesize(300, seed=7)
    first = snapshot()
    transaction.savepoint_rollback(point)
    assert not Event.objects.exists()
    synthesize(300, seed=7)
    assert snapshot() == first
    assert len(first["events.Event"]) == 300


def test_another_seed_writes_other_rows_beside_the_first():
    synthesize(100, seed=1)
    synthesize(100, seed=2)
    assert Event.objects.count() == 200
    with pytest.raises(ValueError, match="already"):
        synthesize(10, seed=1)


def test_every_quote_is_in_its_document_and_every_row_is_derived_as_a_save_would():
    synthesize(500, seed=3)
    documents = {document.pk: document for document in Document.objects.all()}
    for citation in Citation.objects.all():
        assert documents[citation.document_id].text[citation.start : citation.end] == citation.quote
    for document in documents.values():
        assert document.content_hash == content_hash(document.text)
        assert document.body_end == len(document.text)
    for model in (Event, Reaction, Document):
        for date, earliest, latest in model.objects.values_list("date", "date_earliest", "date_latest"):
            assert (earliest, latest) == edtf_bounds(date)
    assert not Event.objects.exclude(review_state="published").exists()
    assert Event.objects.filter(citations__isnull=True).count() == 0


def test_dates_mix_every_precision_and_open_ends():
    synthesize(2000, seed=4)
    dates = list(Event.objects.values_list("date", flat=True))
    assert any(len(date) == 10 for date in dates)
    assert any(len(date) == 7 for date in dates)
    assert any(len(date) == 4 for date in dates)
    assert any(date.endswith("?") for date in dates)
    assert any(date.endswith("/..") for date in dates)
    assert any(date.startswith("[..") for date in dates)
    assert "" in dates


def test_conflicts_have_sides_and_reactions_signatories_and_demands():
    synthesize(500, seed=5)
    assert set(Combatant.objects.values_list("side", flat=True)) == {1, 2}
    joint = Reaction.objects.filter(kind=Reaction.Kind.JOINT_STATEMENT).first()
    assert joint.signatories.count() == 3 and joint.demands.count() == 2
    assert Actor.objects.filter(aliases__isnull=False).count() == Actor.objects.count()


def test_the_api_lists_synthetic_rows(client):
    synthesize(120, seed=6)
    page = client.get("/api/v1/events/?page_size=100").json()
    assert len(page["results"]) == 100 and page["next"]
    event = page["results"][0]
    assert event["slug"].startswith("synth6-event-") and event["citations"]
    citation = event["citations"][0]
    text = client.get(citation["document"]["url"]).json()["text"]
    assert text[citation["start"] : citation["end"]] == citation["quote"]
    assert client.get("/api/v1/reactions/?stance=denies").status_code == 200
    assert client.get("/api/v1/conflicts/synth6-conflict-0/").json()["sides"]
