"""并联审批 URLs, added to the ``matters`` namespace (matters/urls.py)."""

from django.urls import path

from .views import joint

urlpatterns = [
    path("joint/", joint.queue, name="joint"),
    path("<int:pk>/joint/<int:opinion>/answer/", joint.answer, name="joint_answer"),
]
