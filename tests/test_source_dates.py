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
        ("Relations soured in early 2033.", [("in early 2033", "2033", False)]),
        # A month or a day without a year takes the year of the nearest date before it.
        ("In 2031 rain. Then in August snow.", [("In 2031", "2031", False), ("in August", "2031-08", True)]),
        ("In 2031 rain. He spoke on September 20.", [("In 2031", "2031", False), ("September 20", "2031-09-20", True)]),
        ("On 4 May 2031 rain. The same day, snow.", [("4 May 2031", "2031-05-04", False), ("The same day", "2031-05-04", True)]),
        ("On 4 May 2031 rain. The next day, snow.", [("4 May 2031", "2031-05-04", False), ("The next day", "2031-05-05", True)]),
        ("In 2031 rain. Last year, snow.", [("In 2031", "2031", False), ("Last year", "2030", True)]),
        ("In 2031 rain. Last year, also in June, snow.",
         [("In 2031", "2031", False), ("Last year", "2030", True), ("in June", "2030-06", True)]),
        # "The same day" as a year names no day: dated words, kept undated with the reason.
        ("In 2031 rain. The same day, snow.", [("In 2031", "2031", False), ("The same day", None, True)]),
        # A month alone needs a preposition ("may march" is no date); with no year before it, undated.
        ("You may march in May.", [("in May", None, True)]),
        ("Last year it rained.", [("Last year", None, True)]),  # nothing to resolve against
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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Relative days count from the nearest day before them, resolved ones included.
        ("On Thursday 24 July 2031 troops moved. Later that day they left.", "2031-07-24"),
        ("On 24 July 2031 troops moved. That evening they left.", "2031-07-24"),
        ("On 24 July 2031 troops moved. Hours later they left.", "2031-07-24"),
        ("On 24 July 2031 troops moved. The following day they left.", "2031-07-25"),
        ("On 24 July 2031 troops moved. The next morning they left.", "2031-07-25"),
        ("On 24 July 2031 troops moved. The day before, they met.", "2031-07-23"),
        ("On 24 July 2031 troops moved. Two days later they left.", "2031-07-26"),
        ("On 24 July 2031 troops moved. 3 days later they left.", "2031-07-27"),
        ("On 24 July 2031 troops moved. A week later they left.", "2031-07-31"),
        ("On 24 July 2031 troops moved. Four days earlier they met.", "2031-07-20"),
        # Calendar weeks run Monday to Sunday (24 July 2031 is a Thursday).
        ("On 24 July 2031 troops moved. The following week they left.", "[2031-07-28..2031-08-03]"),
        ("On 24 July 2031 troops moved. Last week they met.", "[2031-07-14..2031-07-20]"),
        ("On 24 July 2031 troops moved. Earlier that month they met.", "[2031-07-01..2031-07-23]"),
        ("On 24 July 2031 troops moved. Later that month they left.", "[2031-07-25..2031-07-31]"),
        ("On 24 July 2031 troops moved. Earlier that year they met.", "[2031-01-01..2031-07-23]"),
        ("On 24 July 2031 troops moved. Last month they met.", "2031-06"),
        ("In July 2031 troops moved. Earlier that month they met.", "2031-07"),
        # A weekday is the latest such day on or before the reference (news style).
        ("On 24 July 2031 troops moved. On Tuesday they had met.", "2031-07-22"),
        ("On 24 July 2031 troops moved. On Thursday they left.", "2031-07-24"),
        # ... and so is a weekday's occasion.
        ("On 24 July 2031 troops moved. They planned to strike at Sunday's parade.", "2031-07-20"),
        # Hours and times of day are that day; a time before another day's words is that day's.
        ("On 24 July 2031 troops moved. About an hour later they left.", "2031-07-24"),
        ("On 24 July 2031 troops moved. At 6 a.m. they left.", "2031-07-24"),
        ("On 24 July 2031 troops moved. They left at about 9 a.m. the following day.", "2031-07-25"),
        # "The following year" counts from the nearest date.
        ("On 24 July 2031 troops moved. Relations soured the following year.", "2032"),
    ],
)
def test_relative_forms_a_news_article_uses(text, expected):
    *_, last = dates_in(text)
    assert last.edtf == expected, last.basis
    assert last.basis


def test_a_resolved_day_is_the_reference_for_the_next():
    text = "On 24 July 2031 troops moved. The next day they left. Two days later they returned."
    assert [date.edtf for date in dates_in(text)] == ["2031-07-24", "2031-07-25", "2031-07-27"]


def test_relative_words_with_nothing_to_count_from_stay_dated_words_without_a_date():
    year, week = dates_in("In 2031 troops moved. The following week they left.")
    assert (year.edtf, week.edtf, week.words) == ("2031", None, "The following week")
    assert "no day" in week.basis


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A year or a month named in passing does not stop the story's clock ...
        ("On 9 April 2048 police arrested 23. A group that has terrorised the river since 2045 was among them. "
         "Two days later the director spoke.", "2048-04-11"),
        ("On 2 August 2050 troops moved. Sethi, who left the army in 2048, was arrested the next morning.",
         "2050-08-03"),
        # ... nor give its year to a day without one ...
        ("On 12 November 2048 arrests, part of a crackdown that began after the election in March 2047. "
         "The council meets on 16 November.", "2048-11-16"),
        # ... while a year or month the story moves to is the nearest date.
        ("On 19 March 2038 rebels rose. In November 2037 generals were retired. He spoke on 2 December.",
         "2037-12-02"),
        # Relative days count from the nearest day, even past a coarser date the story named in between.
        ("On 24 July 2031 troops moved. In 2029 the guard was formed. The following week they left.",
         "[2031-07-28..2031-08-03]"),
        # "Since October" looks back.
        ("On 5 March 2041 arrests. They had met six times since October.", "2040-10"),
        # A resolved relative month or year is the nearest date for what follows.
        ("On 20 November 2035 a speech. Last year the agency detained him. He was released in August.", "2034-08"),
        ("On 5 February 2039 a speech. Last month he cut the budget. They met on 28 January.", "2039-01-28"),
        # A month that names an occasion.
        ("On 5 August 2050 arrests. The party called it a script to delay the October elections.", "2050-10"),
        # A plan is no place the story moved to.
        ("On 29 September 2047 a coup failed. The election scheduled for March 2048 stands. "
         "The Union condemned it the same day.", "2047-09-29"),
        # "Last year" inside a clause does not move the story; leading a sentence, it does.
        ("On 11 February 2056 a statement. It notes that the authorities made such claims last year. "
         "On 10 February the minister spoke.", "2056-02-10"),
        ("On 5 May 2055 a statement. The council, which seized power in July last year, waits.", "2054-07"),
        ("On 9 October 2053 arrests. He was taken from his home before dawn.", "2053-10-09"),
        # A part of the story's day, and the evening before it.
        ("On 23 September 2097 soldiers seized it. Troops recaptured it in the early afternoon.", "2097-09-23"),
        ("On 12 May 2095 a hearing. Lawyers were told only the evening before.", "2095-05-11"),
        # An apposition ("an elite unit formed in 2049") is an aside too.
        ("In October 2057, she placed the Guard, an elite unit formed in 2049, under her command. "
         "He was moved later that month.", "2057-10"),
        ("On 3 May 2062 arrests. It is meant to silence them before the referendum planned for June.", "2062-06"),
        ("On 8 February 2033 arrests. They were arrested before dawn on 8 February 2033.", "2033-02-08"),
        # A participle phrase after a noun ("a law adopted in 2089") is an aside; the story's own
        # verb ("the law was adopted in 2089") is not.
        ("On 14 March 2091 raids. Radios were closed under a law adopted in 2089. In April a founder "
         "was fined.", "2091-04"),
        ("On 14 March 2091 raids. The law was adopted in 2089. In April it was amended.", "2089-04"),
    ],
)  # fmt: skip
def test_asides_and_relative_references(text, expected):
    *_, last = dates_in(text)
    assert last.edtf == expected, last.basis


def test_a_coarse_date_the_story_moved_on_to_leaves_relative_days_with_nothing_to_count_from():
    *_, last = dates_in(
        "On 24 July 2031 troops moved. In March 2032 they returned. Two days later they left."
    )
    assert last.edtf is None and "no day" in last.basis


def test_a_months_abbreviation_opens_a_name_without_its_full_stop():
    from project.pipeline.mentions import names_in

    text = "The opposition Jan Adhikar Party said so on Jan. 5."
    assert [found.name for found in names_in(text, 0, len(text))] == ["Jan Adhikar Party"]


def test_a_demonym_before_a_title_is_no_part_of_the_name_but_stays_in_a_bodys():
    from project.pipeline.mentions import names_in

    text = "Wylandian Prime Minister Wyburn Wykes met the Wyndorian Prosecutor General's Office."
    assert [(f.name, f.title) for f in names_in(text, 0, len(text))] == [
        ("Wyburn Wykes", "Prime Minister"),
        ("Wyndorian Prosecutor General's Office", ""),
    ]


def test_words_that_point_from_the_writers_now_count_from_the_frame_not_the_last_day():
    """Deixis ("on Thursday", "last week") against anaphora ("the previous week"): in a report
    dated Thursday 9 October 2053, a Thursday after a Wednesday is the 9th, not the 2nd."""
    text = (
        "It said so on Wednesday. That evening it spoke. The leader rejected it on Thursday. "
        "Their trial opened last week. The previous week they met. They meet again next week."
    )
    dates = [d.edtf for d in dates_in(text, reference=Point(2053, 10, 9))]
    assert dates == [
        "2053-10-08", "2053-10-08", "2053-10-09", "[2053-09-29..2053-10-05]", "[2053-09-29..2053-10-05]",
        "[2053-10-13..2053-10-19]",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("sentence", "edtf"),
    [
        # The writer's "today" is the date the document is about, wherever the story stands.
        ("Earlier today, the minister summoned the ambassador.", "2031-03-03"),
        ("This morning the minister spoke.", "2031-03-03"),
        ("Two suspects were released yesterday after questioning.", "2031-03-02"),
        # A month "of this year" is that month of the document's year, not of the story's.
        ("It happened most recently in February of this year.", "2031-02"),
        ("It happened in May this year.", "2031-05"),
        # A day and month "last year" is that day of the year before the document's.
        ("He seized power on 12 December last year.", "2030-12-12"),
        ("He seized power on December 12 last year.", "2030-12-12"),
    ],
)
def test_words_that_point_from_the_writers_now(sentence, edtf):
    [date] = dates_in(sentence, reference=Point(2031, 5, 4), frame=Point(2031, 3, 3))
    assert date.edtf == edtf, date.basis


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A plan is not where the story is: the election's month gives no reference.
        ("On 9 April 2067 troops moved. He planned to cancel the elections due in June. "
         "The party objected the next morning.", "2067-04-10"),
        # "since its founding in 2051" is an aside: a day without a year keeps the story's year.
        ("On 24 August 2069 she was held. It has run since its founding in 2051. "
         "The election is scheduled for 19 October.", "2069-10-19"),
    ],
)  # fmt: skip
def test_plans_and_asides_do_not_move_the_story(text, expected):
    *_, last = dates_in(text)
    assert last.edtf == expected, last.basis


def test_a_day_the_document_stated_in_full_keeps_its_year():
    text = "On 2 February 2074 it was announced. Last year a union was accused. The announcement of 2 February is a pretext."
    known: dict = {}
    dates = list(dates_in(text, known=known))
    assert [d.edtf for d in dates] == ["2074-02-02", "2073", "2074-02-02"], dates[-1].basis
    assert known == {(2, 2): 2074}


def test_a_closed_relative_clause_does_not_make_the_next_date_an_aside():
    text = "Relations with Jomesia, which has disputed the border since 2049, deteriorated in early 2066."
    since, early = dates_in(text)
    assert (since.background, early.background) == (True, False)
