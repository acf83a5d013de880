"""URLs of service tickets, the tablet, maintenance plans and difficult cases
(included in tickets/urls.py under app_name "tickets")."""

from django.urls import path

from servicecenter.transition_views import verb_urls

from .service import case_views, maintenance_views, pdf, tablet, views
from .service.verbs import CASE_VERBS, TICKET_VERBS

urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views.ticket_create, name="create"),
    path("<int:pk>/", views.ticket_detail, name="detail"),
    path("<int:pk>/contact/", views.log_contact, name="log_contact"),
    path("<int:pk>/photo/", views.add_photo, name="add_photo"),
    path("<int:pk>/pdf/", pdf.ticket_pdf, name="pdf"),
    path("<int:pk>/parts/pdf/", pdf.parts_pdf, name="parts_pdf"),
    path("<int:pk>/maintenance/pdf/", pdf.maintenance_pdf, name="maintenance_pdf"),
    path("signatures/<int:pk>/", views.signature_image, name="signature"),
    path("photos/<int:pk>/", views.photo_file, name="photo"),
    # the engineer's tablet
    path("my/", tablet.my_tickets, name="my"),
    path("<int:pk>/tablet/", tablet.tablet_detail, name="tablet_detail"),
    path("<int:pk>/tablet/contact/", views.log_contact, {"tablet": True},
         name="tablet_contact"),
    path("<int:pk>/tablet/photo/", views.add_photo, {"tablet": True},
         name="tablet_photo"),
    path("<int:pk>/tablet/maintenance/", tablet.maintenance_record,
         name="maintenance_record"),
    # periodic maintenance and difficult cases
    path("maintenance/", maintenance_views.maintenance_plans, name="maintenance_plans"),
    path("cases/", case_views.case_list, name="case_list"),
    path("cases/<int:pk>/", case_views.case_detail, name="case_detail"),
    # one URL per verb: tickets/<pk>/close/ named tickets:close, and so on
    *verb_urls(TICKET_VERBS, views.ticket_transition),
    *verb_urls(TICKET_VERBS, views.ticket_transition, "<int:pk>/tablet/", "tablet_",
               tablet=True),
    *verb_urls(CASE_VERBS, case_views.case_transition, "cases/<int:pk>/", "case_"),
]
