"""The conflict timeline page: an HTML page outside the API, for people rather than programs."""

from django.http import HttpResponseNotModified
from django.shortcuts import get_object_or_404, render

from project.api import etags
from project.api.throttles import throttled_page
from project.records.base import ReviewState

from .models import Conflict
from .timeline import timeline


def published(queryset):
    """The page is public: it never shows a draft, whoever asks (curators read drafts in the JSON)."""
    return queryset.filter(review_state=ReviewState.PUBLISHED)


@throttled_page(read=etags.generation_keys)
def conflict_timeline(request, slug):
    """A published conflict's events and reactions on a time axis (server-drawn SVG, no script),
    and the same rows as a table. Tagged like the API's answers: a matching If-None-Match is a
    304 read from the cache alone, in the throttle's round trip; counted against the client's
    API budget like them."""
    read = request.cache_read
    generation = None if read is None else etags.generation(read=read)
    tag = None if generation is None else etags.tag_for(generation, request.build_absolute_uri(), "html")
    if tag is not None and tag in etags.none_match(request):
        return HttpResponseNotModified(headers={"ETag": tag})
    conflict = get_object_or_404(published(Conflict.objects.only("id", "slug", "name", "date")), slug=slug)
    response = render(request, "events/timeline.html", {"timeline": timeline(conflict, published, request)})
    if tag is not None:
        response["ETag"] = tag  # else Django's ConditionalGetMiddleware hashes the body
    return response
