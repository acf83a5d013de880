"""Staff pages of the rating screens (login required): the windows' screens and
pairing, 请评价, one rating's page. Mounted at matters/rating/."""

from django.urls import path

from .views import rating_staff

app_name = "matters_rating"

urlpatterns = [
    path("", rating_staff.windows, name="windows"),
    path("windows/<int:pk>/pair/", rating_staff.pair, name="pair"),
    path("windows/<int:pk>/prompt/", rating_staff.prompt, name="prompt"),
    path("<int:pk>/", rating_staff.detail, name="detail"),
]
