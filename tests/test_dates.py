"""EDTF strings give the right day bounds, and invalid strings a clear error."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from project.records.dates import edtf_bounds
from tests.factories import make_event

D = datetime.date


@pytest.mark.parametrize(
    ("value", "earliest", "latest"),
    [
        ("2024-09-18", D(2024, 9, 18), D(2024, 9, 18)),
        ("2024-09", D(2024, 9, 1), D(2024, 9, 30)),
        ("2024-02", D(2024, 2, 1), D(2024, 2, 29)),
        ("2024", D(2024, 1, 1), D(2024, 12, 31)),
        ("2023-09?", D(2023, 9, 1), D(2023, 9, 30)),
        ("2024~", D(2024, 1, 1), D(2024, 12, 31)),
        ("2023-09-26/2024", D(2023, 9, 26), D(2024, 12, 31)),
        ("2020/2024-09", D(2020, 1, 1), D(2024, 9, 30)),
        ("2020/..", D(2020, 1, 1), None),
        ("2023-09-26/..", D(2023, 9, 26), None),
        ("../2020", None, D(2020, 12, 31)),
        ("2023-09-26/", D(2023, 9, 26), None),
        ("/2020-05", None, D(2020, 5, 31)),
        ("[2024-01-01..2024-09-18]", D(2024, 1, 1), D(2024, 9, 18)),
        ("[..2024-09-18]", None, D(2024, 9, 18)),
        ("[2023-09-26..]", D(2023, 9, 26), None),
        ("", None, None),
    ],
)
def test_bounds_of_each_supported_form(value, earliest, latest):
    assert edtf_bounds(value) == (earliest, latest)


@pytest.mark.parametrize(
    "value", ["September 2024", "2024-13", "2024-09-31", "../..", "2024/2020", "20x4", "[..]", "[..2024-13]"]
)
def test_invalid_strings_are_rejected_with_the_value_named(value):
    with pytest.raises(ValidationError) as caught:
        edtf_bounds(value)
    assert repr(value) in str(caught.value)


def test_each_distinct_string_is_parsed_once_and_an_invalid_one_fails_every_time():
    edtf_bounds.cache_clear()
    assert (
        edtf_bounds("2024-09")
        == edtf_bounds("2024-09")
        == (datetime.date(2024, 9, 1), datetime.date(2024, 9, 30))
    )
    assert edtf_bounds.cache_info().misses == 1 and edtf_bounds.cache_info().hits == 1
    for _ in range(2):
        with pytest.raises(ValidationError):
            edtf_bounds("2024-13")


@pytest.mark.django_db
def test_bounds_are_derived_on_save_and_follow_changes():
    event = make_event(date="2024-09")
    event.refresh_from_db()
    assert (event.date_earliest, event.date_latest) == (D(2024, 9, 1), D(2024, 9, 30))
    event.date = "2020/.."
    event.save()
    event.refresh_from_db()
    assert (event.date_earliest, event.date_latest) == (D(2020, 1, 1), None)


@pytest.mark.django_db
def test_invalid_date_is_not_saved():
    with pytest.raises(ValidationError, match="not a valid EDTF date"):
        make_event(slug="bad-date", date="18 September 2024")
    from events.models import Event

    assert not Event.objects.filter(slug="bad-date").exists()


@pytest.mark.django_db
def test_full_clean_reports_the_date_field():
    event = make_event(date="2024")
    event.date = "2024-99"
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "date" in caught.value.message_dict
