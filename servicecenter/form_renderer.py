"""Django's form renderer, with the common widgets written in Python.

Django renders a widget through templates: a <select> includes one template per
option and each of those includes the attributes template, so the filter forms of a
list page cost a fifth of the page. The select, option and plain <input> widgets are
written here in Python instead, to the byte what the templates give (a test renders
each widget both ways); every other template goes through Django as before.
"""

from django.forms.renderers import DjangoTemplates
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

W = "django/forms/widgets/"
SELECT = W + "select.html"
OPTION = W + "select_option.html"
INPUTS = {W + f"{kind}.html" for kind in (
    "text", "number", "email", "url", "password", "hidden", "date", "datetime",
    "time", "search", "tel", "checkbox")}


def _attrs(attrs: dict) -> str:
    out = []
    for name, value in attrs.items():
        if value is False:
            continue
        out.append(f" {conditional_escape(name)}" if value is True
                   else f' {conditional_escape(name)}="{conditional_escape(value)}"')
    return "".join(out)


def _select(widget: dict) -> str | None:
    name = conditional_escape(widget["name"])
    out = [f'<select name="{name}"{_attrs(widget["attrs"])}>']
    for group_name, options, _ in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION:
                return None
            out.append(f'\n  <option value="{conditional_escape(option["value"])}"'
                       f'{_attrs(option["attrs"])}>{conditional_escape(option["label"])}'
                       "</option>\n")
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")  # Django strips what a widget template gives
    return "".join(out)


def _input(widget: dict) -> str:
    value = widget["value"]
    value = "" if value is None else f' value="{conditional_escape(value)}"'
    return (f'<input type="{conditional_escape(widget["type"])}" '
            f'name="{conditional_escape(widget["name"])}"{value}{_attrs(widget["attrs"])}>')


class FastRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        widget = context.get("widget") if isinstance(context, dict) else None
        if widget is not None and template_name == SELECT:
            html = _select(widget)
            if html is not None:
                return mark_safe(html)
        elif widget is not None and template_name in INPUTS:
            return mark_safe(_input(widget))
        return super().render(template_name, context, request)
