from django.urls import path

from servicecenter.transition_views import verb_urls

from . import views
from .verbs import VERBS

app_name = "repairs"

urlpatterns = [
    path("", views.order_list, name="list"),
    path("new/", views.intake, name="intake"),
    path("bench/", views.bench_list, name="bench"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/bench/", views.bench_order, name="bench_order"),
    path("<int:pk>/log/", views.log_entry, name="log_entry"),
    path("<int:pk>/photos/", views.photo, name="photo"),
    path("<int:pk>/pdf/receipt/", views.receipt_pdf, name="receipt_pdf"),
    path("<int:pk>/pdf/process/", views.process_pdf, name="process_pdf"),
    path("<int:pk>/pdf/pickup/", views.pickup_pdf, name="pickup_pdf"),
    path("dispatches/<int:pk>/followup/", views.dispatch_followup, name="followup"),
    path("dispatches/<int:pk>/pdf/", views.dispatch_pdf, name="dispatch_pdf"),
] + verb_urls(VERBS, views.transition)  # repairs/<pk>/assign/ named repairs:assign
