from django.conf import settings
from django.http import QueryDict

# Nothing loads from outside the centre's own server (intranet, no CDN).
CSP = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path.startswith("/admin/") or not settings.DEBUG:
            response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Referrer-Policy", "same-origin")
        response.setdefault("Permissions-Policy", "camera=(self), geolocation=()")
        return response



_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(querydict) -> bool:
    return any("\x00" in key or any("\x00" in v for v in values)
               for key, values in querydict.lists())


def _without_nul(querydict) -> QueryDict:
    clean = QueryDict(mutable=True, encoding=querydict.encoding)
    for key, values in querydict.lists():
        clean.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
    clean._mutable = False
    return clean


class StripNulMiddleware:
    """A NUL character cannot be stored or compared in PostgreSQL text (the driver
    raises, which was a 500 on any filter or form that met one). It is never part of
    what a person typed, so it is dropped here, once, from every query string and form
    field, and no view or form has to remember it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request.GET):
            request.GET = _without_nul(request.GET)
        if (request.method == "POST" and request.content_type in _FORM_TYPES
                and _has_nul(request.POST)):
            request.POST = _without_nul(request.POST)
        return self.get_response(request)
