"""The seed conflict's timeline page on a 1366 px screen, measured in a real browser (headless
Chromium): every row has its mark, no two labels overlap, a range is drawn wider than a day, a
mark takes the keyboard's focus, and the page logs no error. A screenshot is kept in the test's
temporary folder for a person to look at."""

import pytest
from django.core.management import call_command
from django.test import Client

from tests.chromium import chromium, needs_chromium

pytestmark = [pytest.mark.slow, needs_chromium, pytest.mark.django_db(transaction=True)]
WIDTH, HEIGHT = 1366, 900
CONFLICT = "2024-armenian-coup-attempt-allegations"
# Each mark's shape and label as laid out, in CSS pixels of the page.
MEASURE = """
const box = element => {
    const r = element.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height};
};
return [...document.querySelectorAll('svg.timeline a.row')].map(a => ({
    slug: a.dataset.slug,
    shape: a.dataset.shape,
    mark: box(a.querySelector('.mark')),
    label: box(a.querySelector('.label')),
}));
"""


def overlap(a: dict, b: dict) -> bool:
    return (
        a["left"] < b["right"]
        and b["left"] < a["right"]
        and a["top"] < b["bottom"]
        and b["top"] < a["bottom"]
    )


@pytest.fixture
def browser():
    with chromium(WIDTH, HEIGHT) as driver:
        yield driver


def test_the_seed_conflicts_timeline_in_a_browser(live_server, browser, tmp_path):
    call_command("flush", interactive=False, verbosity=0)
    call_command("load_seed", verbosity=0)
    rows = Client().get(f"/api/v1/conflicts/{CONFLICT}/timeline/").json()["rows"]
    browser.get(f"{live_server.url}/conflicts/{CONFLICT}/timeline/")
    assert browser.title == "Timeline: 2024 Armenian coup attempt"
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(WIDTH, height)
    assert browser.save_screenshot(str(tmp_path / "timeline.png"))

    marks = {mark["slug"]: mark for mark in browser.execute_script(MEASURE)}
    assert set(marks) == {row["slug"] for row in rows}
    for slug, mark in marks.items():
        assert mark["mark"]["width"] > 0 and mark["mark"]["height"] > 0, slug
        assert mark["label"]["width"] > 0, slug
    labels = list(marks.values())
    clashes = [
        (a["slug"], b["slug"])
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if overlap(a["label"], b["label"])
    ]
    assert clashes == []

    point = max(mark["mark"]["width"] for mark in marks.values() if mark["shape"] == "point")
    ranged = [
        row["slug"]
        for row in rows
        if row["date"]
        and (
            row["uncertain"]
            or row["open_start"]
            or row["open_end"]
            or row["date_earliest"] != row["date_latest"]
        )
    ]
    assert len(ranged) >= 5  # the seed's open and ranged dates: this check is not vacuous
    for slug in ranged:
        assert marks[slug]["shape"] == "bar" and marks[slug]["mark"]["width"] > point, slug

    focused = browser.execute_script(
        "const a = document.querySelector('svg.timeline a.row'); a.focus(); return document.activeElement.dataset.slug;"
    )
    assert focused == rows[0]["slug"]
    errors = [entry for entry in browser.get_log("browser") if entry["level"] == "SEVERE"]
    assert errors == []
