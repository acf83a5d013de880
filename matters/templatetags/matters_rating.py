"""``{% load matters_rating %}{% rating_prompt application %}``: the 请评价 buttons on
a clerk's page, one per window the clerk staffs whose rating screen is paired."""

from django import template

from ..ratings import prompt_windows

register = template.Library()


@register.inclusion_tag("matters/rating/prompt_buttons.html", takes_context=True)
def rating_prompt(context, application=None):
    request = context.get("request")
    user = getattr(request, "user", None)
    windows = [w for w in prompt_windows(user) if hasattr(w, "rating_screen")] \
        if user is not None else []
    return {"windows": windows, "application": application, "request": request,
            "several": len(windows) > 1, "csrf_token": context.get("csrf_token")}
