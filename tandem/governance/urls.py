from django.urls import path

from tandem.governance import views

app_name = "governance"

urlpatterns = [
    path("emergency-access", views.review_queue, name="review_queue"),
    path("emergency-access/<uuid:access_id>", views.review_emergency_access, name="review_emergency_access"),
    path("people/find", views.find_person, name="find_person"),
    path("people/<uuid:person_id>/access-log", views.person_access_log, name="person_access_log"),
    path("people/<uuid:person_id>/access-log.csv", views.person_access_log_csv, name="person_access_log_csv"),
    path("denials", views.denials, name="denials"),
]
