"""``{% once_token %}``: the hidden one-time token of a creating form
(``servicecenter.once``)."""

from django import template
from django.utils.html import format_html

from .. import once

register = template.Library()


@register.simple_tag(takes_context=True)
def once_token(context):
    return format_html('<input type="hidden" name="{}" value="{}">', once.FIELD,
                       once.token_for_form(context["request"]))
