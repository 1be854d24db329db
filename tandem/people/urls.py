from django.urls import path

from tandem.people import views

app_name = "people"

urlpatterns = [
    path("search", views.person_search, name="person_search"),
    path("search/candidates", views.person_candidates, name="person_candidates"),
    path("new", views.person_new, name="person_new"),
    path("reviews", views.review_queue, name="review_queue"),
    path("reviews/<uuid:review_id>", views.review_pair, name="review_pair"),
    path("merges/<uuid:merge_id>/separate", views.merge_separate, name="merge_separate"),
    path("merges/<uuid:merge_id>/assign", views.merge_assign, name="merge_assign"),
    path("<uuid:person_id>", views.person_detail, name="person_detail"),
    path("<uuid:person_id>/emergency-access", views.emergency_access, name="emergency_access"),
    path("<uuid:person_id>/share", views.share_record, name="share_record"),
    path("<uuid:person_id>/identifiers/add", views.identifier_add, name="identifier_add"),
    path("<uuid:person_id>/aliases/add", views.alias_add, name="alias_add"),
    path("<uuid:person_id>/addresses/add", views.address_add, name="address_add"),
    path("<uuid:person_id>/phones/add", views.phone_add, name="phone_add"),
]
