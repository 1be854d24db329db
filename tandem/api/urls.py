"""The JSON API under /api/v1/. Paths have no trailing slash; every view declares a policy."""

from django.urls import path

from tandem.api.schema import SchemaView

app_name = "api"

urlpatterns = [
    path("schema", SchemaView.as_view(), name="schema"),
]
