from django.urls import path

from servicecenter.transition_views import verb_urls

from . import views
from .verbs import VERBS

app_name = "petitions"

urlpatterns = [
    path("", views.petition_list, name="list"),
    path("new/", views.register, name="register"),
    path("repeats/", views.repeats, name="repeats"),
    path("approvals/", views.approvals, name="approvals"),
    path("department/", views.department_queue, name="department_queue"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("<int:pk>/extension/", views.extension_request, name="extension_request"),
    path("<int:pk>/extension/decide/", views.extension_decide, name="extension_decide"),
    path("<int:pk>/attach/", views.attach, name="attach"),
    path("<int:pk>/documents/<slug:doc_type>/", views.document, name="document"),
] + verb_urls(VERBS, views.transition)  # petitions/<pk>/close/ named petitions:close
