"""Examples in the OpenAPI spec: real seed values, shaped by each schema (a schema postprocessing
hook, registered in settings).

They name the seed's resources and records, so they live with the root that composes the apps,
not in the framework (project/api).
"""

# One seed record per resource (fixtures/seed.json): its slug and brief name, the values examples
# of that resource and of references to it show.
EXAMPLE_RECORDS = {
    "Actor": ("vladimir-putin", "Vladimir Putin", "actors"),
    "Place": ("rostov-on-don", "Rostov-on-Don", "places"),
    "Conflict": ("2024-armenian-coup-attempt-allegations", "2024 Armenian coup attempt", "conflicts"),
    "Combatant": (
        "2024-armenian-coup-attempt-allegations-side-1-government-of-armenia",
        "Government of Armenia",
        "combatants",
    ),
    "Commander": (
        "2024-armenian-coup-attempt-allegations-side-1-commander-armen-abazyan",
        "Armen Abazyan",
        "commanders",
    ),
    "Event": ("azerbaijan-hosts-putin-in-baku", "Azerbaijan hosted Vladimir Putin in Baku.", "events"),
    "Reaction": (
        "serob-gasparian-lawyer-denies-charges",
        "Serob Gasparian's lawyer denied all charges.",
        "reactions",
    ),
    "Demand": (
        "armenian-ngos-joint-statement-on-russian-coup-attempt-demand-1",
        "1. Resolutely thwart all attempts of foreign interference in domestic political processes "
        "within the scope of their powers",
        "demands",
    ),
    "Document": (
        "2024-armenian-coup-attempt-allegations",
        "2024 Armenian coup attempt allegations",
        "documents",
    ),
    "Loss": ("2024-armenian-coup-attempt-allegations-side-2-loss-1", "3 plotters arrested", "conflicts"),
    "Release": ("1.0.0", "1.0.0", "releases"),
}
# A release's file: the article's text, whose SHA-256 is the document's content hash.
ARTICLE_TEXT_FILE = "texts/2024-armenian-coup-attempt-allegations.txt"
# Property values from the seed data, by property name (the resource's own slug and name above).
EXAMPLE_VALUES = {
    "related_topics": ["Armenia–Russia relations", "Anti-Russian sentiment in Armenia"],
    "quote": "hosting Vladimir Putin in Baku in August",
    "start": 1527,
    "end": 1567,
    "date": "2024-08",
    "date_earliest": "2024-08-01",
    "date_latest": "2024-08-31",
    "date_basis": '"in August", in a paragraph on the events of 2024.',
    "title": "2024 Armenian coup attempt allegations",
    "article_title": "2024 Armenian coup attempt allegations",
    "publisher": "",  # the seed article names no publisher (nor its encyclopedia)
    "source_url": None,  # nor where it was found
    "result": "Plot thwarted according to the Armenian government",
    "language": "en",
    "country": "RU",
    "content_hash": "266a67f3e056505b4b4ae92c1c8a6e123420605b85218d79b5554c6eb06d213d",
    "curator_note": "",
    "created": "2026-11-23T00:00:00Z",
    "updated": "2026-11-23T00:00:00Z",
    "version": 1,
    "side": 1,
    "number": 1,
    "count": 3,
    "hint": "2",
    "user": "curator",
    "reason": "seed data",
    "field": "summary",
    "old": "The NSS announced arrests.",
    "new": "The National Security Service announced arrests.",
    "status": 400,
    "code": "invalid",
    "detail": "Invalid value for query parameter(s): date_after.",
    "errors": {"date_after": ["Enter a valid date."]},
    "database": "ok",
    "cache": "ok",
    "next": None,
    "previous": None,
    "next_cursor": None,
    "previous_cursor": None,
}
DEMAND_TEXT = EXAMPLE_RECORDS["Demand"][1].removeprefix("1. ")
DOCUMENT_TEXT = "Armenian authorities said they had thwarted a coup plot."
# Values that differ by resource: (resource, property) -> value.
EXAMPLE_RESOURCE_VALUES = {
    ("Actor", "aliases"): ["Putin"],
    ("Actor", "description"): "President of Russia.",
    ("Place", "aliases"): ["Rostov on Don"],
    ("Conflict", "description"): "Armenian authorities said they had thwarted a coup plot.",
    ("Loss", "description"): "3 plotters arrested",
    ("Event", "summary"): EXAMPLE_RECORDS["Event"][1],
    ("Reaction", "summary"): EXAMPLE_RECORDS["Reaction"][1],
    ("Reaction", "quote"): "denied all charges",
    ("Demand", "text"): DEMAND_TEXT,
    ("Document", "text"): DOCUMENT_TEXT,
    ("Document", "body_start"): 0,
    ("Document", "body_end"): len(DOCUMENT_TEXT),
    (
        "Document",
        "citations",
    ): f"http://127.0.0.1:8000/api/v1/citations/?document={EXAMPLE_RECORDS['Document'][0]}",
    ("Release", "version"): "1.0.0",
    ("Release", "previous"): None,
    ("Release", "citation"): "Coup allegations API maintainers (2026). Coup plots and coup allegations, each "
    "fact cited to a verbatim span of its source. Data release 1.0.0, 2026-11-23 [Data set]. ...",
    ("ReleaseFile", "name"): ARTICLE_TEXT_FILE,
    ("ReleaseFile", "bytes"): 4484,
    ("ReleaseFile", "sha256"): "266a67f3e056505b4b4ae92c1c8a6e123420605b85218d79b5554c6eb06d213d",
    ("ReleaseFile", "url"): f"http://127.0.0.1:8000/releases/1.0.0/{ARTICLE_TEXT_FILE}",
    ("Document", "licence"): "CC-BY-SA-4.0",
    (
        "Document",
        "attribution",
    ): 'Contributors to the encyclopedia article "2024 Armenian coup attempt allegations"',
}
# Properties that name a related record, and the resource they name.
EXAMPLE_REFERENCES = {
    "actor": "Actor",
    "actors": "Actor",
    "signatories": "Actor",
    "addressee": "Actor",
    "alleged_by": "Actor",
    "attributed_to": "Actor",
    "status_alleged_by": "Actor",
    "place": "Place",
    "places": "Place",
    "conflict": "Conflict",
    "parent": "Conflict",
    "related": "Conflict",
    "combatant": "Combatant",
    "reaction": "Reaction",
    "document": "Document",
    "responds_to": "Event",
}
REF_PREFIX = "#/components/schemas/"
BASE_URL = "http://127.0.0.1:8000"
TIMELINE_PAGE = f"{BASE_URL}/conflicts/{EXAMPLE_RECORDS['Conflict'][0]}/timeline/"
SEED_DOCUMENT = {
    "slug": EXAMPLE_RECORDS["Document"][0],
    "name": EXAMPLE_RECORDS["Document"][1],
    "url": f"{BASE_URL}/api/v1/documents/{EXAMPLE_RECORDS['Document'][0]}/",
}
# Components whose fields depend on each other (a timeline row's bounds follow its date, whose
# word it is follows which relation says so): one real seed row rather than a value per field.
EXAMPLE_COMPONENTS = {
    "TimelineRow": {
        "kind": "event",
        "slug": "three-plotters-arrested",
        "url": f"{BASE_URL}/api/v1/events/three-plotters-arrested/",
        "summary": "Three of the plotters had been arrested, one of them Serob Gasparian, the leader of "
        "Sev Hovaz; another four were still at large.",
        "date": "[2024-09-18..]",
        "date_earliest": "2024-09-18",
        "date_latest": None,
        "open_start": False,
        "open_end": True,
        "uncertain": False,
        "alleged_via": "attributed_to",
        "alleged_by": {
            "slug": "investigative-committee-of-the-republic-of-armenia",
            "name": "Investigative Committee of the Republic of Armenia",
            "url": f"{BASE_URL}/api/v1/actors/investigative-committee-of-the-republic-of-armenia/",
        },
        "alleged_in": None,
        "signatories": [],
        "citations": [
            {
                "document": SEED_DOCUMENT,
                "start": 3129,
                "end": 3253,
                "quote": "The Investigative Committee announced that three of the plotters had been "
                "arrested, while another four where still at large.",
            }
        ],
        "lane": 6,
    },
    # The seed's span behind the example event (`manage.py load_seed` into an empty database).
    "CitedSpan": {
        "id": 35,
        "url": f"{BASE_URL}/api/v1/citations/35/",
        "document": SEED_DOCUMENT,
        "start": 1527,
        "end": 1567,
        "quote": "hosting Vladimir Putin in Baku in August",
        "cited_by": [
            {
                "type": "event",
                "slug": EXAMPLE_RECORDS["Event"][0],
                "url": f"{BASE_URL}/api/v1/events/{EXAMPLE_RECORDS['Event'][0]}/",
            }
        ],
    },
    "CitingRecord": {
        "type": "event",
        "slug": EXAMPLE_RECORDS["Event"][0],
        "url": f"{BASE_URL}/api/v1/events/{EXAMPLE_RECORDS['Event'][0]}/",
    },
}


def _resource_of(component: str) -> str | None:
    if component == "ReleaseFile":
        return component
    base = component.removeprefix("Paginated").removeprefix("Patched").removeprefix("Brief")
    for suffix in ("ListRequest", "InputRequest", "Request", "Detail", "List"):
        base = base.removesuffix(suffix)
    return base if base in EXAMPLE_RECORDS else None


class _Examples:
    """Builds an example for each component from its schema and the seed values above."""

    def __init__(self, schemas: dict, base_url: str):
        self.schemas, self.base_url = schemas, base_url

    def component(self, name: str):
        if name in EXAMPLE_COMPONENTS:
            return EXAMPLE_COMPONENTS[name]
        return self.value(self.schemas[name], resource=_resource_of(name), name=None)

    def value(self, schema: dict, resource: str | None, name: str | None):
        if (resource, name) in EXAMPLE_RESOURCE_VALUES:
            return EXAMPLE_RESOURCE_VALUES[resource, name]
        if "$ref" in schema:
            return self.component(schema["$ref"].removeprefix(REF_PREFIX))
        for combinator in ("allOf", "oneOf", "anyOf"):
            if combinator in schema:
                return self.value(schema[combinator][0], resource, name)
        if "enum" in schema:
            choices = [choice for choice in schema["enum"] if choice is not None]
            return "published" if "published" in choices else choices[0]
        if name in EXAMPLE_VALUES and EXAMPLE_VALUES[name] is None and schema.get("nullable"):
            return None
        if schema.get("format") in {"date", "date-time", "uri"}:
            return self.string(schema, resource, name)
        if name in EXAMPLE_VALUES and (EXAMPLE_VALUES[name] is not None or schema.get("nullable")):
            if not (name == "status" and schema.get("type") != "integer"):
                return EXAMPLE_VALUES[name]
        kind = schema.get("type")
        if kind == "object" or "properties" in schema:
            return {
                key: self.value(child, resource, key) for key, child in schema.get("properties", {}).items()
            }
        if kind == "array":
            item = self.value(schema["items"], EXAMPLE_REFERENCES.get(name, resource), name)
            return [item]
        if kind == "integer":
            return max(1, schema.get("minimum", 1))
        if kind == "boolean":
            return True
        if kind == "string":
            return self.string(schema, resource, name)
        return EXAMPLE_VALUES.get(name, "")

    def string(self, schema: dict, resource: str | None, name: str | None) -> str:
        referenced = EXAMPLE_REFERENCES.get(name)
        if referenced:  # a write names a related record by its slug
            return EXAMPLE_RECORDS[referenced][0]
        slug, label, path = EXAMPLE_RECORDS.get(resource, EXAMPLE_RECORDS["Event"])
        if name == "slug":
            return slug
        if name == "name":
            return label
        if schema.get("format") == "uri":
            if name in {"timeline", "page"}:  # a conflict's timeline page
                return TIMELINE_PAGE
            return f"{self.base_url}/api/v1/{path}/{slug}/"
        if schema.get("format") == "date-time":
            return EXAMPLE_VALUES["created"]
        if schema.get("format") == "date":
            return EXAMPLE_VALUES.get(name) or EXAMPLE_VALUES["date_earliest"]
        return label


def add_examples(result, generator, request, public):
    """Postprocessing hook: every component schema gets an ``example`` built from seed records
    (``EXAMPLE_RECORDS``, ``EXAMPLE_VALUES``) and shaped by the schema itself, so it validates
    against it (tests/api/test_schema.py checks each one)."""
    schemas = result.get("components", {}).get("schemas", {})
    examples = _Examples(schemas, base_url=BASE_URL)
    built = {name: examples.component(name) for name in schemas}
    for name, example in built.items():
        schemas[name]["example"] = example
    return result
