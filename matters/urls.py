"""The window's pages for service items and applications (事项与办件)."""

from django.urls import path

from servicecenter.transition_views import verb_urls

from .appointments.urls import urlpatterns as appointment_urls
from .urls_joint import urlpatterns as joint_urls
from .verbs import VERBS
from .views import levels, record, window

app_name = "matters"

urlpatterns = [
    path("", window.application_list, name="list"),
    path("new/", window.intake, name="intake"),
    path("new/materials/", window.intake_materials, name="intake_materials"),
    path("department/", window.department_queue, name="department"),
    path("refusals/", window.refusals, name="refusals"),
    path("<int:pk>/", record.detail, name="detail"),
    path("<int:pk>/extension/", record.extension_request, name="extension_request"),
    path("<int:pk>/extension/decide/", record.extension_decide,
         name="extension_decide"),
    path("<int:pk>/materials/<int:material>/supply/", record.supply_material,
         name="supply_material"),
    path("<int:pk>/documents/<slug:doc_type>/", record.document, name="document"),
] + levels.urlpatterns + joint_urls  # 村级来件, 本村办件, stages; 并联审批
urlpatterns += appointment_urls  # 预约办理: matters/appointments/…
urlpatterns += verb_urls(VERBS, record.transition)  # matters/<pk>/accept/ …
