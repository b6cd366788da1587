"""The read-only base viewset every resource uses: slug lookups, filters, keyset pages, JSON and CSV."""

from django_filters import MultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer

from .pagination import KeysetPagination
from .renderers import CSVRenderer
from .throttles import ClientRateThrottle, RateLimitHeadersMixin

# Parameters every list understands besides its FilterSet's.
LIST_PARAMETERS = {"cursor", "page_size", "format"}
DETAIL_PARAMETERS = {"format"}


class RecordViewSet(RateLimitHeadersMixin, viewsets.ReadOnlyModelViewSet):
    """Base: list and retrieve by slug, nothing else.

    Unknown query parameters are a 400 naming them, so a misspelt filter is never silently
    ignored; so are empty values and a single-valued parameter given twice (which of the two
    would win is not a contract). Lists render as JSON or CSV; details and errors as JSON.
    """

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetPagination
    throttle_classes = [ClientRateThrottle]
    detail_serializer_class = None

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    # Both listed so DRF sends `Vary: Accept`; details and errors are JSON only (get_renderers).
    renderer_classes = [JSONRenderer, CSVRenderer]

    def get_renderers(self):
        if getattr(self, "action", None) == "list":
            return [JSONRenderer(), CSVRenderer()]
        return [JSONRenderer()]

    def perform_content_negotiation(self, request, force=False):
        requested = request.query_params.getlist("format")
        offered = [renderer.format for renderer in self.get_renderers()]
        if requested and (len(requested) > 1 or requested[0] not in offered):
            # initial() answers this with a 400 naming `format`; errors are JSON.
            return JSONRenderer(), JSONRenderer.media_type
        return super().perform_content_negotiation(request, force=force)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if self.action == "list":
            filters = self.filterset_class.base_filters
            known = LIST_PARAMETERS | set(filters)
            repeatable = {name for name, f in filters.items() if isinstance(f, MultipleChoiceFilter)}
        else:
            known, repeatable = DETAIL_PARAMETERS, set()
        errors = {}
        for name, values in request.query_params.lists():
            if name not in known:
                errors[name] = [f"Unknown query parameter; this endpoint takes {', '.join(sorted(known))}."]
            elif len(values) > 1 and name not in repeatable:
                errors[name] = [f"Give this parameter once; it was given {len(values)} times."]
            elif "" in values:
                errors[name] = ["Must not be empty; leave the parameter out instead."]
            elif name == "format" and values[0] not in (offered := [r.format for r in self.get_renderers()]):
                errors[name] = [f"Must be one of {', '.join(offered)}; got {values[0]!r}."]
        if errors:
            if self.action == "list":
                # Report the invalid values of the other parameters in the same answer.
                filterset = self.filterset_class(request.query_params, queryset=self.queryset.none())
                for name, messages in filterset.errors.items():
                    errors.setdefault(name, list(messages))
            raise ValidationError(dict(sorted(errors.items())))

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # Errors are JSON whatever format was asked for: a CSV of an error body would hide it.
        if not isinstance(getattr(self.request, "accepted_renderer", None), JSONRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response
