from django.urls import path

from tandem.meetings import views

app_name = "meetings"

urlpatterns = [
    path("today", views.today_view, name="today"),
    path("strategy-discussions/saved", views.saved, name="saved"),
    path("strategy-discussions/new", views.discussion_new, name="discussion_new"),
    path("strategy-discussions/<uuid:discussion_id>", views.discussion_detail, name="discussion_detail"),
    path("strategy-discussions/<uuid:discussion_id>/record.txt", views.discussion_record, name="discussion_record"),
    path("strategy-discussions/<uuid:discussion_id>/details", views.discussion_edit, name="discussion_edit"),
    path("strategy-discussions/<uuid:discussion_id>/participants", views.participant_add, name="participant_add"),
    path("strategy-discussions/<uuid:discussion_id>/attendance", views.attendance, name="attendance"),
    path("strategy-discussions/<uuid:discussion_id>/information", views.information_add, name="information_add"),
    path(
        "strategy-discussions/<uuid:discussion_id>/alleged-perpetrators",
        views.perpetrator_add,
        name="perpetrator_add",
    ),
    path("strategy-discussions/<uuid:discussion_id>/actions", views.action_add, name="action_add"),
    path("strategy-discussions/<uuid:discussion_id>/decision", views.decision, name="decision"),
    path("strategy-discussions/<uuid:discussion_id>/section-47", views.enquiry_new, name="enquiry_new"),
    path("strategy-discussions/<uuid:discussion_id>/distribute", views.distribute, name="distribute"),
    path("section-47-enquiries/<uuid:enquiry_id>", views.enquiry_detail, name="enquiry_detail"),
    path("section-47-enquiries/<uuid:enquiry_id>/child-seen", views.child_seen, name="child_seen"),
    path("section-47-enquiries/<uuid:enquiry_id>/outcome", views.enquiry_update, name="enquiry_update"),
]
