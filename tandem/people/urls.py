from django.urls import path

from tandem.people import views

app_name = "people"

urlpatterns = [
    path("search", views.person_search, name="person_search"),
    path("<uuid:person_id>", views.person_detail, name="person_detail"),
    path("<uuid:person_id>/emergency-access", views.emergency_access, name="emergency_access"),
    path("<uuid:person_id>/share", views.share_record, name="share_record"),
]
