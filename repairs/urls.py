app_name = "repairs"

urlpatterns: list = []
