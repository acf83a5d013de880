"""The public's pages, mounted at the site root: the service guide (公示), the status
lookup (办件查询) and the windows' rating screens (评价器). No login, nothing
personal (matters.views.public, .lookup, .rating)."""

from django.urls import path

from .views import lookup, public, rating

app_name = "public"

urlpatterns = [
    path("guide/", public.guide_list, name="guide"),
    path("guide/<str:code>/", public.guide_item, name="guide_item"),
    path("guide/<str:code>/pdf/", public.guide_pdf, name="guide_pdf"),
    path("guide/<str:code>/materials/<int:pk>/", public.material_template,
         name="material_template"),
    path("guide/<str:code>/forms/<int:pk>/", public.form_file, name="form_file"),
    path("lookup/", lookup.lookup, name="lookup"),
    path("rating/<str:token>/", rating.screen, name="rating"),
    path("rating/<str:token>/poll/", rating.poll, name="rating_poll"),
    path("rating/<str:token>/rate/", rating.rate, name="rating_rate"),
]
