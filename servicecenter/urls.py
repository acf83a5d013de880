from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import files, views

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("parties/", views.party_search, name="party_search"),
    path("parties/lookup/", views.party_lookup, name="party_lookup"),
    path("parties/new/", views.party_edit, name="party_create"),
    path("parties/<int:pk>/", views.party_detail, name="party_detail"),
    path("parties/<int:pk>/pdf/", views.party_pdf, name="party_pdf"),
    path("parties/<int:pk>/edit/", views.party_edit, name="party_edit"),
    path("notifications/", views.notifications, name="notifications"),
    path("healthz", views.healthz, name="healthz"),
    path("files/<slug:kind>/<int:pk>/", files.serve_file, name="file"),
    # public by law, no login: guide/, lookup/, rating/<token>/ (matters.urls_public)
    path("", include("matters.urls_public")),
    path("matters/rating/", include("matters.urls_rating")),
    path("petitions/", include("petitions.urls")),
    path("tickets/", include("tickets.urls")),
    path("repairs/", include("repairs.urls")),
    path("matters/", include("matters.urls")),
    path("reports/", include("servicecenter.reports.urls")),
    path("admin/", admin.site.urls),
]

handler500 = "servicecenter.errors.server_error"  # the layout, safely (errors.py)
