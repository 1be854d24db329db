from django.urls import path

from tandem.frontdoor import views, wizard

app_name = "frontdoor"

urlpatterns = [
    path("", views.contact_queue, name="queue"),
    path("my-contacts", views.my_contacts, name="my_contacts"),
    path("checks", views.agency_checks, name="agency_checks"),
    path("saved", wizard.saved, name="saved"),
    path("checks/<uuid:check_id>", views.check_answer, name="check_answer"),
    path("contacts/new", wizard.contact_new, name="contact_new"),
    path("contacts/<uuid:contact_id>/draft/children", wizard.draft_children, name="draft_children"),
    path("contacts/<uuid:contact_id>/draft/others", wizard.draft_others, name="draft_others"),
    path("contacts/<uuid:contact_id>/draft/people/add/<slug:kind>", wizard.draft_person, name="draft_person_add"),
    path("contacts/<uuid:contact_id>/draft/people/<uuid:person_id>", wizard.draft_person, name="draft_person"),
    path(
        "contacts/<uuid:contact_id>/draft/people/<uuid:person_id>/needs",
        wizard.draft_person_needs,
        name="draft_person_needs",
    ),
    path(
        "contacts/<uuid:contact_id>/draft/people/<uuid:person_id>/remove",
        wizard.draft_person_remove,
        name="draft_person_remove",
    ),
    path("contacts/<uuid:contact_id>/draft/check", wizard.draft_check, name="draft_check"),
    path("contacts/<uuid:contact_id>/draft/<slug:step>", wizard.draft_step, name="draft_step"),
    path("contacts/<uuid:contact_id>/sent", wizard.contact_submitted, name="contact_submitted"),
    path("contacts/<uuid:contact_id>", views.contact_detail, name="contact_detail"),
    path("contacts/<uuid:contact_id>/take", views.contact_take, name="contact_take"),
    path("contacts/<uuid:contact_id>/checks", views.checks_request, name="checks_request"),
    path("contacts/<uuid:contact_id>/rag", views.contact_rag, name="contact_rag"),
    path("contacts/<uuid:contact_id>/close", views.contact_close, name="contact_close"),
    path("contacts/<uuid:contact_id>/referrer/<slug:kind>", views.contact_update, name="contact_update"),
    path("contacts/<uuid:contact_id>/children/<uuid:child_id>/resolve", views.child_resolve, name="child_resolve"),
    path("contacts/<uuid:contact_id>/children/<uuid:child_id>/decision", views.child_decision, name="child_decision"),
]
