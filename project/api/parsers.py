"""The one body format writes take: JSON, refused whole when no record could be made of it.

Beyond DRF's parser: nesting deeper than MAX_DEPTH (the deepest write, a citation in a list in
a record, is three) is a 400 before Python's recursion limit turns it into a 500, and so is a
lone surrogate (``"\\ud800"``): JSON's escapes can spell one, but it is no character, and no
database or error message could hold it.
"""

import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

MAX_DEPTH = 16
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
TOO_DEEP = f"The body is nested more than {MAX_DEPTH} levels deep; no write needs that."


def _check(value) -> None:
    """Walk the parsed body without recursion: depth and text."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, str):
            if LONE_SURROGATE.search(node):
                raise ParseError(
                    "The body holds a lone surrogate (an unpaired \\ud800-\\udfff escape), which is not a "
                    "character."
                )
            continue
        if isinstance(node, (dict, list)):
            if depth > MAX_DEPTH:
                raise ParseError(TOO_DEEP)
            items = [*node.keys(), *node.values()] if isinstance(node, dict) else node
            stack.extend((item, depth + 1) for item in items)


class StrictJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            body = super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise ParseError(TOO_DEEP) from None
        _check(body)
        return body
