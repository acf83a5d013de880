"""A page's forms, read as a browser reads them (standard library only).

``forms(html)`` returns every ``<form>`` with its action, method and the values a
browser would submit untouched: hidden inputs (the CSRF token, the one-time submit
token, ``expected_state``), text inputs' values, checked boxes and radios, each
select's selected (else first) option, textareas' text. ``Form.options`` keeps each
select's and radio group's choices so a user can pick one.
"""

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Form:
    action: str
    method: str
    values: dict = field(default_factory=dict)
    options: dict = field(default_factory=dict)  # name -> [values] (select, radio)
    files: list = field(default_factory=list)  # names of file inputs
    fields: list = field(default_factory=list)  # every named control, in order

    def has(self, name: str) -> bool:
        return name in self.fields

    def data(self, **overrides) -> dict:
        """What to post: the page's values with the user's choices on top."""
        return {**self.values, **{k: v for k, v in overrides.items() if v is not None}}


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.option: dict | None = None
        self.textarea: str | None = None
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = Form(a.get("action", ""), a.get("method", "get").lower())
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "input":
            self._input(a)
        elif tag == "select" and a.get("name"):
            self.select, self.select_first = a["name"], None
            self._named(a["name"])
            self.form.options[a["name"]] = []
        elif tag == "option" and self.select:
            self.option, self.text = a, []
        elif tag == "textarea" and a.get("name"):
            self.textarea, self.text = a["name"], []
            self._named(a["name"])

    def _named(self, name):
        if name not in self.form.fields:
            self.form.fields.append(name)

    def _input(self, a):
        name, kind = a.get("name"), a.get("type", "text").lower()
        if not name or kind in {"submit", "button", "reset", "image"}:
            return
        self._named(name)
        if kind == "file":
            self.form.files.append(name)
        elif kind in {"checkbox", "radio"}:
            if kind == "radio":
                self.form.options.setdefault(name, []).append(a.get("value", "on"))
            if "checked" in a:
                self.form.values[name] = a.get("value", "on")
        else:
            self.form.values.setdefault(name, a.get("value", ""))

    def _close_option(self):
        a, self.option = self.option, None
        value = a.get("value", "".join(self.text).strip())
        self.form.options[self.select].append(value)
        if self.select_first is None:
            self.select_first = value
            self.form.values.setdefault(self.select, value)
        if "selected" in a:
            self.form.values[self.select] = value

    def handle_endtag(self, tag):
        if self.form is None:
            return
        if tag == "option" and self.option is not None:
            self._close_option()
        elif tag == "select":
            if self.option is not None:
                self._close_option()
            self.select = None
        elif tag == "textarea" and self.textarea:
            text = "".join(self.text)  # a browser drops the newline after the tag
            self.form.values[self.textarea] = text[1:] if text[:1] == "\n" else text
            self.textarea = None
        elif tag == "form":
            self.form = None

    def handle_data(self, data):
        if self.option is not None or self.textarea:
            self.text.append(data)


def forms(html: str) -> list[Form]:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.forms


def form_with(html: str, field_name: str, action_part: str = "") -> Form | None:
    """The first form that has ``field_name`` (and whose action contains
    ``action_part``), or None."""
    for form in forms(html):
        if form.has(field_name) and action_part in form.action:
            return form
    return None


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href") if tag == "a" else None
        if href and href not in self.hrefs:
            self.hrefs.append(href)


def links(html: str, pattern=None) -> list[str]:
    """The page's link targets in order (each once), those matching the compiled
    regular expression ``pattern`` when given."""
    parser = _Links()
    parser.feed(html)
    parser.close()
    return [h for h in parser.hrefs if pattern is None or pattern.search(h)]
