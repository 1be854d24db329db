"""The JSON API under /api/v1/. Paths have no trailing slash; every view declares a policy."""

from django.urls import path

from tandem.api.schema import SchemaView
from tandem.frontdoor import api as frontdoor_api
from tandem.meetings import api as meetings_api
from tandem.people import api as people_api

app_name = "api"

urlpatterns = [
    path("schema", SchemaView.as_view(), name="schema"),
    path("people/search", people_api.PersonSearchView.as_view(), name="people_search"),
    path("people/<uuid:person_id>", people_api.PersonDetailView.as_view(), name="people_retrieve"),
    path("person-matches", people_api.PersonMatchView.as_view(), name="person_matches"),
    path("contacts", frontdoor_api.ContactCreateView.as_view(), name="contacts_create"),
    path("contacts/<uuid:contact_id>", frontdoor_api.ContactDetailView.as_view(), name="contacts_retrieve"),
    path("contacts/<uuid:contact_id>/checks", frontdoor_api.CheckCreateView.as_view(), name="contact_checks_create"),
    path("contacts/<uuid:contact_id>/rag", frontdoor_api.RagView.as_view(), name="contact_rag_update"),
    path(
        "contacts/<uuid:contact_id>/children/<uuid:child_id>/decision",
        frontdoor_api.DecisionView.as_view(),
        name="child_decision_create",
    ),
    path("checks/<uuid:check_id>/answer", frontdoor_api.CheckAnswerView.as_view(), name="check_answer"),
    path("strategy-discussions", meetings_api.DiscussionCreateView.as_view(), name="strategy_discussions_create"),
    path(
        "strategy-discussions/<uuid:discussion_id>",
        meetings_api.DiscussionDetailView.as_view(),
        name="strategy_discussions_detail",
    ),
    path(
        "strategy-discussions/<uuid:discussion_id>/participants",
        meetings_api.ParticipantsView.as_view(),
        name="strategy_discussion_participants",
    ),
    path(
        "strategy-discussions/<uuid:discussion_id>/attendance",
        meetings_api.AttendanceView.as_view(),
        name="strategy_discussion_attendance",
    ),
    path(
        "strategy-discussions/<uuid:discussion_id>/information",
        meetings_api.InformationCreateView.as_view(),
        name="strategy_discussion_information",
    ),
    path(
        "strategy-discussions/<uuid:discussion_id>/decision",
        meetings_api.DecisionView.as_view(),
        name="strategy_discussion_decision",
    ),
    path(
        "strategy-discussions/<uuid:discussion_id>/distribution",
        meetings_api.DistributionView.as_view(),
        name="strategy_discussion_distribution",
    ),
    path("section-47-enquiries", meetings_api.EnquiryCreateView.as_view(), name="section_47_enquiries_create"),
    path(
        "section-47-enquiries/<uuid:enquiry_id>",
        meetings_api.EnquiryDetailView.as_view(),
        name="section_47_enquiries_detail",
    ),
    path(
        "section-47-enquiries/<uuid:enquiry_id>/child-seen",
        meetings_api.ChildSeenView.as_view(),
        name="section_47_enquiry_child_seen",
    ),
]
