"""Content negotiation that honours quality values in ``Accept`` (RFC 9110, section 12.5.1).

DRF's default negotiation orders media ranges by specificity alone and ignores ``q``, so
``Accept: text/csv;q=0.1, application/json`` got CSV. Here each renderer gets the quality of the
most specific range that matches it; the best quality above zero wins, then the more specific
range, then the view's renderer order (JSON first). ``q=0`` refuses a type.
"""

import re

from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.utils.mediatypes import _MediaType

QUALITY = re.compile(r"0(\.[0-9]{0,3})?|1(\.0{0,3})?", re.ASCII)


def quality(media_range: _MediaType) -> float | None:
    """The range's q (1 when absent); None for a malformed q, whose range is then ignored."""
    value = media_range.params.get("q", "1")
    return float(value) if QUALITY.fullmatch(value) else None


class QualityContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        requested = format_suffix or request.query_params.get(self.settings.URL_FORMAT_OVERRIDE)
        if requested:
            renderers = self.filter_renderers(renderers, requested)
        ranges = [(r, quality(r)) for r in self._get_parsed_accept_list(request) if r.full_type]
        ranges = [(r, q) for r, q in ranges if q is not None] or [(_MediaType("*/*"), 1.0)]

        best = None
        for order, renderer in enumerate(renderers):
            offered = _MediaType(renderer.media_type)
            matching = [(r.precedence, q, r) for r, q in ranges if offered.match(r)]
            if not matching:
                continue
            precedence, q, media_range = max(matching, key=lambda match: match[0])
            if q <= 0:
                continue
            rank = (q, precedence, -order)
            if best is None or rank > best[0]:
                best = (rank, renderer, offered, media_range)
        if best is None:
            raise exceptions.NotAcceptable(available_renderers=renderers)
        _, renderer, offered, media_range = best
        # The accepted type is the more specific of the two, with the client's parameters but not q.
        params = tuple(f"{key}={value}" for key, value in media_range.params.items() if key != "q")
        base = renderer.media_type if offered.precedence > media_range.precedence else media_range.full_type
        return renderer, ";".join((base, *params))
