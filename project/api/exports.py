"""Each list's exports (`/api/v1/<resource>/export.csv` and `export.jsonl`, project/api/urls.py):
every record the list's filters select, in its ordering, in one streamed response."""

from django.http import StreamingHttpResponse
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.reverse import reverse

from . import compiled, etags
from .pagination import after, order_keys
from .renderers import CSVRenderer, JSONLinesRenderer, csv_stream, jsonl_stream

EXPORT_RENDERERS = {"export_csv": CSVRenderer, "export_jsonl": JSONLinesRenderer}
# Records read per query of an export: each chunk is one keyset range read (as a page is), so a
# worker holds one chunk at a time whatever the export's size.
EXPORT_CHUNK = 500


class ExportMixin:
    """The export actions of RecordViewSet (its conditional GET, filters and serializer)."""

    @extend_schema(
        description="Every record the list's filters select, in its `ordering`, as CSV in one streamed "
        "response (no pages). The columns are the JSON list's fields; nested records become their "
        "slugs, lists of them slugs joined by `;`, citations `document-slug[start:end]`; cells a "
        "spreadsheet would run as formulas start with `'`.",
    )
    def export_csv(self, request, *args, **kwargs):
        return self.export(request, csv_stream)

    @extend_schema(
        description="Every record the list's filters select, in its `ordering`, as JSON Lines in one "
        "streamed response (no pages): one record per line, each exactly as it appears in the JSON "
        "list's `results`.",
    )
    def export_jsonl(self, request, *args, **kwargs):
        return self.export(request, jsonl_stream)

    def export(self, request, stream) -> StreamingHttpResponse | Response:
        """A streamed export; its filters are checked (a 400) before the first byte is sent.

        Records are read in keyset chunks of EXPORT_CHUNK: memory stays flat, and a record saved
        while the export runs appears at most once (in its new state if the export has not yet
        reached it). If the database fails mid-stream the response is cut short, which a client
        sees as an incomplete transfer (no terminating chunk), never as a complete file.
        """
        not_modified = self.not_modified()
        if not_modified is not None:
            return not_modified
        queryset = self.filter_queryset(self.get_queryset())
        chunks = self.export_chunks(queryset) if request.method == "GET" else iter(())
        renderer = request.accepted_renderer
        response = StreamingHttpResponse(
            stream(chunks, list(self.get_serializer().fields)),
            content_type=f"{renderer.media_type}; charset=utf-8",
        )
        resource = request.path.split("/")[-2]  # /api/v1/<resource>/export.<format>
        response["Content-Disposition"] = f'attachment; filename="{resource}.{renderer.format}"'
        if self.current_generation is not None:
            response["ETag"] = etags.tag_for(
                self.current_generation, request.build_absolute_uri(), self.variant()
            )
        return response

    def export_chunks(self, queryset):
        """The represented records of ``queryset`` (ordered, the order total), a chunk at a time:
        compiled (project.api.compiled) where the list's serializer is, else DRF's."""
        keys = order_keys(queryset)
        plan = self.read_plan()
        if plan is not None:
            lookups = compiled.prefetch_lookups(queryset)
            queryset = compiled.value_rows(queryset, plan, [name for name, _ in keys])
        chunk = queryset
        while True:
            if plan is None:
                rows = self.with_related_rows(list(chunk[:EXPORT_CHUNK]))
                if rows:
                    yield self.get_serializer(rows, many=True).data
                last = rows and [getattr(rows[-1], name) for name, _ in keys]
            else:
                rows = list(chunk[:EXPORT_CHUNK])
                if rows:
                    yield plan.render(rows, self.request, lookups, self.read_shape())
                last = rows and [rows[-1][name] for name, _ in keys]
            if len(rows) < EXPORT_CHUNK:
                return
            chunk = queryset.filter(after(keys, last))

    def with_related_rows(self, rows: list) -> list:
        """A chunk's rows with what they show from other tables that a queryset cannot carry
        (a citation's citing records), read once per chunk; as they are by default."""
        return rows

    def export_url(self, action: str) -> str:
        """This list's export, with the request's query (`format`, `cursor`, `page_size` left out)."""
        suffix = action.replace("_", "-")
        url = self.request.build_absolute_uri(reverse(f"{self.basename}-{suffix}"))
        query = self.request.query_params.copy()
        for name in ("format", "cursor", "page_size"):
            query.pop(name, None)
        return f"{url}?{query.urlencode()}" if query else url
