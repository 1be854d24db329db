"""The JSON API under /api/v1/. Paths have no trailing slash; every view declares a policy."""

from django.urls import path

from tandem.api.schema import SchemaView
from tandem.people import api as people_api

app_name = "api"

urlpatterns = [
    path("schema", SchemaView.as_view(), name="schema"),
    path("people/search", people_api.PersonSearchView.as_view(), name="people_search"),
    path("people/<uuid:person_id>", people_api.PersonDetailView.as_view(), name="people_retrieve"),
]
