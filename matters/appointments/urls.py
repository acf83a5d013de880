"""预约办理 pages, mounted in the matters namespace under ``appointments/``."""

from django.urls import path

from . import views

urlpatterns = [
    path("appointments/", views.appointment_list, name="appointments"),
    path("appointments/new/", views.appointment_book, name="appointment_book"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment"),
    path("appointments/<int:pk>/slip/", views.appointment_slip,
         name="appointment_slip"),
    path("appointments/<int:pk>/<slug:verb>/", views.appointment_step,
         name="appointment_step"),
]
