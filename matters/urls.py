"""The window's pages for service items and applications (事项与办件).

The record page is named ``detail`` (``matters:detail``, ``matters/<pk>/``): the sweep's
notices and 工作台 link to it. Until the window's pages are merged it answers 404.
"""

from django.http import Http404
from django.urls import path

app_name = "matters"


def _record_page_pending(request, pk):  # replaced by the window's record page
    raise Http404("办件页面尚未启用。")


urlpatterns: list = [path("<int:pk>/", _record_page_pending, name="detail")]
