"""A release's files, served as they were written: immutable, so any cache may keep them for good."""

from pathlib import Path

from django.conf import settings
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.http import parse_etags
from django.views.decorators.http import require_safe

from .models import ReleaseFile

IMMUTABLE = "public, max-age=31536000, immutable"
MEDIA_TYPES = {
    ".csv": "text/csv; charset=utf-8",
    ".jsonl": "application/jsonl; charset=utf-8",
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


@require_safe
def release_file(request, version: str, name: str):
    """``/releases/<version>/<name>``: only a name the release lists is served, so no path of the
    request ever reaches the file system (``..`` and the like are simply not names it lists)."""
    file = ReleaseFile.objects.filter(release__version=version, name=name).first()
    if file is None:
        raise Http404(f"release {version} has no file {name}")
    etag = f'"{file.sha256}"'
    headers = {"ETag": etag, "Cache-Control": IMMUTABLE}
    sent = request.headers.get("If-None-Match")
    if sent and (etag in parse_etags(sent) or sent.strip() == "*"):
        response = HttpResponseNotModified()
    else:
        path = Path(settings.RELEASES_ROOT) / version / name
        if not path.is_file():
            raise Http404(f"release {version}'s file {name} is not on this server")
        response = FileResponse(
            path.open("rb"), content_type=MEDIA_TYPES.get(path.suffix, "application/octet-stream")
        )
    for header, value in headers.items():
        response[header] = value
    return response
