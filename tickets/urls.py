from .urls_complaint import urlpatterns as complaint_urlpatterns
from .urls_service import urlpatterns as service_urlpatterns

app_name = "tickets"

urlpatterns = service_urlpatterns + complaint_urlpatterns
