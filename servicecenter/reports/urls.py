from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("accountability/", views.accountability, name="accountability"),
    path("accountability/csv/", views.accountability_csv, name="accountability_csv"),
    path("accountability/pdf/", views.accountability_pdf, name="accountability_pdf"),
]
