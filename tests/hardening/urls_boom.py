"""The site's URLs plus one view that fails, to see the 500 page as a visitor does."""

from django.urls import path

from servicecenter.urls import handler500  # noqa: F401
from servicecenter.urls import urlpatterns as site_urlpatterns


def boom(request):
    raise RuntimeError("a bug in a view")


urlpatterns = [path("boom/", boom), *site_urlpatterns]
