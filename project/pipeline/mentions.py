"""Who a document's prose names: proper names, acronyms and titled people, with the kind of actor
the words say, and the speaker's phrases ("the junta", "his lawyer") a claim can rest on.

Pure functions of text. A name is a run of capitalised words ("Ministry of the Interior and
Public Security", "Gaspard Ondimba", "ECOWAS"), trimmed of the sentence's opening words ("On",
"According") and of a title ("General", "President"), which is kept. The kind comes from the
name's words ("Ministry" is a state agency, "Brigade" an armed group, "Republic of X" a state)
or its title (a titled name is a person); a bare word ("Kaldoria") is of unknown kind.
"""

import re
from dataclasses import dataclass

CAP = r"(?:(?:al|el|ad|ash|as|at|an|ar)-)?(?:[A-ZÀ-ÖØ-Þ][\w’'\-]*)"  # "al-Mutairiq" too
CONNECTOR = r"(?:of\s+the|of|for\s+the|for|on|de|du|des|da|do|al|bin|ibn|bint|ben|ould|van|von|der|la|le|and\s+the|and|&)"
NAME_RE = re.compile(
    rf"(?<![\w’'-])(?:(?:the|The)[ \t]+)?(?:\d{{1,3}}(?:st|nd|rd|th)[ \t]+)?{CAP}(?:(?:[ \t]+{CONNECTOR})?[ \t]+{CAP}|-{CAP})*(?![\w’'-])"
)

TITLES = [
    "President", "Vice President", "Prime Minister", "Deputy Prime Minister", "Minister",
    "Foreign Minister", "Defence Minister", "Defense Minister", "Interior Minister",
    "General", "Lieutenant General", "Major General", "Brigadier General", "Brigadier", "Gen.",
    "Colonel", "Col.", "Lieutenant Colonel", "Lieutenant", "Lt.", "Captain", "Capt.", "Major",
    "Commander", "Admiral", "Sergeant", "Marshal", "Field Marshal", "Senator", "Judge", "Justice",
    "Prosecutor General", "Prosecutor", "Dr", "Dr.", "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.",
    "Professor", "Prof.", "King", "Queen", "Prince", "Princess", "Sheikh", "Archbishop", "Bishop",
    "Father", "Deputy", "Speaker", "Governor", "Mayor", "Ambassador", "Chief", "Attorney General",
    "Solicitor General", "Chief of Staff", "Head", "Chairman", "Chairwoman", "Secretary",
    "Secretary-General", "Secretary General", "Spokesman", "Spokeswoman", "Commissioner",
    "Inspector General", "Director", "Imam", "Pastor", "Rev.", "Reverend", "Minister of State",
]  # fmt: skip
ANY_TITLE = "|".join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))  # longest first
TITLE_RE = re.compile(r"^(?:(?:" + ANY_TITLE + r")\s+)+")
DEMONYM_BEFORE_TITLE = re.compile(r"^[A-Z][a-z]+(?:ian|ean|ese|ish|i|an)\s+(?=(?:" + ANY_TITLE + r")\s)")
TITLE_BEFORE_RE = re.compile(r"(?<![\w.])(?:(?:" + ANY_TITLE + r")\s+)+$")


# A title in lowercase before a name, as news copy writes it: "Russian foreign minister Maria
# Zakharova", "ministry spokeswoman Johanna Jovic", or in apposition, "the foreign minister, Ana
# Ruiz,". Kept as the title, as "President" and "General" are; no rank words ("general" and
# "colonel" are common words in lowercase).
LOWER_TITLE = (
    r"(?:(?:deputy|vice|acting|interim|former)\s+)?"
    r"(?:(?:prime|foreign|defen[cs]e|interior|justice|finance|information|security|health|education|"
    r"economy|trade|energy)\s+minister|minister|vice[\s-]president|president|spokes(?:man|woman|person)|"
    r"ambassador|(?:chief\s+|public\s+)?prosecutor|attorney[\s-]general|army\s+chief|chief\s+of\s+staff|"
    r"opposition\s+leader|governor|mayor|senator)"
)
LOWER_TITLE_BEFORE = re.compile(rf"(?<![\w’'-])(?P<title>{LOWER_TITLE})\s+$")
LOWER_TITLE_APPOSITION = re.compile(
    rf"(?<![\w’'-])(?:[Tt]he|[Ii]ts|[Hh]is|[Hh]er|[Tt]heir|[\w-]+(?:’s|'s)|[A-Z][a-z]+(?:ian|ean|ese|ish|i|an))\s+"
    rf"(?P<title>{LOWER_TITLE}),\s+$"
)


def title_before(text: str, start: int, end: int) -> str:
    """The title right before ``end`` ("Sheikh " before "Mansour bin Khalifa", "foreign minister "
    before "Maria Zakharova"), or ""."""
    match = TITLE_BEFORE_RE.search(text, start, end) or LOWER_TITLE_BEFORE.search(text, start, end)
    return " ".join(match.group().split()) if match else ""


def lower_title(text: str, start: int, name_start: int, name_end: int) -> str:
    """A lowercase title right before a name ("foreign minister Maria Zakharova") or before it in
    apposition ("the foreign minister, Ana Ruiz,"), or ""."""
    window = max(start, name_start - 60)
    match = LOWER_TITLE_BEFORE.search(text, window, name_start)
    if match is None and text[name_end : name_end + 1] == ",":
        match = LOWER_TITLE_APPOSITION.search(text, window, name_start)
    return " ".join(match.group("title").split()) if match else ""


# Words that open a sentence or a clause and are no part of a name after them.
OPENERS = {
    "the", "a", "an", "on", "in", "at", "by", "to", "for", "from", "of", "with", "after", "before",
    "during", "since", "until", "according", "later", "earlier", "meanwhile", "however", "but",
    "and", "or", "when", "while", "following", "as", "this", "that", "these", "those", "his", "her",
    "its", "their", "our", "we", "he", "she", "they", "it", "i", "speaking", "asked", "last", "next",
    "among", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
    "twelve", "one", "both", "all", "some", "several", "many", "most", "no", "if", "then", "there",
    "here", "also", "yet", "so", "thus", "obviously", "based", "under", "over", "within", "without",
    "between", "despite", "because", "once", "hours", "days", "weeks", "each", "every", "such",
    "other", "another", "former", "ruling", "opposition", "neighbouring", "neighboring", "unlike", "like", "near", "outside", "inside", "into", "onto",
    "about", "against", "across", "through", "via", "per", "who", "whose", "which", "what",
    "where", "why", "how", "not", "nor", "only", "even", "just", "now", "today", "tonight",
    "yesterday", "tomorrow", "eds", "note", "ends", "re", "we,", "my", "your", "dear",
    "officers", "soldiers", "members", "units", "troops", "supporters", "officials", "residents",
    "diplomats", "activists", "journalists", "relatives", "lawyers", "investigators", "witnesses",
    "analysts", "observers", "sources", "protesters", "gunmen", "deputies", "ministers",
}  # fmt: skip
CALENDAR = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}  # fmt: skip
# A month's abbreviation is one only with its full stop: "Jan. 5", but "Jan Adhikar Party".
CALENDAR_ABBREVIATIONS = {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}

# The kind a name's words say, tried in order: the first that matches wins.
KIND_WORDS = [
    ("state", r"^(?:the\s+)?(?:Republic|Kingdom|Federation|Federal\s+Republic|Principality|Sultanate|Emirate|Commonwealth|State)\s+of\b|\b(?:Republic|Kingdom)$|^[A-Z][\w’'-]+\s+Federation$"),
    ("media", r"^(?:Le|La|Les|El|Al|Die|Der|Il)\s|\b(?:Rádio|Kanal|News|Press|Wire|TV|Television|Radio|Times|Post|Herald|Gazette|Tribune|Broadcast\w*|Agency\s+France|Journal|Daily|Media|Channel)\b"),
    ("government", r"\b(?:Government|Cabinet|Presidency|Council\s+of\s+Ministers|(?:Transitional|Military|National|Revolutionary|Supreme|Sovereign)\s+(?:\w+\s+)?Council|Junta|Administration)\b"),
    ("state_agency", r"\b(?:Ministry|Minister\s+of|Department|Directorate|Committee\s+of\s+the\s+Republic|Investigative\s+Committee|Security\s+Service|Intelligence|Bureau|Police|Gendarmerie|Prosecutor|Prosecution|Court|Tribunal|Parliament|Assembly|Senate|Chamber\s+of|Commission|Office|Agency|Service|Customs|Border\s+Guard|Security\s+Council|Electoral)\b"),
    ("armed_group", r"\b(?:Army|Command|Armed\s+Forces|Forces|Guard|Battalion|Brigade|Regiment|Division|Corps|Militia|Legion|Unit|Squad|Company|Fighters|Brotherhood|Sons|Eagles|Hawks|Lions|Rangers|Commandos|Paratroopers|Tigers|Wolves|Front\s+for\s+the\s+Liberation|Liberation\s+(?:Army|Front|Cadre)|Force|Air\s+(?:Wing|Defen[cs]e))\b|^\d{1,3}(?:st|nd|rd|th)\s"),
    ("political_group", r"\b(?:Party|Movement|Front|Alliance|Coalition|Union\s+for|Rally|Bloc|Opposition|Congress)\b"),
    ("ngo", r"\b(?:NGO|Association|Foundation|League|Watch|Centre|Center|Club|Initiative|Network|Society|Union|Collective|Forum|Observatory|Defenders?|Citizens|Rights)\b"),
    ("organization", r"\b(?:Organi[sz]ation|Institute|University|Church|Bank|Fund|Community|Council|Commission|Union|Group|Company|Corporation|Programme|Program|Mission)\b"),
]  # fmt: skip
KIND_RES = [(kind, re.compile(pattern)) for kind, pattern in KIND_WORDS]
WELL_KNOWN = {
    "UN": "organization", "ECOWAS": "organization", "AU": "organization", "EU": "organization",
    "NATO": "organization", "CSTO": "organization", "OSCE": "organization", "SADC": "organization",
    "IGAD": "organization", "ICC": "organization", "IMF": "organization", "OAS": "organization",
    "United Nations": "organization", "African Union": "organization", "European Union": "organization",
    "Kremlin": "state", "Amnesty International": "ngo", "Human Rights Watch": "ngo",
}  # fmt: skip

# A phrase that names a speaker by its role, not its name: "the junta", "the army", "officials".
COMMON_SPEAKERS = {
    "junta": "government", "military junta": "government", "ruling junta": "government",
    "military council": "government", "ruling council": "government",
    "army": "armed_group", "military": "armed_group", "armed forces": "armed_group",
    "government": "government", "presidency": "government", "ministry": "state_agency",
    "police": "state_agency", "prosecutor": "state_agency", "prosecutors": "state_agency",
    "authorities": "government", "officials": "government", "opposition": "political_group",
    "rebels": "armed_group", "mutineers": "armed_group", "plotters": "armed_group",
    "state broadcaster": "media", "state media": "media", "state television": "media",
    "palace": "government", "council": "government", "bureau": "state_agency",
    "gendarmerie": "state_agency", "committee": "state_agency",
}  # fmt: skip


# What follows "Minister of": a portfolio, not an entity.
PORTFOLIOS = {
    "finance", "defence", "defense", "interior", "justice", "health", "education", "agriculture",
    "energy", "trade", "commerce", "labour", "labor", "transport", "culture", "information",
    "communication", "communications", "state", "security", "foreign", "home", "public", "economy",
    "the", "national", "internal", "territorial", "mines", "water", "youth", "sport", "sports",
}  # fmt: skip


PORTFOLIO_WORDS = PORTFOLIOS | {
    "affairs", "and", "development", "planning", "relations", "cooperation", "administration",
    "order", "protection", "services", "works", "infrastructure", "resources", "decentralisation",
    "decentralization", "reconciliation", "veterans", "citizenship", "immigration", "media",
}  # fmt: skip
PORTFOLIO_RE = re.compile(
    r"of\s+(?:the\s+)?(?:(?:" + "|".join(sorted(PORTFOLIO_WORDS, key=len, reverse=True)) + r")\b\s*)+",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Found:
    """A name in the text: where it stands (without its title), its kind, and the title before it."""

    start: int
    end: int
    name: str
    kind: str
    title: str = ""


EVENT_NAME = re.compile(
    r"\b(?:Invasion|War|Offensive|Revolution|Crisis|Elections?|Coup|Summit|Exercises?|Agreement|"
    r"Treaty|Accords?|Referendum|Uprising|Massacre|Conference|Games|Day)\b"
)
GOVERNMENT_OF = re.compile(
    r"(?<![\w])(?P<government>(?:government|(?P<portfolio>foreign|defen[cs]e|interior|justice|finance)\s+ministry)\s+of\s+)$",
    re.IGNORECASE,
)
MINISTRIES = {
    "foreign": "Foreign Affairs", "defence": "Defence", "defense": "Defense", "interior": "the Interior",
    "justice": "Justice", "finance": "Finance",
}  # fmt: skip


def kind_of(name: str, title: str = "") -> str:
    """The kind of actor ``name`` is, from its words and the title before it."""
    bare = re.sub(r"^the\s+", "", name, flags=re.I)
    if bare in WELL_KNOWN:
        return WELL_KNOWN[bare]
    if title and not re.search(r"Minister\s+of|Ministry", name):
        return "person"
    for kind, pattern in KIND_RES:
        if pattern.search(bare):
            return kind
    words = bare.split()
    if len(words) == 1 and bare.isupper() and len(bare) >= 2:
        return "organization"
    if len(words) == 1 and re.search(r"(?:ia|land|stan)$", bare):
        return "state"  # the shape of a country's name: Lusenia, Dravenland
    if 2 <= len(words) <= 4 and all(w[0].isupper() for w in words):
        return "person"
    return "unknown"


def named_as_state(text: str, name: str) -> bool:
    """Whether ``text`` speaks of the one-word ``name`` as a state: "neighbouring Kessaly",
    "Kessaly's foreign ministry", "the government of Kessaly", "the Republic of Kessaly"."""
    name = re.escape(name)
    return (
        re.search(
            rf"\b(?:neighbou?ring|(?:Republic|Kingdom|Federation|Principality|Sultanate|Emirate)\s+of|"
            rf"(?:government|president|embassy|capital|foreign\s+ministry|ministry\s+of\s+foreign\s+affairs)\s+of)"
            rf"\s+(?:the\s+)?{name}(?![\w’'-])|(?<![\w’'-]){name}(?:’s|'s)\s+(?:\w+\s+)?(?:government|foreign\s+ministry|"
            rf"president|prime\s+minister|embassy|ambassador|envoy|charg[eé]\s+d['’]affaires|ruling|army|armed\s+forces|military|junta|parliament|capital|borders?|"
            rf"police|authorities|intelligence\s+services?|security\s+(?:services?|forces))\b",
            text,
            re.IGNORECASE,
        )
        is not None
        # its people's adjective: "Tarquesan prosecutors", "Zoraghi officers"
        or re.search(rf"\b{re.escape(name.rstrip('aeo'))}(?:n|an|ian|i|ese)\s+[a-z]", text) is not None
        # its citizens in uniform or office: "three Nevarrin soldiers"
        or re.search(rf"(?<![\w’'-]){name}\s+(?:soldiers|troops|officials|diplomats|nationals)\b", text)
        is not None
    )


def names_in(text: str, start: int, end: int) -> list[Found]:
    """The names in ``text[start:end]``, in order, trimmed of opening words and titles."""
    found = []
    for match in NAME_RE.finditer(text, start, end):
        name_start, name_end = match.start(), match.end()
        words = list(re.finditer(r"\S+", text[name_start:name_end]))
        # Drop opening words ("On", "According", "The") and calendar words at either edge.
        while words and _drop(words[0].group(), _after(text, name_start + words[0].end())):
            words.pop(0)
        while words and (
            _drop(words[-1].group(), _after(text, name_start + words[-1].end()))
            or words[-1].group().lower() in {"and", "of", "the", "for"}
        ):
            if len(words) >= 2 and _kept_at_end(words[-1].group(), words[-2].group()):
                break
            words.pop()
        if not words:
            continue
        name_start, name_end = name_start + words[0].start(), match.start() + words[-1].end()
        raw = text[name_start:name_end].rstrip(".’'")
        name_end = name_start + len(raw)
        demonym = DEMONYM_BEFORE_TITLE.match(raw)
        titled = TITLE_RE.match(raw[demonym.end() :]) if demonym else None
        if titled and kind_of(raw[demonym.end() + titled.end() :]) == "person":
            # "Wylandian Prime Minister Wyburn Wykes": the adjective is no part of the name (but
            # "Wyndorian Prosecutor General's Office" and "Wyranian General Staff" are names)
            name_start += demonym.end()
            raw = raw[demonym.end() :]
        title_match = TITLE_RE.match(raw)
        title = ""
        if title_match and kind_of(raw[title_match.end() :]) not in ("person", "unknown"):
            title_match = None  # "Prosecutor General's Office", "Presidential Guard": one name
        if title_match and title_match.end() < len(raw):
            title = raw[: title_match.end()].strip()
            name_start += title_match.end()
            raw = raw[title_match.end() :]
        elif title_match:
            continue  # a title alone ("the President") names no one here
        if title and raw.lower().startswith("of "):
            portfolio = PORTFOLIO_RE.match(raw)
            if portfolio and portfolio.end() < len(raw):
                # "Minister of Foreign Affairs Lena Hartvig": the portfolio is part of the title
                title = f"{title} {raw[: portfolio.end()].strip()}"
                name_start += portfolio.end()
                raw = raw[portfolio.end() :]
            elif portfolio:
                continue  # "Minister of Finance": a portfolio, no actor
            else:
                # "the Ambassador of Dalmora", "Prosecutor General of the Republic of Solvane": the
                # title's holder is unnamed; the entity after "of" is what the words name.
                entity = re.sub(r"^of\s+(?:the\s+)?", "", raw, flags=re.IGNORECASE)
                name_start += len(raw) - len(entity)
                raw, title = entity, ""
        owner = re.match(r"^(?P<owner>[^\s’']+)(?:’s|'s)\s+(?=[A-Z])", raw)
        if owner and not title:
            # "the OSCE's Office for Democratic Institutions": the owner and its body, two names
            found.append(
                Found(
                    name_start,
                    name_start + len(owner.group("owner")),
                    owner.group("owner"),
                    kind_of(owner.group("owner")),
                )
            )
            name_start += owner.end()
            raw = raw[owner.end() :]
        parts = re.split(r"\s+and\s+", raw)
        if len(parts) == 2 and all(kind_of(part) == "person" for part in parts):
            # "Farid Osei and Lamine Osei": two people
            second = name_start + raw.rindex(parts[1])
            found.append(Found(name_start, name_start + len(parts[0]), parts[0], "person", title))
            found.append(Found(second, second + len(parts[1]), parts[1], "person"))
            continue
        if raw.endswith(("’s", "'s")):
            raw = raw[:-2]
            name_end -= 2
        if not raw or raw.lower() in OPENERS or raw.lower() in CALENDAR:
            continue
        if EVENT_NAME.search(raw) and not title:
            continue  # "Russian Invasion of Ukraine", "Eagle Partner 2023 Exercises": events, not actors
        government = GOVERNMENT_OF.search(text, max(start, name_start - 30), name_start)
        if government and not title and (" " not in raw or kind_of(raw) in ("person", "unknown", "state")):
            # "the government of Maravie", "the foreign ministry of Qaraltai": named by its state
            name_start = government.start("government")
            portfolio = government.group("portfolio")
            raw = (
                f"Ministry of {MINISTRIES[portfolio.lower()]} of {raw}"
                if portfolio
                else f"Government of {raw}"
            )
        if not title and kind_of(raw) in ("person", "unknown"):
            title = lower_title(text, start, name_start, name_end)
        found.append(Found(name_start, name_end, raw, kind_of(raw, title), title))
    return found


def _kept_at_end(word: str, before: str) -> bool:
    """A capitalised opening word that ends a name: "Chamber of Deputies", "Union of Journalists",
    "Rivosca Today" (a title's words, not the sentence's)."""
    bare = word.rstrip(",.;:’'")
    if not bare[:1].isupper() or bare.lower() in CALENDAR:
        return False
    return (before in ("of", "for") and bare.lower() in OPENERS) or (bare == "Today" and before[:1].isupper())


def _after(text: str, end: int) -> str:
    return text[end : end + 2]


def _drop(word: str, after: str) -> bool:
    """An opening word or a calendar word at a name's edge; ``after``: the text right after it."""
    bare = word.strip(",.;:“”\"'()").lower()
    abbreviation = bare in CALENDAR_ABBREVIATIONS and re.match(r"\.|\s\d", after) is not None
    return bare in OPENERS or bare in CALENDAR or abbreviation or not bare


def acronyms(text: str, start: int, end: int) -> dict[str, str]:
    """ "Full Name (FN)": each acronym the text defines, and the name it stands for."""
    defined = {}
    for match in re.finditer(
        r"([A-Z][\w’'-]*(?:\s+(?:of\s+the|of|for\s+the|for|and|de)?\s*[A-Z][\w’'-]*)+)\s+\(([A-Z]{2,8})\)",
        text[start:end],
    ):
        name = match.group(1)
        words = name.split()
        while words and _drop(words[0], ""):
            words.pop(0)
        name = " ".join(words)
        name = TITLE_RE.sub("", name)
        if name:
            defined[match.group(2)] = name
    return defined


STATE_FORM_RE = re.compile(
    r"\bof\s+the\s+(?:(?:Federal|Democratic|Islamic|People's|United|Socialist)\s+)*"
    r"(?:Republic|Kingdom|Federation|Principality|Sultanate|Emirate|State)\s+of\s+(?=[A-Z])"
)


def plain(name: str) -> str:
    """A body's name without its state's formal style: "Ministry of the Interior of the Republic of
    Yssandria" is the "Ministry of the Interior of Yssandria" a release's publisher line names."""
    return STATE_FORM_RE.sub("of ", name)


NOTE_RE = re.compile(r"\s*\((?=[a-z])[^()]*\)\s*$")


def without_note(name: str) -> str:
    """An infobox name without the editor's note after it: "3rd Jäger Battalion (mutineers)",
    "Free Karvesta Movement (alleged)" name the battalion and the movement."""
    return NOTE_RE.sub("", name) or name


def short_forms(name: str) -> list[str]:
    """The words a person of this name goes by alone: the surname ("Ondimba" of "Gaspard
    Ondimba"), each family name of a double one ("Condori" and "Apaza" of "Wilfredo Condori
    Apaza"), and the given name of a patronymic one ("Mansour" of "Mansour bin Khalifa")."""
    words = name.split()
    if len(words) < 2:
        return []
    if len(words) >= 3 and words[1].lower() in {"bin", "ibn", "bint", "ben"}:
        return [words[0]]
    family = [word for word in words[1:] if word[:1].isupper() and word.lower() not in {"de", "da", "del"}]
    # "Andrade Tavares" of "Lúcia Andrade Tavares": the whole double name too
    return family + ([" ".join(words[1:])] if len(family) >= 2 and len(words) == len(family) + 1 else [])


def surname(name: str) -> str | None:
    """The last word of a person's name of two or more words ("Ondimba" of "Gaspard Ondimba")."""
    words = name.split()
    return words[-1] if len(words) >= 2 else None
