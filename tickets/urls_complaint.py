from django.urls import path

from servicecenter.transition_views import verb_urls

from .complaints import views_complaint as complaints
from .complaints import views_report as report
from .complaints import views_revisit as revisits
from .complaints.verbs import VERBS

urlpatterns = [
    path("complaints/", complaints.complaint_list, name="complaint_list"),
    path("complaints/new/", complaints.complaint_create, name="complaint_create"),
    path("complaints/<int:pk>/", complaints.complaint_detail, name="complaint_detail"),
    path("complaints/<int:pk>/pdf/", complaints.complaint_pdf, name="complaint_pdf"),
    # complaints/<pk>/accept/ named tickets:complaint_accept, and so on
    *verb_urls(VERBS, complaints.complaint_transition, "complaints/<int:pk>/",
               "complaint_"),
    path("revisits/", revisits.revisit_list, name="revisit_list"),
    path("revisits/plan/", revisits.revisit_plan, name="revisit_plan"),
    path("revisits/report/", report.revisit_report, name="revisit_report"),
    path("revisits/report.csv", report.revisit_report_csv, name="revisit_report_csv"),
    path("revisits/report.pdf", report.revisit_report_pdf, name="revisit_report_pdf"),
    path("revisits/<int:pk>/", revisits.revisit_call, name="revisit_call"),
    path("revisits/<int:pk>/cancel/", revisits.revisit_cancel, name="revisit_cancel"),
    path("revisits/<int:pk>/pdf/", revisits.revisit_pdf, name="revisit_pdf"),
]
