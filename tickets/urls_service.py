"""URLs of service tickets, the tablet, maintenance plans and difficult cases
(included in tickets/urls.py under app_name "tickets")."""

from django.urls import path

from .service import case_views, maintenance_views, pdf, tablet, views

urlpatterns = [
    path("", views.ticket_list, name="list"),
    path("new/", views.ticket_create, name="create"),
    path("<int:pk>/", views.ticket_detail, name="detail"),
    path("<int:pk>/act/<str:verb>/", views.ticket_act, name="act"),
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
    path("<int:pk>/tablet/act/<str:verb>/", views.ticket_act, {"tablet": True},
         name="tablet_act"),
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
    path("cases/<int:pk>/<str:verb>/", case_views.case_act, name="case_act"),
]
