"""OpenAPI customisation in one place: the error component on every operation, CSV, `format`."""

from .errors import ErrorSerializer

ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERROR_STATUSES = {
    "400": "A query parameter is invalid or unknown; `errors` names it.",
    "401": "Authentication failed (reserved: the read API is public).",
    "403": "Not allowed (reserved: the read API is public).",
    "404": "No such record or path.",
    "405": "Method not allowed: the API is read-only (GET, HEAD, OPTIONS).",
    "406": "No representation matches the Accept header or `format`.",
    "429": "Too many requests; retry after the number of seconds in `Retry-After`.",
    "500": "Server error.",
}


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
    """The Error component, built from the serializer that documents it."""
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


def add_errors_and_csv(result, generator, request, public):
    """Postprocessing hook: every operation documents every error status with the Error body;
    list operations document `format` and a CSV body (a string: its columns follow the JSON)."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = _error_schema()
    result["components"]["headers"] = RATE_LIMIT_HEADERS
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_STATUSES.items():
                response = {
                    "description": description,
                    "content": {"application/json": {"schema": ERROR_REF}},
                }
                if status == "429":
                    response["headers"] = {
                        "Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}
                    }
                responses.setdefault(status, response)
            for status in ["200", "429"]:
                responses[status]["headers"] = {
                    **responses[status].get("headers", {}),
                    **{name: {"$ref": f"#/components/headers/{name}"} for name in RATE_LIMIT_HEADERS},
                }
            ok = responses.get("200", {}).get("content", {})
            if "text/csv" in ok:
                ok["text/csv"] = {"schema": {"type": "string"}}
                responses["200"]["headers"] = {
                    **responses["200"]["headers"],
                    "Link": {
                        "schema": {"type": "string"},
                        "description": 'RFC 8288 links to the next and previous pages (`rel="next"`, `rel="prev"`).',
                    },
                }
                formats = ["json", "csv"]
                description = "`csv` for CSV (same as `Accept: text/csv`); default JSON."
            else:
                formats = ["json"]
                description = "Only `json` (the default)."
            parameters = [p for p in operation.get("parameters", []) if p.get("name") != "format"]
            for parameter in parameters:
                if parameter["in"] == "path" and parameter["name"] == "slug":
                    parameter.setdefault("description", "The record's slug, its stable public identifier.")
            operation["parameters"] = parameters
            if not responses["200"].get("description"):
                responses["200"]["description"] = "OK"
            parameters.append(
                {
                    "name": "format",
                    "in": "query",
                    "required": False,
                    "description": description,
                    "schema": {"type": "string", "enum": formats},
                }
            )
    return result


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


# Column limits Django reports per database backend (SQLite says 64-bit for every integer).
BACKEND_INTEGER_LIMITS = {32767, 2147483647, 9223372036854775807}


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

    Integer fields carry the backend's column limit as ``maximum`` (and ``int64`` on SQLite);
    they are counts and offsets whose real bound is the data, so the limit is left out.
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
    them as always present. The API is read-only, so every component describes a response.
    """
    for name, schema in result.get("components", {}).get("schemas", {}).items():
        if "properties" in schema and not name.endswith("Request"):
            schema["required"] = sorted(schema["properties"])
    return result


def operation_summaries(result, generator, request, public):
    """Postprocessing hook: a one-line summary per operation, from the resource's model names."""
    for path, _, method, view in generator.endpoints:
        operation = result["paths"].get(path, {}).get(method.lower())
        model = getattr(getattr(view.cls, "queryset", None), "model", None)
        if operation is None or model is None:
            continue
        meta = model._meta
        if operation["operationId"].endswith("_list"):
            operation["summary"] = f"List {meta.verbose_name_plural}"
        else:
            operation["summary"] = f"Get one {meta.verbose_name} by slug"
    return result
