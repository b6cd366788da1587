"""The base viewset every resource uses: slug lookups, filters, keyset pages, JSON and streamed
exports (CSV, JSON Lines) for everyone; drafts, writes with preconditions, and history for curators."""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django_filters import MultipleChoiceFilter
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import (
    MethodNotAllowed,
    NotAcceptable,
    NotAuthenticated,
    PermissionDenied,
    ValidationError,
)
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from project.records import review
from project.records.base import ReviewState, StaleVersion

from . import compiled, etags
from .brief import detail_url
from .errors import Conflict, PreconditionFailed, PreconditionRequired
from .exports import EXPORT_RENDERERS, ExportMixin
from .history import HistoryEntrySerializer, history_entries
from .pagecache import PageCacheMixin
from .pagination import KeysetPagination, order_keys
from .renderers import CSVRenderer, JSONLinesRenderer, JSONRenderer
from .throttles import ClientRateThrottle, RateLimitHeadersMixin

# Parameters the JSON list understands besides its FilterSet's (filters and `ordering`).
LIST_PARAMETERS = {"cursor", "page_size", "format"}
# An export takes the filters and `ordering` only: it has no pages, and its URL names its format.
EXPORT_PARAMETERS: set[str] = set()
DETAIL_PARAMETERS = {"format"}
LIST_ACTIONS = {"list", *EXPORT_RENDERERS}
WRITE_ACTIONS = {"create", "update", "partial_update", "destroy"}
NOT_READ = object()
# The querysets of unfiltered lists and of details, by shape (RecordViewSet.built_once): a few
# per resource.
BUILT: dict = {}


class RecordViewSet(PageCacheMixin, RateLimitHeadersMixin, ExportMixin, viewsets.ModelViewSet):
    """Base: list and retrieve by slug for everyone; create, update, delete for curators.

    Unknown query parameters are a 400 naming them, so a misspelt filter is never silently
    ignored; so are empty values and a single-valued parameter given twice (which of the two
    would win is not a contract). Lists, details and errors are JSON; each list's CSV is an
    operation of its own (``export_csv``, and ``export_jsonl`` for JSON Lines), so a client
    generated from the spec gets one type per operation.

    Anonymous callers see published records only. A curator (a token whose user may view the
    model) sees drafts too: lists take ``review_state``, details and writes reach any record.
    Every GET carries a strong ETag (``project.api.etags``: a 304 is answered before any query of
    the data); a write must send a detail's tag back as ``If-Match`` (428 without, 412 when the
    version it carries is not the record's), and the save itself is conditional on the version
    it read (``Record.save``), so concurrent writes never merge.
    """

    input_serializer_class = None
    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    lookup_field = "slug"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends = [DjangoFilterBackend]
    pagination_class = KeysetPagination
    throttle_classes = [ClientRateThrottle]
    detail_serializer_class = None
    # The data generation this GET's tags are made of (project.api.etags); None for other requests.
    current_generation = None
    # Detail actions besides ``retrieve`` whose answer shows many records (a conflict's timeline):
    # tagged by their URL and the generation as a list is (a 304 reads no data), and kept as hot pages.
    tagged_actions: frozenset[str] = frozenset()

    def get_serializer_class(self):
        if self.action in WRITE_ACTIONS:
            return self.input_serializer_class
        if self.action not in LIST_ACTIONS and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    # --- drafts ----------------------------------------------------------------------------------

    def shows_drafts(self) -> bool:
        """Whether the caller is a curator who may see this model's drafts."""
        return review.may_view_drafts(getattr(self.request, "user", None), self.queryset.model)

    def get_queryset(self):
        queryset = super().get_queryset()
        if self.action in WRITE_ACTIONS:
            # Reads load only the columns a page shows (``brief.with_briefs``); a write may save
            # the related records it publishes, which must be whole.
            queryset = queryset.defer(None)
        if not self.shows_drafts():
            return queryset.filter(review_state=ReviewState.PUBLISHED)
        if self.action in LIST_ACTIONS and "review_state" not in self.request.query_params:
            return queryset.filter(review_state=ReviewState.PUBLISHED)
        return queryset

    def published_only(self, queryset):
        """Nested lists of other records (a conflict's sides, a reaction's demands) follow the caller."""
        return queryset if self.shows_drafts() else queryset.filter(review_state=ReviewState.PUBLISHED)

    # --- preconditions and writes ----------------------------------------------------------------

    def representation(self, instance) -> bytes:
        """The record's body exactly as a GET of its detail renders it."""
        serializer = (self.detail_serializer_class or self.serializer_class)(
            instance, context=self.get_serializer_context()
        )
        return JSONRenderer().render(
            serializer.data, "application/json", {"request": self.request, "view": self}
        )

    # --- ETags (project.api.etags): a 304 is answered before any query or rendering -----------

    def variant(self) -> str:
        renderer = getattr(self.request, "accepted_renderer", None)
        return etags.variant(getattr(renderer, "format", "json"), self.shows_drafts())

    def record_url(self, slug: str) -> str:
        return detail_url(self.request, f"{self.queryset.model._meta.model_name}-detail", slug)

    def record_tag_part(self, slug: str, version: int) -> str:
        return etags.record_part(self.queryset.model, slug, version)

    def detail_tag(self, current: str, slug: str, version: int) -> str:
        return etags.tag_for(
            current, self.record_url(slug), self.variant(), self.record_tag_part(slug, version)
        )

    def url_tag(self) -> str:
        """The tag of a list, an export or a tagged action: the generation, the URL, the variant."""
        return etags.tag_for(self.current_generation, self.request.build_absolute_uri(), self.variant())

    def not_modified(self) -> Response | None:
        """A 304 when If-None-Match holds the tag this request would get; None otherwise."""
        tags = etags.none_match(self.request)
        if not tags or self.current_generation is None:
            return None
        if self.action in LIST_ACTIONS or self.action in self.tagged_actions:
            expected = self.url_tag()
            match = expected if expected in tags else None
        else:
            slug = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
            match = next(
                (
                    tag
                    for tag in tags
                    if (version := etags.tag_version(tag)) is not None
                    and tag == self.detail_tag(self.current_generation, slug, version)
                ),
                None,
            )
        if not match:
            return None
        return Response(status=status.HTTP_304_NOT_MODIFIED, headers={"ETag": match})

    # --- reads: the compiled path (project.api.compiled), DRF's where a serializer is not compiled

    def read_plan(self) -> compiled.Plan | None:
        """The compiled representation of this read's serializer; None on DRF's path."""
        if self.action in WRITE_ACTIONS or self.request.method not in ("GET", "HEAD"):
            return None
        return compiled.plan_for(self.get_serializer_class(), self.queryset.model)

    def read_shape(self) -> tuple:
        """What this read's nested querysets (``get_queryset``'s prefetches) depend on: the
        viewset, the action and whether the caller sees drafts. Their SQL is compiled once per
        shape; the test suite checks each reuse against the ORM's (COMPILED_STATEMENTS_CHECKED),
        so a ``get_queryset`` that comes to depend on anything else fails there."""
        return (type(self), self.action, self.shows_drafts())

    def list(self, request, *args, **kwargs):
        response = self.not_modified()
        if response is None:
            plan = self.read_plan()
            response = super().list(request, *args, **kwargs) if plan is None else self.list_rows(plan)
        if self.current_generation is not None:
            response["ETag"] = self.url_tag()
        return response

    def list_rows(self, plan: compiled.Plan) -> Response:
        queryset, rows = self.listed_rows(plan)
        rows = self.paginator.paginate_queryset(rows, self.request, view=self)
        return self.get_paginated_response(
            plan.render(rows, self.request, compiled.prefetch_lookups(queryset), self.read_shape())
        )

    def listed_rows(self, plan: compiled.Plan) -> tuple:
        """The list's filtered queryset and its rows as ``values()`` of the plan's columns and
        sort keys, before the page is cut. A request that names no filter gets a clone of the
        ones built for its shape the first time (building them is a millisecond of the ORM's
        Python): with no filter, they depend on nothing else."""
        filters = self.filterset_class.base_filters
        if any(name in filters for name in self.request.query_params):
            return self.filtered_rows(plan)
        return self.built_once(plan, self.filtered_rows)

    def filtered_rows(self, plan: compiled.Plan) -> tuple:
        queryset = self.filter_queryset(self.get_queryset())
        keys = [name for name, _ in order_keys(queryset)]
        return queryset, compiled.value_rows(queryset, plan, keys)

    def detail_rows(self, plan: compiled.Plan) -> tuple:
        # No filter set: a detail takes no filter (``initial`` refuses every parameter but `format`).
        queryset = self.get_queryset()
        return queryset, compiled.value_rows(queryset, plan, ["slug", "version"])

    def built_once(self, plan: compiled.Plan, build) -> tuple:
        """``build(plan)``'s querysets as built for this read's shape the first time, cloned
        (a shared queryset is never evaluated). The test suite checks every reuse against a
        fresh build (COMPILED_STATEMENTS_CHECKED)."""
        key = (self.read_shape(), id(plan), build.__name__)  # plans live as long as the process
        built = BUILT.get(key)
        if built is None:
            built = BUILT[key] = build(plan)
        elif settings.COMPILED_STATEMENTS_CHECKED:
            fresh = [str(queryset.query) for queryset in build(plan)]
            if fresh != [str(queryset.query) for queryset in built]:
                raise AssertionError(f"{key[0]!r} does not name all that {build.__name__} depends on")
        return tuple(queryset.all() for queryset in built)

    def retrieve(self, request, *args, **kwargs):
        response = self.not_modified()
        if response is not None:
            return response
        plan = self.read_plan()
        if plan is None:
            instance = self.get_object()
            response = Response(self.get_serializer(instance).data)
            response["ETag"] = self.etag(instance)
            return response
        queryset, rows = self.built_once(plan, self.detail_rows)
        lookup_url_kwarg = self.lookup_url_kwarg or self.lookup_field
        row = get_object_or_404(rows, **{self.lookup_field: self.kwargs[lookup_url_kwarg]})
        self.check_object_permissions(request, row)
        [data] = plan.render([row], request, compiled.prefetch_lookups(queryset), self.read_shape())
        response = Response(data)
        response["ETag"] = self.tag_of(
            row["slug"], row["version"], lambda: JSONRenderer().render(data, "application/json")
        )
        return response

    def etag(self, instance) -> str:
        return self.tag_of(instance.slug, instance.version, lambda: self.representation(instance))

    def tag_of(self, slug: str, version: int, body) -> str:
        """A detail's tag, carrying the record's version; a hash of the body (``body()``) while the
        cache is down."""
        current = self.current_generation or etags.generation(self.shows_drafts())
        if current is not None:
            return self.detail_tag(current, slug, version)
        return etags.body_tag(self.record_tag_part(slug, version), body())

    def check_if_match(self, instance) -> None:
        """The write's precondition: If-Match carries a tag of this record at its current version.

        ``*`` is refused like a missing header (428): it would overwrite changes the client has
        not seen, which is what the precondition is there to prevent."""
        header = self.request.headers.get("If-Match", "").strip()
        tags = etags.parse_etags(header) if header else []
        if not tags or tags == ["*"]:
            raise PreconditionRequired()
        if etags.matches_record(tags, self.queryset.model, instance.slug, instance.version):
            return
        if any(etags.tag_version(tag) not in (None, instance.version) for tag in tags):
            raise PreconditionFailed()
        raise PreconditionFailed(
            "If-Match names no ETag of this record at its current version: send the ETag a GET of "
            "this record returned."
        )

    def reread(self, instance):
        return self.get_queryset().get(pk=instance.pk)

    def written(self, instance, status_code: int) -> Response:
        instance = self.reread(instance)
        serializer = (self.detail_serializer_class or self.serializer_class)(
            instance, context=self.get_serializer_context()
        )
        response = Response(serializer.data, status=status_code)
        self.current_generation = None  # the write made a new one
        response["ETag"] = self.etag(instance)
        return response

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                instance = serializer.save()
        except IntegrityError as error:
            raise Conflict.from_integrity_error(error) from error
        response = self.written(instance, status.HTTP_201_CREATED)
        response["Location"] = str(response.data["url"])  # a Hyperlink; WSGI servers want a str
        return response

    def update(self, request, *args, partial=False, **kwargs):
        instance = self.get_object()
        self.check_if_match(instance)
        serializer = self.get_serializer(instance, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                instance = serializer.save()
        except StaleVersion as error:
            raise PreconditionFailed(str(error)) from error
        except IntegrityError as error:
            raise Conflict.from_integrity_error(error) from error
        return self.written(instance, status.HTTP_200_OK)

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        self.check_if_match(instance)
        try:
            with transaction.atomic():
                type(instance).objects.filter(pk=instance.pk, version=instance.version).get()
                instance.delete()
        except type(instance).DoesNotExist as error:
            raise PreconditionFailed() from error
        except ProtectedError as error:
            names = ", ".join(sorted({str(obj) for obj in error.protected_objects})[:5])
            raise Conflict(
                f"Other records refer to this one and would be left without it: {names}."
            ) from error
        return Response(status=status.HTTP_204_NO_CONTENT)

    # --- history ---------------------------------------------------------------------------------

    @extend_schema(
        responses=HistoryEntrySerializer(many=True),
        description="Newest first: when the record changed, why, and each changed field's old and new "
        "value; related records by slug (citations as `document[start:end]`). Everyone sees the "
        "versions in which the record was published, each compared with the previous published one; "
        "curators (a token that may view the model's drafts) see every version and who made it.",
    )
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, *args, **kwargs):
        entries = history_entries(self.get_object(), getattr(request, "user", None))
        return Response(HistoryEntrySerializer(entries, many=True).data)

    # Listed so DRF sends `Vary: Accept`; which one an action offers is get_renderers'.
    renderer_classes = [JSONRenderer, CSVRenderer, JSONLinesRenderer]

    def get_renderers(self):
        action = getattr(self, "action", None)
        if action in EXPORT_RENDERERS and self.request.method in ("GET", "HEAD"):
            return [EXPORT_RENDERERS[action]()]
        return [JSONRenderer()]

    def perform_content_negotiation(self, request, force=False):
        requested = request.query_params.getlist("format")
        offered = [renderer.format for renderer in self.get_renderers()]
        if requested and (len(requested) > 1 or requested[0] not in offered):
            # initial() answers this with a 400 naming `format`; errors are JSON.
            return JSONRenderer(), JSONRenderer.media_type
        try:
            return super().perform_content_negotiation(request, force=force)
        except NotAcceptable:
            if self.action == "list":
                raise NotAcceptable(
                    f"Lists are JSON; this list's exports are {self.export_url('export_csv')} (CSV) "
                    f"and {self.export_url('export_jsonl')} (JSON Lines)"
                ) from None
            raise

    def initial(self, request, *args, **kwargs):
        if self.action is None and request.method != "OPTIONS":
            # A method this URL does not have is a 405 for everyone, before any credential check.
            raise MethodNotAllowed(request.method)
        super().initial(request, *args, **kwargs)
        if self.action in LIST_ACTIONS and request.method in ("GET", "HEAD"):
            filters = self.filterset_class.base_filters
            known = (LIST_PARAMETERS if self.action == "list" else EXPORT_PARAMETERS) | set(filters)
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
                if self.action == "list" and values[0] in ("csv", "jsonl"):
                    errors[name].append(f"This list's export is {self.export_url(f'export_{values[0]}')}")
        if errors:
            if self.action in LIST_ACTIONS:
                # Report the invalid values of the other parameters in the same answer.
                filterset = self.filterset_class(
                    request.query_params, queryset=self.queryset.none(), request=request
                )
                for name, messages in filterset.errors.items():
                    errors.setdefault(name, list(messages))
            raise ValidationError(dict(sorted(errors.items())))
        if ReviewState.DRAFT in request.query_params.getlist("review_state") and not self.shows_drafts():
            if request.user.is_authenticated:
                raise PermissionDenied(
                    f"Drafts are shown to curators only: this user may not view {self.queryset.model._meta.verbose_name_plural}."
                )
            raise NotAuthenticated("Drafts are shown to curators only: authenticate with a curator's token.")
        drafts = self.tagged_for()
        if drafts is not None:
            # The throttle read the generation in its round trip to the cache (None: the cache did
            # not answer, which it logged); without a throttle it is read here.
            read = getattr(request, "cache_read", NOT_READ)
            if read is NOT_READ:
                self.current_generation = etags.generation(drafts)
            else:
                self.current_generation = None if read is None else etags.generation(drafts, read=read)
            # Its public part, for what may be remembered while published data stays as it is
            # (a filter's slugs: project.api.filters.SlugsField).
            request.public_generation = etags.public_part(self.current_generation)

    def tagged_for(self) -> bool | None:
        """Whether this request's tags are made of the data generation, and of which: None when
        they are not (writes, history), else whether the caller sees drafts."""
        if self.request.method in ("GET", "HEAD") and self.action in {
            *LIST_ACTIONS,
            "retrieve",
            *self.tagged_actions,
        }:
            return self.shows_drafts()
        return None

    def cache_keys_to_read(self) -> tuple[str, ...]:
        """The keys the throttle reads in its round trip to the cache (project.api.throttles)."""
        drafts = self.tagged_for()
        return () if drafts is None else tuple(etags.generation_keys(drafts))

    def handle_exception(self, exc):
        response = super().handle_exception(exc)
        # Errors are JSON whatever format was asked for: a CSV of an error body would hide it.
        if not isinstance(getattr(self.request, "accepted_renderer", None), JSONRenderer):
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return response
