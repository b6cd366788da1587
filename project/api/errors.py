"""One JSON error shape for every error status, from DRF views and from Django itself.

``{"status": 400, "code": "invalid", "detail": "...", "errors": {"param": ["message"]}}``:
``errors`` names the offending query parameters (empty when the error is not about one).
"""

import logging

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)


def error_body(status: int, code: str, detail: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {"status": status, "code": code, "detail": detail, "errors": errors or {}}


def _join(path: str, key) -> str:
    if isinstance(key, int) or str(key).isdigit():  # an item of a list field
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else str(key)


def _messages(value, path: str = "") -> list[str]:
    """Flat messages; a nested field's carry its path, e.g. ``[0].quote: ...`` for a citation."""
    if isinstance(value, dict):
        return [m for key, item in value.items() for m in _messages(item, _join(path, key))]
    if isinstance(value, (list, tuple)) and any(isinstance(item, (dict, list)) for item in value):
        return [m for index, item in enumerate(value) if item for m in _messages(item, f"{path}[{index}]")]
    items = value if isinstance(value, (list, tuple)) else [value]
    return [f"{path}: {item}" if path else str(item) for item in items]


def model_errors(error: DjangoValidationError) -> dict:
    """A model's ValidationError as the error body's ``errors``: by field, ``__all__`` as
    ``non_field_errors``."""
    if hasattr(error, "error_dict"):
        return {
            ("non_field_errors" if name == "__all__" else name): m for name, m in error.message_dict.items()
        }
    return {"non_field_errors": error.messages}


def api_exception_handler(exc, context):
    """DRF's handler (status, headers such as Retry-After), reshaped into the one error body."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(str(exc) or None)  # as DRF does, but keep the converted code
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    elif isinstance(exc, DjangoValidationError):
        # A rule the models enforce on every path (project.records.review's boundary, say) refused the write.
        exc = exceptions.ValidationError(model_errors(exc))
    if isinstance(exc, (OperationalError, InterfaceError)):
        # The database went away (restart, network, too many connections): the request can be
        # retried; Django drops the broken connection when the request ends and reconnects.
        logger.warning("database unavailable: %s", exc)
        return Response(
            error_body(503, "database_unavailable", "The database is unavailable; retry shortly."),
            status=503,
            headers={"Retry-After": "5"},
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API exception: Django's handler500 answers (JSON for /api/ paths)
    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, dict):
            errors = {str(name): _messages(value) for name, value in detail.items()}
        else:
            errors = {"non_field_errors": _messages(detail)}
        names = ", ".join(sorted(errors))
        request = context.get("request")
        where = "query parameter(s)" if request is None or request.method in ("GET", "HEAD") else "field(s)"
        response.data = error_body(
            response.status_code, "invalid", f"Invalid value for {where}: {names}.", errors
        )
    else:
        detail = getattr(exc, "detail", str(exc))
        code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
        response.data = error_body(response.status_code, code, str(detail))
    return response


class PreconditionRequired(exceptions.APIException):
    status_code = 428
    default_code = "precondition_required"
    default_detail = (
        "A write must say which version it is based on: send If-Match with the ETag of the record "
        "as last read (GET it first). `*` is not accepted: it would overwrite changes you have not seen."
    )


class PreconditionFailed(exceptions.APIException):
    status_code = 412
    default_code = "precondition_failed"
    default_detail = (
        "The record changed since the version your If-Match names; GET it again, reapply your change "
        "and send the new ETag."
    )


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"
    default_detail = "The request conflicts with the stored data."

    @classmethod
    def from_integrity_error(cls, error) -> "Conflict":
        """A constraint the database enforced at the last moment (a write racing another): the
        database's own words name tables and rows, so they go to the log, not to the client."""
        logger.warning("write refused by the database: %s", error)
        return cls(
            "The write conflicts with a record saved at the same time (a duplicate, or a record it "
            "refers to that is gone); nothing was saved. GET the records again and retry."
        )


def api_error(status: int, code: str, detail: str) -> JsonResponse:
    """The error body as the API's own renderer writes it (compact, UTF-8), so an error Django
    answers reads byte for byte like one the views answer."""
    return JsonResponse(
        error_body(status, code, detail),
        status=status,
        json_dumps_params={"separators": (",", ":"), "ensure_ascii": False},
    )


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception=None):
    if _is_api(request):
        return api_error(404, "not_found", f"No API resource at {request.path}.")
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return api_error(500, "server_error", "The server failed to answer; the error has been logged.")
    return defaults.server_error(request)


def bad_request(request, exception=None):
    if _is_api(request):
        return api_error(400, "bad_request", "Bad request.")
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return api_error(403, "permission_denied", "Permission denied.")
    return defaults.permission_denied(request, exception)


class ErrorSerializer(serializers.Serializer):
    """The error body of every error response (documented as the `Error` component)."""

    status = serializers.IntegerField(help_text="The HTTP status code, repeated.")
    code = serializers.CharField(help_text="A stable machine-readable code, e.g. `invalid`, `not_found`.")
    detail = serializers.CharField(help_text="A human-readable explanation.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        help_text="Messages per offending query parameter or body field; empty when the error concerns none.",
    )


ERROR_CODES = {400: "bad_request", 403: "permission_denied", 404: "not_found", 405: "method_not_allowed"}


class JsonErrorsForApi:
    """Every error under /api/ is the one JSON body, even when Django itself answered with an
    HTML page: under ``DEBUG`` (``make run``) its technical 404 and 500 pages bypass handler404
    and handler500. Outermost, so it sees what every other layer answered."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code >= 400
            and _is_api(request)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            if response.status_code == 404:
                return page_not_found(request)
            if response.status_code >= 500:
                return server_error(request)
            status = response.status_code
            return api_error(status, ERROR_CODES.get(status, "error"), f"{status} {response.reason_phrase}.")
        return response
