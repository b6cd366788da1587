"""Parse an encyclopedia article in the seeds' plain-text form into an ``Article`` of spans.

The form (see ``documents/seeds/2024-armenian-coup-attempt-allegations.txt``)::

    = Title =

    Infobox
    - Key: Value            (Conflict, Partof, Date, Place, Status, Result,
    - ...                    CombatantN, CommanderN, CasualtiesN for any N >= 1, others kept)

    Lead prose...

    ==Section==
    ...
    == See also ==
    - Entry

The text came from a wiki page with its flag icons stripped, so infobox lists carry
leftovers that are cleaned here:

* "20px" (an image width) marks where a flag icon stood; it is removed, and since an icon
  starts a list entry, it also separates entries ("Russia 20px Belarus" is two names).
* Entries are separated by commas outside brackets; empty entries are dropped and names are
  trimmed of whitespace and stray punctuation (a quote or bracket stays when balanced inside
  the name).
* In a ``CombatantN`` value, "Supported by:" makes the following entries supporters (text
  after it in the same entry is the first supporter). "(per X)" means "alleged by X": it
  belongs to the name just before it in the same entry ("Russia (per Armenia)"); a lone
  "(per X)" entry belongs to the preceding member of the same role if that member has no
  "per" of its own, otherwise it is a member whose name the source lost (``name=None``), as in
  the seed's "Supported by:, (per Armenia)". Other parentheses stay part of the name:
  "Wagner Group (until 2023)".
* ``CommanderN`` values are cleaned the same way; a "(per X)" is cut off the name (commander
  spans have no place for it) and "Supported by:" is dropped.
* ``CasualtiesN`` values are split only on ";" (and at flag icons): "3 killed, 5 wounded" is
  one casualty statement, not two.
"""

import re
from dataclasses import replace

from . import Article, ParseError, Section, SeeAlso, SideMember, Span
from ._text import Line, clean_name, clean_names, empty_span, span, split_lines, split_on

# The title line: "= Title =" (a single "=" each side; "==" opens a section instead),
# perhaps after a byte-order mark left by a file read as "utf-8" rather than "utf-8-sig".
TITLE_RE = re.compile(r"^\ufeff?\s*=(?!=)\s*(?P<title>[^\s=](?:.*[^\s=])?)\s*(?<!=)=\s*$")

# The line that opens the infobox block: "Infobox" (optionally followed by a kind).
INFOBOX_RE = re.compile(r"^\s*infobox\b.*$", re.IGNORECASE)

# An infobox entry: "- Key: Value" (the key is a short word-like label; the value may be empty).
INFOBOX_ITEM_RE = re.compile(r"^\s*[-*•]\s*(?P<key>[^\W\d_][\w ]{0,40}?)\s*:(?P<value>.*)$")

# A heading: "==Title==", "=== Sub ===" (the same number of "=" on both sides).
HEADING_RE = re.compile(r"^\s*(?P<marks>={2,})\s*(?P<title>[^\s=](?:.*[^\s=])?)\s*(?P=marks)\s*$")

# A list entry in the See also section: "- Entry" or "* Entry".
LIST_ITEM_RE = re.compile(r"^\s*[-*•]\s*(?P<entry>.*)$")

# Numbered infobox keys, once lowercased and stripped of spaces: "combatant2", "casualties10".
SIDE_KEY_RE = re.compile(r"^(?P<kind>combatant|commander|casualties)(?P<side>[0-9]{1,4})$")

# "Supported by:" (the colon optional): the entries after it are supporters.
SUPPORTED_BY_RE = re.compile(r"\bsupported\s+by\b\s*:?", re.IGNORECASE)

# "(per X)": X alleges the entry; an unclosed "(per X" at the end of an entry counts too.
PER_RE = re.compile(r"\(\s*per\b\s*(?P<who>[^()]*?)\s*(?:\)|$)", re.IGNORECASE)

# See also entries that are lists or topics, never a conflict: "List of coups", "... relations".
NOT_CONFLICT_RE = re.compile(
    r"^\s*(?:lists?|timeline|outline|index|history|category)\s+of\b"
    r"|^\s*category\s*:"
    r"|\b(?:relations|relationship|relationships|sentiment|movement|diplomacy)\b",
    re.IGNORECASE,
)

# See also entries that name a conflict-like event: coups, attempts, allegations, plots, wars...
CONFLICT_RE = re.compile(
    r"\b(?:coups?|coup\s+d[’']\s*[ée]tat|putsch(?:es)?|self-coup|attempts?|allegations?|plots?|"
    r"wars?|conflicts?|crisis|crises|offensives?|uprisings?|revolutions?|insurrections?|"
    r"mutiny|mutinies|rebellions?|revolts?|insurgency|invasion|battle|siege|clashes|"
    r"assassinations?|massacres?|conspiracy|conspiracies)\b",
    re.IGNORECASE,
)

# The infobox keys that fill a field of Article, once lowercased and stripped of spaces and "_".
FIELD_OF_KEY = {
    "conflict": "conflict",
    "partof": "part_of",
    "date": "date",
    "status": "status",
    "result": "result",
}


def parse_article(text: str) -> Article:
    """Parse ``text`` (an article in the seeds' plain-text form) into spans of ``text``.

    Raises ``ParseError`` when the text is not such an article (no "= Title =" first line,
    a repeated infobox key).
    """
    lines = split_lines(text)
    index = _first_non_blank(lines, 0)
    if index is None:
        raise ParseError("article: the text is empty")
    title_match = TITLE_RE.match(lines[index].text)
    if title_match is None:
        raise ParseError(
            f"article: line {lines[index].number} should be the '= Title =' line, "
            f"found {lines[index].text.strip()[:60]!r}"
        )
    title = _group_span(text, lines[index], title_match, "title")
    article = Article(title=title)

    index, infobox_lines = _infobox_lines(lines, index + 1)
    _read_infobox(text, infobox_lines, article)

    headings = [i for i in range(index, len(lines)) if _section_heading(lines[i])]
    lead_end = lines[headings[0]].start if headings else len(text)
    lead_start = lines[index].start if index < len(lines) else len(text)
    article.lead = span(text, lead_start, lead_end)

    for position, heading_index in enumerate(headings):
        next_index = headings[position + 1] if position + 1 < len(headings) else len(lines)
        section = _section(text, lines, heading_index, next_index)
        article.sections.append(section)
        if " ".join(section.title.text.lower().split()) == "see also":
            article.see_also.extend(_see_also(text, lines[heading_index + 1 : next_index]))
    return article


def _first_non_blank(lines: list[Line], index: int) -> int | None:
    while index < len(lines) and lines[index].blank:
        index += 1
    return index if index < len(lines) else None


def _group_span(text: str, line: Line, match: re.Match, group: str) -> Span:
    start, end = line.start + match.start(group), line.start + match.end(group)
    return Span(text[start:end], start, end)


# --- infobox ------------------------------------------------------------------------------


def _infobox_lines(lines: list[Line], index: int) -> tuple[int, list[tuple[Line, re.Match]]]:
    """The "- Key: Value" lines after the title (under an optional "Infobox" line), and the index after them."""
    start = _first_non_blank(lines, index)
    if start is None:
        return len(lines), []
    if INFOBOX_RE.match(lines[start].text):
        after_header = _first_non_blank(lines, start + 1)
        if after_header is None:
            return len(lines), []
        start = after_header
    items = []
    index = start
    while index < len(lines):
        match = INFOBOX_ITEM_RE.match(lines[index].text)
        if match is None:
            break
        items.append((lines[index], match))
        index += 1
    if not items:
        # No infobox: the lead starts right after the title (and an "Infobox" line, if any).
        return start, []
    return index, items


def _read_infobox(text: str, items: list[tuple[Line, re.Match]], article: Article) -> None:
    seen: dict[str, int] = {}
    for line, match in items:
        key = match.group("key").strip()
        normal = re.sub(r"[\s_]+", "", key.lower())
        if normal in seen:
            raise ParseError(
                f"article: infobox key {key!r} on line {line.number} repeats the one on line {seen[normal]}"
            )
        seen[normal] = line.number
        value_start, value_end = line.start + match.start("value"), line.start + match.end("value")
        value = span(text, value_start, value_end) or empty_span(text, value_end)
        article.infobox[key] = value
        if not value.text:
            continue
        if normal in FIELD_OF_KEY:
            setattr(article, FIELD_OF_KEY[normal], value)
        elif normal == "place":
            article.places = _names(text, value, ",")
        elif side_match := SIDE_KEY_RE.match(normal):
            side = int(side_match.group("side"))
            if side < 1:
                continue
            kind = side_match.group("kind")
            if kind == "combatant":
                article.combatants[side] = side_members(text, value.start, value.end)
            elif kind == "commander":
                members = side_members(text, value.start, value.end)
                article.commanders[side] = [m.name for m in members if m.name is not None]
            else:
                article.casualties[side] = _names(text, value, ";\n")


def _names(text: str, value: Span, separators: str) -> list[Span]:
    """The cleaned names of an infobox value split at ``separators`` (outside brackets) and flag icons."""
    names = []
    for start, end in split_on(text, value.start, value.end, separators):
        names.extend(clean_names(text, start, end))
    return names


def side_members(text: str, start: int, end: int) -> list[SideMember]:
    """The members of one side from a ``CombatantN`` value in ``text[start:end]``.

    See the module docstring for how "Supported by:" and "(per X)" are read.
    """
    members: list[SideMember] = []
    role = "belligerent"
    run_start = 0  # index in members where the current role's run began
    for item_start, item_end in split_on(text, start, end, ","):
        for part_start, part_end, switches in _role_parts(text, item_start, item_end):
            if switches and role != "supporter":
                role = "supporter"
                run_start = len(members)
            _read_part(text, part_start, part_end, role, members, run_start)
    return members


def _role_parts(text: str, start: int, end: int) -> list[tuple[int, int, bool]]:
    """Split an entry at "Supported by:"; the flag says whether the part follows the marker."""
    parts = []
    part_start, switches = start, False
    for match in SUPPORTED_BY_RE.finditer(text, start, end):
        parts.append((part_start, match.start(), switches))
        part_start, switches = match.end(), True
    parts.append((part_start, end, switches))
    return parts


def _read_part(text: str, start: int, end: int, role: str, members: list[SideMember], run_start: int) -> None:
    """Append the members named in ``text[start:end]``, reading each "(per X)" as "alleged by X"."""
    name_start = start
    for per in PER_RE.finditer(text, start, end):
        names = clean_names(text, name_start, per.start())
        alleged_by = _alleged_by(text, per)
        for name in names[:-1]:
            members.append(SideMember(name=name, role=role))
        if names:
            members.append(SideMember(name=names[-1], role=role, alleged_by=alleged_by))
        elif len(members) > run_start and members[-1].alleged_by is None:
            members[-1] = replace(members[-1], alleged_by=alleged_by)
        else:
            members.append(SideMember(name=None, role=role, alleged_by=alleged_by))
        name_start = per.end()
    for name in clean_names(text, name_start, end):
        members.append(SideMember(name=name, role=role))


def _alleged_by(text: str, per: re.Match) -> Span | None:
    names = clean_names(text, per.start("who"), per.end("who"))
    return names[0] if names else None


# --- sections -----------------------------------------------------------------------------


def _section_heading(line: Line) -> re.Match | None:
    """The heading match of a level-2 heading line ("==Title=="); deeper headings stay in the body."""
    match = HEADING_RE.match(line.text)
    if match is not None and len(match.group("marks")) == 2:
        return match
    return None


def _section(text: str, lines: list[Line], heading_index: int, next_index: int) -> Section:
    heading = lines[heading_index]
    title = _group_span(text, heading, _section_heading(heading), "title")
    body_start = lines[heading_index + 1].start if heading_index + 1 < len(lines) else heading.end
    body_end = lines[next_index].start if next_index < len(lines) else len(text)
    body = span(text, body_start, body_end) or empty_span(text, heading.end)
    return Section(title=title, body=body)


def _see_also(text: str, lines: list[Line]) -> list[SeeAlso]:
    entries = []
    for line in lines:
        match = LIST_ITEM_RE.match(line.text)
        if match is None:
            continue
        name = clean_name(text, line.start + match.start("entry"), line.start + match.end("entry"))
        if name is not None:
            entries.append(SeeAlso(name=name, is_conflict=is_conflict(name.text)))
    return entries


def is_conflict(name: str) -> bool:
    """Whether a See also entry names a conflict-like event rather than a list or a topic."""
    if NOT_CONFLICT_RE.search(name):
        return False
    return CONFLICT_RE.search(name) is not None
