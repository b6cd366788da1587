"""OpenAPI customisation in one place: the error component on every operation, exports, `format`."""

from collections import defaultdict

from drf_spectacular.openapi import AutoSchema

from .errors import ErrorSerializer


class RecordSchema(AutoSchema):
    """Writes take the resource's input serializer and answer with the record as GET shows it."""

    def get_operation_id(self):
        action = getattr(self.view, "action", None)
        if action in {"history", "export_csv", "export_jsonl", *getattr(self.view, "tagged_actions", ())}:
            return f"{self.get_tags()[0]}_{action}"
        return super().get_operation_id()

    def get_response_serializers(self):
        view = self.view
        if getattr(view, "action", None) in {"create", "update", "partial_update"}:
            return view.detail_serializer_class or view.serializer_class
        return super().get_response_serializers()


# Not `Error`: openapi-generator reserves that name (and renames the component in every client).
ERROR_COMPONENT = "ApiError"
ERROR_REF = {"$ref": f"#/components/schemas/{ERROR_COMPONENT}"}

ERROR_STATUSES = {
    "400": "A query parameter or body field is invalid or unknown; `errors` names it.",
    "401": "Authentication needed or failed: writes and drafts need a curator's token.",
    "403": "The token's user lacks the model permission this write needs.",
    "404": "No such record or path.",
    "405": "Method not allowed.",
    "406": "No representation matches the Accept header or `format`.",
    "429": "Too many requests; retry after the number of seconds in `Retry-After`.",
    "500": "Server error.",
}
# Statuses only writes answer.
WRITE_STATUSES = {
    "409": "The write conflicts with stored data: a record others refer to, or a duplicate saved "
    "concurrently (a slug already in use is a 400 naming `slug`).",
    "412": "The record changed since the ETag sent in If-Match; GET it again.",
    "428": "If-Match is missing: send the ETag of the record as last read.",
}
SAFE_METHODS = {"get", "head", "options"}
LINK_HEADER = {
    "schema": {"type": "string"},
    "description": 'RFC 8288 links to the next and previous pages (`rel="next"`, `rel="prev"`).',
}
TOKEN_SECURITY = [{"tokenAuth": []}]
# Reads are public, but a curator's token shows drafts too: a generated client sends the token
# when it has one (the first), and an anonymous one needs none (the empty requirement).
READ_SECURITY = [*TOKEN_SECURITY, {}]


RATE_LIMIT_HEADERS = {
    "X-RateLimit-Limit": {
        "schema": {"type": "integer"},
        "description": "Requests allowed per client and period (`API_THROTTLE_RATE`).",
    },
    "X-RateLimit-Remaining": {
        "schema": {"type": "integer"},
        "description": "Requests left in the current period; 0 on a 429.",
    },
}


def _error_schema() -> dict:
    """The error component, built from the serializer that documents it."""
    properties = {}
    for name, field in ErrorSerializer().fields.items():
        if name == "status":
            schema = {"type": "integer"}
        elif name == "errors":
            schema = {
                "type": "object",
                "additionalProperties": {"type": "array", "items": {"type": "string"}},
            }
        else:
            schema = {"type": "string"}
        properties[name] = {**schema, "description": str(field.help_text)}
    return {
        "type": "object",
        "description": "The body of every error response.",
        "properties": properties,
        "required": list(properties),
    }


# Each export's body: a string of its own media type, which JSON client generators leave alone.
EXPORT_MEDIA_TYPES = {"export.csv": "text/csv", "export.jsonl": "text/jsonl"}
# The JSON list's parameters an export does not take: it has no pages, and its URL is its format.
NOT_EXPORT_PARAMETERS = {"format", "cursor", "page_size"}


def add_errors_and_csv(result, generator, request, public):
    """Postprocessing hook: every operation documents every error status with the Error body;
    a list's exports take the list's filters and `ordering` and answer a streamed body (a
    string: CSV columns follow the JSON, JSON Lines hold the JSON records), and `format` is
    documented where it is taken (JSON lists and details)."""
    result.setdefault("components", {}).setdefault("schemas", {})[ERROR_COMPONENT] = _error_schema()
    paths = result.get("paths", {})
    for path, path_item in paths.items():
        export = path.rsplit("/", 1)[-1]
        if export in EXPORT_MEDIA_TYPES:
            list_parameters = paths[path.removesuffix(export)]["get"].get("parameters", [])
            path_item["get"]["parameters"] = [
                p for p in list_parameters if p["name"] not in NOT_EXPORT_PARAMETERS
            ]
            path_item["get"]["x-export"] = EXPORT_MEDIA_TYPES[export]
    for path, path_item in paths.items():
        collection = "/".join(path.split("/")[:4]) + "/"  # /api/v1/<resource>/
        exported = f"{collection}export.csv" in paths
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            if method not in SAFE_METHODS:
                document_write(method, operation)
                statuses = {**ERROR_STATUSES, **WRITE_STATUSES}
                statuses.pop("406")
                if method == "post":
                    statuses.pop("412"), statuses.pop("428")
            else:
                operation["security"] = READ_SECURITY
                statuses = ERROR_STATUSES
            for status, description in statuses.items():
                response = {
                    "description": description,
                    "content": {"application/json": {"schema": ERROR_REF}},
                }
                if status == "429":
                    response["headers"] = {
                        "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
                    }
                responses.setdefault(status, response)
            for status in [s for s in ("200", "201", "429") if s in responses]:
                responses[status]["headers"] = {
                    **responses[status].get("headers", {}),
                    # Written out, not referenced: openapi-generator's python generator cannot
                    # name a referenced header's schema (it warns on each).
                    **{name: dict(header) for name, header in RATE_LIMIT_HEADERS.items()},
                }
            for parameter in operation.get("parameters", []):
                constrain_parameter(parameter)
            if method not in SAFE_METHODS:
                operation["parameters"] = [
                    p for p in operation.get("parameters", []) if p.get("name") != "format"
                ]
                continue
            ok = responses.get("200", {}).get("content", {})
            parameters = [p for p in operation.get("parameters", []) if p.get("name") != "format"]
            operation["parameters"] = parameters
            if not responses["200"].get("description"):
                responses["200"]["description"] = "OK"
            export = operation.pop("x-export", None)
            if export is not None:
                responses["200"]["content"] = {export: {"schema": {"type": "string"}}}
                responses["200"]["headers"] = {
                    **responses["200"]["headers"],
                    "Content-Disposition": {
                        "schema": {"type": "string"},
                        "description": "`attachment` with the file name `<resource>.<format>`.",
                    },
                }
                continue
            if "#/components/schemas/Paginated" in str(ok):
                responses["200"]["headers"] = {**responses["200"]["headers"], "Link": LINK_HEADER}
            parameters.append(
                {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "description": "Only `json` (the default)."
                    + (
                        " A list's CSV and JSON Lines are its `export.csv` and `export.jsonl` operations."
                        if exported
                        else ""
                    ),
                    "schema": {"type": "string", "enum": ["json"]},
                }
            )
    return result


# The router's lookup_value_regex (RecordViewSet): a slug is one path segment of these characters.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"


def constrain_parameter(parameter: dict) -> None:
    """What the API enforces on every parameter, stated in the spec: a slug in a path matches the
    route's pattern, and a string query value is never empty (an empty value is a 400)."""
    schema = parameter.get("schema", {})
    if parameter["in"] == "path" and parameter["name"] == "slug":
        parameter["description"] = "The record's slug, its stable public identifier."
        schema["pattern"] = SLUG_PATTERN
    elif parameter["in"] == "query":
        target = schema.get("items", {}) if schema.get("type") == "array" else schema
        if target.get("type") == "string" and "enum" not in target:
            target.setdefault("minLength", 1)


def document_write(method: str, operation: dict) -> None:
    """A curator's write: token security, and the If-Match precondition on changes."""
    operation["security"] = TOKEN_SECURITY
    parameters = operation.setdefault("parameters", [])
    if method in {"put", "patch", "delete"}:
        parameters.append(
            {
                "name": "If-Match",
                "in": "header",
                "required": True,
                "description": "The ETag of the record as last read (GET); 428 without it, 412 when the "
                "record changed since.",
                "schema": {"type": "string"},
            }
        )
    for status in ("200", "201"):
        if status in operation.get("responses", {}):
            operation["responses"][status]["headers"] = {
                "ETag": {
                    "schema": {"type": "string"},
                    "description": "The new version's ETag, for the next If-Match.",
                }
            }


def _nullable_references(node) -> None:
    if isinstance(node, dict):
        one = node.get("allOf")
        if node.get("nullable") and isinstance(one, list) and len(one) == 1 and "$ref" in one[0]:
            del node["allOf"], node["nullable"]
            node["oneOf"] = [one[0], {"type": "object", "nullable": True, "enum": [None]}]
        for value in node.values():
            _nullable_references(value)
    elif isinstance(node, list):
        for value in node:
            _nullable_references(value)


def nullable_references(result, generator, request, public):
    """Postprocessing hook: make nullable nested records validate as nullable.

    drf-spectacular writes a nullable reference as ``allOf: [$ref], nullable: true``. In
    OpenAPI 3.0.3 ``nullable`` only widens a ``type`` at the same level, so strict validators
    reject null there. ``oneOf: [$ref, {nullable null}]`` means the same to generators
    (openapi-python-client makes it ``BriefActor | None``) and validates as intended.
    """
    _nullable_references(result.get("components", {}))
    return result


# The column limit Django reports for every integer on SQLite (64-bit). The models' own limits
# (project.records.base: PostgreSQL's, enforced on every database) stay.
BACKEND_INTEGER_LIMITS = {9223372036854775807}


def _backend_free(node) -> None:
    if isinstance(node, dict):
        if node.get("type") == "integer" and node.get("maximum") in BACKEND_INTEGER_LIMITS:
            del node["maximum"]
            if node.get("format") == "int64":
                del node["format"]
        for value in node.values():
            _backend_free(value)
    elif isinstance(node, list):
        for value in node:
            _backend_free(value)


def backend_independent_integers(result, generator, request, public):
    """Postprocessing hook: the spec must not depend on the database it was generated with.

    Integer fields carry the backend's column limit as ``maximum`` (and ``int64`` on SQLite).
    Every model integer states its own limit (PostgreSQL's, which every database enforces), so
    only SQLite's 64-bit one is left out.
    """
    _backend_free(result.get("components", {}))
    return result


def filter_constraints(result, generator, request, public):
    """Postprocessing hook: a filter's ``schema_extra`` (e.g. ``maxLength``, ``minimum``,
    ``pattern``) joins its parameter's schema, so the spec states the bounds the filter enforces."""
    for path, _, method, view in generator.endpoints:
        filterset_class = getattr(view.cls, "filterset_class", None)
        operation = result["paths"].get(path, {}).get(method.lower())
        if filterset_class is None or operation is None:
            continue
        for parameter in operation.get("parameters", []):
            extra = getattr(filterset_class.base_filters.get(parameter["name"]), "schema_extra", None)
            if not extra:
                continue
            schema = parameter["schema"]
            target = schema["items"] if schema.get("type") == "array" else schema
            target.update(extra)
    return result


def responses_are_complete(result, generator, request, public):
    """Postprocessing hook: every property of a response record is required.

    drf-spectacular leaves a field optional when its model field has a default or may be blank
    (``kind``, ``stance``, ``status``, ``curator_note``, ...), but a serializer writes every field
    of every record, null or empty when there is no value. Saying so lets generated clients type
    them as always present. Request components (curators' input) are left as they are.
    """
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if "properties" in schema and not name.endswith("Request"):
            schema["required"] = sorted(schema["properties"])
    return result


def operation_summaries(result, generator, request, public):
    """Postprocessing hook: a one-line summary per operation, from the resource's model names (an
    action of one resource, such as a conflict's timeline, gives its own in ``extend_schema``)."""
    for path, _, method, view in generator.endpoints:
        operation = result["paths"].get(path, {}).get(method.lower())
        model = getattr(getattr(view.cls, "queryset", None), "model", None)
        if operation is None or model is None:
            continue
        meta = model._meta
        action = operation["operationId"].split("_", 1)[1]
        summaries = {
            "list": f"List {meta.verbose_name_plural}",
            "export_csv": f"Export every selected {meta.verbose_name} as CSV",
            "export_jsonl": f"Export every selected {meta.verbose_name} as JSON Lines",
            "retrieve": f"Get one {meta.verbose_name} by slug",
            "history": f"Every change to one {meta.verbose_name}",
            "create": f"Create a {meta.verbose_name} (curators)",
            "update": f"Replace a {meta.verbose_name} (curators, If-Match)",
            "partial_update": f"Change fields of a {meta.verbose_name} (curators, If-Match)",
            "destroy": f"Delete a {meta.verbose_name} (curators, If-Match)",
        }
        operation["summary"] = summaries.get(action) or operation["summary"]
    return result


def _enum_target(parameter: dict) -> dict:
    schema = parameter.get("schema", {})
    return schema.get("items", {}) if schema.get("type") == "array" else schema


BLANK_ENUM = "BlankEnum"


def _blank_enums(node, schemas: dict) -> None:
    """``oneOf: [X, BlankEnum]`` (a choice that may be empty) becomes one enum, X's values and "",
    named ``XOrBlankEnum``: openapi-generator's python generator cannot import the union (it
    warns on every model holding one)."""
    if isinstance(node, dict):
        members = [m.get("$ref", "").rsplit("/", 1)[-1] for m in node.get("oneOf", [])]
        if BLANK_ENUM in members and len(members) == 2:
            [choices] = [member for member in members if member != BLANK_ENUM]
            name = choices.removesuffix("Enum") + "OrBlankEnum"
            schemas.setdefault(name, {**schemas[choices], "enum": [*schemas[choices]["enum"], ""]})
            # allOf, as drf-spectacular writes a reference with a description beside it (OpenAPI
            # 3.0 ignores what sits beside a bare $ref).
            node["allOf"] = [{"$ref": f"#/components/schemas/{name}"}]
            del node["oneOf"]
        for value in list(node.values()):
            _blank_enums(value, schemas)
    elif isinstance(node, list):
        for value in node:
            _blank_enums(value, schemas)


def shared_enums(result, generator, request, public):
    """Postprocessing hook: every enum is one named component, parameters' too.

    drf-spectacular names the enums of response fields but writes a filter's choices into each
    parameter, so a generator makes a type per operation (a list's ``kind`` and its export's are
    two types that do not mix). A parameter's value set that a component already has becomes a
    reference to it; any other (``ordering``, ``format``) becomes a component of its own, named
    after the parameter, or after the resource and the parameter when resources differ in it. A
    field's choice that may be empty is one enum with "" (``DemandTopicOrBlankEnum``).
    """
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    _blank_enums(schemas, schemas)
    schemas.pop(BLANK_ENUM, None)
    named = {frozenset(schema["enum"]): name for name, schema in schemas.items() if "enum" in schema}
    found = []  # (tag, parameter name, target) of every enum a parameter states inline
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                target = _enum_target(parameter)
                if "enum" in target and parameter["in"] == "query":
                    found.append((operation["tags"][0], parameter["name"], target))
    value_sets = defaultdict(set)
    for _, name, target in found:
        if frozenset(target["enum"]) not in named:
            value_sets[name].add(frozenset(target["enum"]))
    for tag, name, target in found:
        if "enum" not in target:
            continue  # an export shares its list's parameter, done already
        values = frozenset(target["enum"])
        if values not in named:
            title = name.title().replace("_", "")
            component = f"{title}Enum" if len(value_sets[name]) == 1 else f"{tag.title()}{title}Enum"
            if component in schemas:
                raise ValueError(f"{component} names two value sets")
            schemas[component] = {"type": target.get("type", "string"), "enum": list(target["enum"])}
            named[values] = component
        target.clear()
        target["$ref"] = f"#/components/schemas/{named[values]}"
    return result
