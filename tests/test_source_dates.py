"""Dates as sources write them, read as EDTF: infobox values and dates in prose (invented texts)."""

import pytest

from project.pipeline.parsers.dates import Point, dates_in, infobox_date, status_is_ongoing
from project.records.dates import edtf_bounds


@pytest.mark.parametrize(
    ("value", "edtf"),
    [
        ("3 March 2031", "2031-03-03"),
        ("March 3, 2031", "2031-03-03"),
        ("March 2031", "2031-03"),
        ("2031", "2031"),
        ("3–5 March 2021", "2021-03-03/2021-03-05"),
        ("3-5 March 2021", "2021-03-03/2021-03-05"),
        ("26 June – 2 July 2024", "2024-06-26/2024-07-02"),
        ("30 December 2030 – 2 January 2031", "2030-12-30/2031-01-02"),
        ("March 2021 – May 2022", "2021-03/2022-05"),
        ("2019–2022", "2019/2022"),
        ("c. 2019", "2019~"),
        ("c. March 2021", "2021-03~"),
        ("circa 1999", "1999~"),
        ("2020–present", "2020/.."),
        ("18 September 2024 – present", "2024-09-18/.."),
        ("  7   Sept   2030 ", "2030-09-07"),
    ],
)
def test_an_infobox_date_reads_as_edtf(value, edtf):
    assert infobox_date(value) == edtf
    edtf_bounds(edtf)  # a stored date accepts it


@pytest.mark.parametrize(
    "value", ["", "soon", "31 February 2021", "5 March", "Spring 2021", "5–3 March 2021", "present"]
)
def test_what_is_not_a_date_reads_as_none(value):
    assert infobox_date(value) is None


def test_present_means_ongoing():
    assert status_is_ongoing("2020–present") and not status_is_ongoing("2020–2022")


def found(text: str, reference: Point | None = None) -> list[tuple[str, str, bool]]:
    return [(d.words, d.edtf, bool(d.basis)) for d in dates_in(text, reference=reference)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("On 3 March 2031 the guard fled.", [("3 March 2031", "2031-03-03", False)]),
        ("Since November 9, 2030, nothing.", [("November 9, 2030", "2030-11-09", False)]),
        ("It rained in May 2031 again.", [("May 2031", "2031-05", False)]),
        ("Earlier in 2031 it rained.", [("in 2031", "2031", False)]),
        # A month or a day without a year takes the year of the nearest date before it.
        ("In 2031 rain. Then in August snow.", [("In 2031", "2031", False), ("in August", "2031-08", True)]),
        ("In 2031 rain. He spoke on September 20.", [("In 2031", "2031", False), ("September 20", "2031-09-20", True)]),
        ("On 4 May 2031 rain. The same day, snow.", [("4 May 2031", "2031-05-04", False), ("The same day", "2031-05-04", True)]),
        ("On 4 May 2031 rain. The next day, snow.", [("4 May 2031", "2031-05-04", False), ("The next day", "2031-05-05", True)]),
        ("In 2031 rain. Last year, snow.", [("In 2031", "2031", False), ("Last year", "2030", True)]),
        ("In 2031 rain. Last year, also in June, snow.",
         [("In 2031", "2031", False), ("Last year", "2030", True), ("in June", "2030-06", True)]),
        # "The same day" as a year names no day; a month alone needs a preposition.
        ("In 2031 rain. The same day, snow.", [("In 2031", "2031", False)]),
        ("You may march in May.", []),
        ("Last year it rained.", []),  # nothing to resolve against
    ],
)  # fmt: skip
def test_dates_in_prose(text, expected):
    assert found(text) == expected


def test_relative_dates_resolve_against_the_documents_own_date_first():
    assert found("Last year it rained.", Point(year=2031)) == [("Last year", "2030", True)]


@pytest.mark.parametrize(
    ("sentence", "edtf", "basis"),
    [
        # A bare "the same day" follows the nearest date before it, not the document's date ...
        ("The same day, snow.", "2031-05-04", "the nearest date before it (4 May 2031)"),
        ("The next day, snow.", "2031-05-05", "the nearest date before it (4 May 2031)"),
        # ... while "the same day as the announcement" names the event the document is about.
        ("The same day as the announcement, snow.", "2031-03-03", "the date the document is about (3 March 2031)"),
    ],
)  # fmt: skip
def test_the_same_day_reads_the_nearest_date_unless_it_names_the_documents_event(sentence, edtf, basis):
    [date] = dates_in(sentence, reference=Point(2031, 5, 4), frame=Point(2031, 3, 3))
    assert (date.edtf, basis in date.basis) == (edtf, True), date.basis


def test_a_found_date_says_where_its_words_are():
    text = "Words. On 3 March 2031 the guard fled."
    [date] = dates_in(text)
    assert text[date.start : date.end] == date.words == "3 March 2031"
