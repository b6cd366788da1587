"""Submit an admin form the way a browser does: every field the page renders, as rendered.

``form_data(response)`` reads the page's form and returns what a browser would send for it
unchanged: every input, checked box, selected option and textarea (inline management forms,
existing inline rows and the hidden empty-row template included), with a textarea's line breaks
sent as CRLF (HTML's form submission rule). Tests then change the fields a curator changes.
"""

import re
from html import unescape
from html.parser import HTMLParser

SKIPPED_INPUTS = {"submit", "button", "image", "reset", "file"}


class _FormReader(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.fields = []  # (name, value) in document order
        self.textarea = None  # [name, chunks]
        self.select = None  # {"name", "multiple", "options": [(value, selected)]}
        self.option = None  # [value or None, selected, chunks]
        self.submit = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text").lower()
            if kind == "submit" and self.submit is None:
                self.submit = (name, attrs.get("value", ""))
            if kind in SKIPPED_INPUTS:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attrs:
                    self.fields.append((name, attrs.get("value", "on")))
                return
            self.fields.append((name, attrs.get("value", "")))
        elif tag == "textarea" and name:
            self.textarea = [name, []]
        elif tag == "select" and name:
            self.select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = [attrs.get("value"), "selected" in attrs, []]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1].append(data)
        if self.option is not None:
            self.option[2].append(data)

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea" and self.textarea is not None:
            name, chunks = self.textarea
            value = "".join(chunks)
            if value.startswith("\n"):  # HTML drops one line break right after <textarea>
                value = value[1:]
            self.fields.append((name, re.sub(r"\r\n|\r|\n", "\r\n", value)))
            self.textarea = None
        elif tag == "option" and self.option is not None:
            value, selected, chunks = self.option
            self.select["options"].append((value if value is not None else "".join(chunks).strip(), selected))
            self.option = None
        elif tag == "select" and self.select is not None:
            options = self.select["options"]
            chosen = [value for value, selected in options if selected]
            if not chosen and options and not self.select["multiple"]:
                chosen = [options[0][0]]
            self.fields.extend((self.select["name"], value) for value in chosen)
            self.select = None


def form_data(response, form_id=None) -> dict:
    """What a browser sends when the page's admin form is submitted with its first submit button."""
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    if form_id is None:
        form_id = re.search(r'<form [^>]*id="([a-z_]+_form)"', html).group(1)
    reader = _FormReader(form_id)
    reader.feed(html)
    data = {}
    for name, value in reader.fields:
        data.setdefault(name, []).append(value)
    if reader.submit:
        data.setdefault(reader.submit[0], []).append(reader.submit[1])
    return {name: values[0] if len(values) == 1 else values for name, values in data.items()}


def inline_prefix(data: dict, prefix_start: str) -> str:
    """The prefix of the inline formset whose management form name starts with ``prefix_start``."""
    prefixes = [name[: -len("-TOTAL_FORMS")] for name in data if name.endswith("-TOTAL_FORMS")]
    matching = [p for p in prefixes if p.startswith(prefix_start)]
    assert len(matching) == 1, (prefix_start, prefixes)
    return matching[0]


def errors_in(response) -> list[str]:
    """The error messages an admin page shows (field, form and formset errors)."""
    html = response.content.decode()
    return [
        unescape(re.sub(r"<[^>]+>", "", m))
        for m in re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    ]
