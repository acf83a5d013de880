"""Error pages in the site's layout (templates/errors/base.html).

403, 404 and 400 use Django's own handlers, which render 403.html, 404.html and
400.html with the request, so the menu shows. The 500 and CSRF pages need views.
"""

import logging

from django.http import HttpResponseForbidden, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme

logger = logging.getLogger(__name__)

# The last resort if even the bare 500 template cannot render (a broken template).
BARE_500 = ("<!DOCTYPE html><html lang=\"zh-hans\"><meta charset=\"utf-8\">"
            "<title>系统出错</title><h1>系统暂时出错，请稍后再试</h1>"
            "<p><a href=\"/\">返回工作台</a></p></html>")


def server_error(request):
    """The 500 page with the menu if the request still renders one. The failure may
    be the database the menu reads, so it falls back to the page without a request
    (no menu, no queries), then to plain HTML."""
    for render in (lambda: render_to_string("500.html", request=request),
                   lambda: render_to_string("500.html")):
        try:
            return HttpResponseServerError(render())
        except Exception:  # an error page must not raise: try the next, plainer one
            logger.exception("the 500 page failed to render")
    return HttpResponseServerError(BARE_500)


def csrf_failure(request, reason=""):
    """A form posted from a stale page (or with cookies off): say so in Chinese and
    offer the page it came from, if that page is ours."""
    referer = request.META.get("HTTP_REFERER", "")
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure())
    html = render_to_string("403_csrf.html", {"back": referer if same_site else ""},
                            request=request)
    return HttpResponseForbidden(html)
