"""A conflict's timeline: its events and reactions as rows on a time axis, laid out in lanes.

One computation serves the JSON (``ConflictViewSet.timeline``) and the HTML page's SVG
(``events.views``), so a client that draws its own picture gets the rows, their order and their
lanes exactly as the page draws them.

How a mark encodes its date (docs/design/timeline.md): an exact day is a point; anything wider (a month, a
year, an interval) a bar from ``date_earliest`` to the end of ``date_latest``; an open bound
(EDTF ``..``) a bar that fades out towards the axis' edge on that side; an uncertain or
approximate date (``?``, ``~``) a dashed outline; a row the source gives no date is drawn hollow,
in a band of its own below the axis, never placed on it. Colour says whose word a row is.
"""

import dataclasses
import datetime
import itertools

from django.db import models

from actors.models import Actor
from documents.api.serializers import citations_prefetch
from project.api.brief import briefs, detail_url, listed, with_briefs
from project.records.dates import is_uncertain

from .models import Event, Reaction


class RowKind(models.TextChoices):
    EVENT = "event", "Event"
    REACTION = "reaction", "Reaction"


class AllegedVia(models.TextChoices):
    """Which relation says whose word a row is."""

    ATTRIBUTED_TO = "attributed_to", "The event's attributed_to"
    ALLEGED_IN = "alleged_in", "The event's alleged_in (a statement)"
    ACTOR = "actor", "The reaction's actor"
    SIGNATORIES = "signatories", "The reaction's signatories (a joint statement)"
    SOURCE = "source", "None: the source says it in its own voice"


# The picture, in SVG user units (CSS pixels at the page's full width).
WIDTH = 1100
MARGIN = 16
AXIS_TOP = 30  # the axis line; tick labels above it
LANE_HEIGHT = 36
MARK_Y = 10  # a mark's middle, from its lane's top
LABEL_Y = 28  # a label's baseline, from its lane's top
BAND_GAP = 40  # between the dated lanes and the undated band (which has a heading)
POINT_RADIUS = 6
BAR_HEIGHT = 12
MIN_BAR = 4 * POINT_RADIUS  # a range is never drawn narrower than a point, or it would read as one
FONT_SIZE = 12
# Labels are drawn with exactly this width per character (SVG textLength), so the lanes computed
# here hold whatever font the browser picks.
CHAR_WIDTH = 6.6
LABEL_CHARS = 48
TICK_CHAR_WIDTH = 6.5  # tick labels (11 px) are not fitted: a generous width per character
GAP = 12  # between two marks' extents in one lane
MIN_PAD_DAYS = 7
MAX_TICKS = 10
# Colour-blind-safe (Okabe and Ito, with Tol's wine and green); the source's own voice is grey.
PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#882255", "#117733"]
SOURCE_COLOUR = "#6B6B6B"


def label_text(summary: str) -> str:
    """The summary cut at a word to ``LABEL_CHARS`` (the full text is in the mark's title and the table)."""
    if len(summary) <= LABEL_CHARS:
        return summary
    cut = summary[: LABEL_CHARS - 1].rsplit(" ", 1)[0].rstrip(" ,;:.")
    return f"{cut}…"


@dataclasses.dataclass
class Mark:
    """Where a row is drawn: its shape between ``x0`` and ``x1``, its label, and its lane."""

    shape: str  # "point" or "bar"
    x0: float
    x1: float
    label: str
    fade: str = ""  # "start" or "end": the open side of a bar
    label_anchor: str = "start"
    lane: int = 0
    y: float = 0.0  # the mark's middle
    label_y: float = 0.0

    @property
    def label_width(self) -> float:
        return round(len(self.label) * CHAR_WIDTH, 1)

    @property
    def label_x(self) -> float:
        return self.x0 if self.label_anchor == "start" else self.x1

    @property
    def left(self) -> float:
        return min(self.x0, self.label_x - (self.label_width if self.label_anchor == "end" else 0))

    @property
    def right(self) -> float:
        return max(self.x1, self.label_x + (self.label_width if self.label_anchor == "start" else 0))

    @property
    def width(self) -> float:
        return round(self.x1 - self.x0, 1)

    @property
    def middle(self) -> float:
        return round((self.x0 + self.x1) / 2, 1)

    @property
    def top(self) -> float:
        return self.y - BAR_HEIGHT / 2

    def place(self, top: float) -> None:
        self.y = top + self.lane * LANE_HEIGHT + MARK_Y
        self.label_y = top + self.lane * LANE_HEIGHT + LABEL_Y


@dataclasses.dataclass
class Row:
    """One event or reaction, with whose word it is."""

    kind: str
    record: Event | Reaction
    alleged_via: str
    alleged_by: Actor | None = None
    alleged_in: Reaction | None = None
    signatories: list = dataclasses.field(default_factory=list)
    url: str = ""
    voice: "Voice | None" = None
    mark: Mark | None = None

    slug = property(lambda self: self.record.slug)
    date = property(lambda self: self.record.date)
    date_earliest = property(lambda self: self.record.date_earliest)
    date_latest = property(lambda self: self.record.date_latest)
    summary = property(lambda self: self.record.brief_name())
    citations = property(lambda self: self.record.prefetched_citations)

    @property
    def dated(self) -> bool:
        return self.date_earliest is not None or self.date_latest is not None

    @property
    def open_start(self) -> bool:
        return self.dated and self.date_earliest is None

    @property
    def open_end(self) -> bool:
        return self.dated and self.date_latest is None

    @property
    def uncertain(self) -> bool:
        return is_uncertain(self.date)

    @property
    def lane(self) -> int:
        return self.mark.lane

    @property
    def quotes(self) -> list[str]:
        return [citation.quote for citation in self.citations]

    @property
    def alleged_via_label(self) -> str:
        return AllegedVia(self.alleged_via).label

    @property
    def sort_key(self):
        # The API's `date` ordering: the earliest bound, else the latest (an open start), undated last.
        return (self.date_earliest or self.date_latest or datetime.date.max, self.slug, self.kind)

    def voice_key(self) -> tuple[str, str]:
        """Whose word the row is, as (key, name): one colour per actor or statement."""
        if self.alleged_by is not None:
            return f"actor:{self.alleged_by.slug}", self.alleged_by.name
        statement = self.alleged_in or (self.record if self.alleged_via == AllegedVia.SIGNATORIES else None)
        if statement is not None:
            return f"statement:{statement.slug}", f"The statement: {label_text(statement.brief_name())}"
        return "source", "The source, in its own voice (no one named)"


@dataclasses.dataclass
class Voice:
    """A class of rows by whose word they are: one colour and one legend entry."""

    key: str
    name: str
    colour: str
    index: int


def event_row(event: Event) -> Row:
    if event.attributed_to_id is not None:
        return Row(RowKind.EVENT, event, AllegedVia.ATTRIBUTED_TO, alleged_by=event.attributed_to)
    if event.alleged_in_id is not None:
        return Row(RowKind.EVENT, event, AllegedVia.ALLEGED_IN, alleged_in=event.alleged_in)
    return Row(RowKind.EVENT, event, AllegedVia.SOURCE)


def reaction_row(reaction: Reaction) -> Row:
    if reaction.actor_id is not None:
        return Row(RowKind.REACTION, reaction, AllegedVia.ACTOR, alleged_by=reaction.actor)
    signatories = reaction.prefetched_signatories
    if signatories:
        return Row(RowKind.REACTION, reaction, AllegedVia.SIGNATORIES, signatories=signatories)
    return Row(RowKind.REACTION, reaction, AllegedVia.SOURCE)


def rows_of(conflict, visible) -> list[Row]:
    """The conflict's events and reactions that ``visible`` lets through (a queryset filter: the
    caller's side of the trust boundary), in date order. Five queries, whatever their number."""
    events = visible(
        with_briefs(Event.objects.filter(conflict=conflict), "attributed_to", "alleged_in")
    ).prefetch_related(citations_prefetch())
    reactions = visible(with_briefs(Reaction.objects.filter(conflict=conflict), "actor")).prefetch_related(
        listed("signatories", briefs(Actor)), citations_prefetch()
    )
    rows = [event_row(event) for event in events] + [reaction_row(reaction) for reaction in reactions]
    return sorted(rows, key=lambda row: row.sort_key)


# --- the axis ----------------------------------------------------------------------------------


def shift(day: datetime.date, days: int) -> datetime.date:
    """``day`` moved by ``days``, held within the calendar the dates can name (years 1 to 9999)."""
    try:
        return day + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min


@dataclasses.dataclass
class Tick:
    x: float
    label: str


@dataclasses.dataclass
class Axis:
    """Days from ``start`` (inclusive) to ``end`` (exclusive) across the picture's width."""

    start: datetime.date
    end: datetime.date
    left: float = MARGIN
    right: float = WIDTH - MARGIN

    @classmethod
    def around(cls, rows: list[Row]) -> "Axis":
        """Every known bound of ``rows`` and room beside them, so an open bound has space to fade."""
        bounds = [day for row in rows for day in (row.date_earliest, row.date_latest) if day is not None]
        first, last = min(bounds), shift(max(bounds), 1)
        pad = max(MIN_PAD_DAYS, (last - first).days // 10)
        return cls(shift(first, -pad), shift(last, pad))

    def x(self, day: datetime.date) -> float:
        share = (day - self.start).days / (self.end - self.start).days
        return round(self.left + share * (self.right - self.left), 1)

    def ticks(self) -> list[Tick]:
        for step in TICK_STEPS:
            # At most one more than needed: a day step over millennia would make millions.
            days = list(itertools.islice(step(self.start, self.end), MAX_TICKS + 1))
            if len(days) <= MAX_TICKS:
                break
        ticks = [Tick(self.x(day), text) for day, text in days]
        # A tick label is centred on its tick: one that would be cut by the picture's edge is left out.
        return [
            tick
            for tick in ticks
            if tick.x - len(tick.label) * TICK_CHAR_WIDTH / 2 >= 0
            and tick.x + len(tick.label) * TICK_CHAR_WIDTH / 2 <= WIDTH
        ]


def _day_ticks(every: int):
    def ticks(start, end):
        day = start
        while day < end:
            yield day, f"{day.day} {day:%b %Y}"
            day += datetime.timedelta(days=every)

    return ticks


def _month_ticks(every: int):
    def ticks(start, end):
        month = start.year * 12 + start.month - 1
        month += -month % every
        while (day := datetime.date(month // 12, month % 12 + 1, 1)) < end:
            if day >= start:
                yield day, f"{day:%b %Y}"
            month += every

    return ticks


def _year_ticks(every: int):
    def ticks(start, end):
        year = start.year + (-start.year % every)
        while year <= datetime.MAXYEAR and (day := datetime.date(year, 1, 1)) < end:
            if day >= start:
                yield day, str(day.year)
            year += every

    return ticks


# From the finest step up; the first that gives at most MAX_TICKS ticks is drawn.
TICK_STEPS = [
    *(_day_ticks(n) for n in (1, 2, 7, 14)),
    *(_month_ticks(n) for n in (1, 3, 6)),
    *(_year_ticks(n) for n in (1, 2, 5, 10, 20, 50, 100, 250, 500, 1000, 2500)),
]


# --- marks and lanes ---------------------------------------------------------------------------


def dated_mark(axis: Axis, row: Row) -> Mark:
    """A point for an exact day, else a bar over the days the date can mean; an open side
    reaches the axis' edge and fades."""
    label = label_text(row.summary)
    if row.date_earliest is not None and row.date_earliest == row.date_latest:
        middle = (axis.x(row.date_earliest) + axis.x(shift(row.date_earliest, 1))) / 2
        mark = Mark("point", round(middle - POINT_RADIUS, 1), round(middle + POINT_RADIUS, 1), label)
    else:
        x0 = axis.left if row.open_start else axis.x(row.date_earliest)
        x1 = axis.right if row.open_end else axis.x(shift(row.date_latest, 1))
        if x1 - x0 < MIN_BAR:
            middle = (x0 + x1) / 2
            x0, x1 = round(middle - MIN_BAR / 2, 1), round(middle + MIN_BAR / 2, 1)
        fade = "start" if row.open_start else "end" if row.open_end else ""
        mark = Mark("bar", x0, x1, label, fade=fade)
    # The label starts at the mark's known side and stays inside the picture.
    if row.open_start or mark.x0 + mark.label_width > axis.right:
        mark.label_anchor = "end"
    if mark.label_anchor == "end" and mark.x1 - mark.label_width < axis.left:
        mark.label_anchor = "start"
    return mark


def pack(marks: list[Mark]) -> int:
    """Greedy interval packing: each mark, from the leftmost, goes to the first lane whose last
    mark (and its label) ends a gap before it starts. Returns the number of lanes."""
    ends: list[float] = []
    for mark in sorted(marks, key=lambda mark: mark.left):
        lane = next((lane for lane, end in enumerate(ends) if end + GAP <= mark.left), len(ends))
        if lane == len(ends):
            ends.append(0.0)
        ends[lane] = mark.right
        mark.lane = lane
    return len(ends)


def flow(marks: list[Mark], left: float, right: float) -> int:
    """Undated marks side by side in reading order, a new lane when one is full. Returns the
    number of lanes."""
    lane, cursor = 0, left
    for mark in marks:
        width = mark.right - mark.left
        if cursor > left and cursor + width > right:
            lane, cursor = lane + 1, left
        mark.x0, mark.x1, mark.lane = cursor, cursor + 2 * POINT_RADIUS, lane
        cursor += width + GAP
    return lane + 1 if marks else 0


@dataclasses.dataclass
class Timeline:
    """The rows and everything the picture needs: axis ticks, lanes, bands, legend."""

    conflict: object
    rows: list[Row]
    voices: list[Voice]
    ticks: list[Tick]
    width: float
    height: float
    axis_y: float
    dated_top: float
    undated_top: float | None

    left = MARGIN
    right = WIDTH - MARGIN
    radius = POINT_RADIUS
    bar_height = BAR_HEIGHT

    @property
    def tick_label_y(self) -> float:
        return self.axis_y - 8

    @property
    def band_label_y(self) -> float:
        return self.undated_top - 10

    @property
    def dated_bottom(self) -> float:
        """Where the ticks' guide lines end: below the last dated lane, above the undated band."""
        return max((row.mark.label_y for row in self.dated_rows), default=self.dated_top) + 8

    @property
    def dated_rows(self) -> list[Row]:
        return [row for row in self.rows if row.dated]

    @property
    def undated_rows(self) -> list[Row]:
        return [row for row in self.rows if not row.dated]

    @property
    def shapes(self) -> set[str]:
        """What the legend explains: only the encodings the picture uses."""
        used = {f"fade-{row.mark.fade}" if row.mark.fade else row.mark.shape for row in self.dated_rows}
        used |= {"uncertain"} if any(row.uncertain for row in self.rows) else set()
        used |= {"undated"} if self.undated_rows else set()
        return used


def voices_of(rows: list[Row]) -> list[Voice]:
    """One colour per actor or statement, in order of first appearance; the source's voice grey."""
    voices: dict[str, Voice] = {}
    for row in rows:
        key, name = row.voice_key()
        if key not in voices:
            others = sum(voice.key != "source" for voice in voices.values())
            colour = SOURCE_COLOUR if key == "source" else PALETTE[others % len(PALETTE)]
            voices[key] = Voice(key, name, colour, len(voices))
        row.voice = voices[key]
    return list(voices.values())


def lay_out(rows: list[Row]) -> tuple[list[Tick], float, float, float | None]:
    """Give every row its mark and lane; return the ticks, the height, and the bands' tops."""
    dated = [row for row in rows if row.dated]
    ticks: list[Tick] = []
    top = AXIS_TOP + 14
    lanes = 0
    if dated:
        axis = Axis.around(dated)
        ticks = axis.ticks()
        for row in dated:
            row.mark = dated_mark(axis, row)
        lanes = pack([row.mark for row in dated])
        for row in dated:
            row.mark.place(top)
    undated = [row for row in rows if not row.dated]
    undated_top = None
    height = top + lanes * LANE_HEIGHT
    if undated:
        undated_top = height + BAND_GAP
        for row in undated:
            row.mark = Mark("point", 0.0, 2 * POINT_RADIUS, label_text(row.summary))
        band_lanes = flow([row.mark for row in undated], MARGIN, WIDTH - MARGIN)
        for row in undated:
            row.mark.place(undated_top)
        height = undated_top + band_lanes * LANE_HEIGHT
    return ticks, height + 8, top, undated_top


def timeline(conflict, visible, request) -> Timeline:
    """The conflict's timeline as ``visible`` lets the caller see it, with the records' API URLs."""
    rows = rows_of(conflict, visible)
    for row in rows:
        row.url = detail_url(request, f"{row.kind}-detail", row.slug)
    voices = voices_of(rows)
    ticks, height, dated_top, undated_top = lay_out(rows)
    return Timeline(conflict, rows, voices, ticks, WIDTH, height, AXIS_TOP, dated_top, undated_top)
