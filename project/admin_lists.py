"""What every admin list shares: text shortened at word boundaries."""


def shorten(text: str, width: int = 90) -> str:
    """``text`` on one line, cut at the last word boundary before ``width`` with an ellipsis."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,;:.-–") + "…"
