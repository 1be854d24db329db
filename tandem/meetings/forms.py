"""Forms for strategy discussions and section 47 enquiries (one question group per page)."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django import forms
from django.utils import timezone

from tandem.accounts.roles import AgencyKind
from tandem.frontdoor.codes import HandlingCode, IntelligenceAssessment, SourceEvaluation
from tandem.govuk.forms import DateInputField, parse_time
from tandem.meetings.codes import EnquiryOutcome, InformationMarking, Investigation, Mode, NrmConsideration
from tandem.people.models import FamilyInformed, LawfulBasis

TEXT = 10_000
YES_NO = [("yes", "Yes"), ("no", "No")]


def _choices(field: forms.Field) -> forms.ChoiceField:
    return cast(forms.ChoiceField, field)


def _text(label: str, *, required: bool = False, message: str = "", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=required,
        max_length=TEXT,
        help_text=help_text,
        error_messages={"required": message or f"Enter {label.lower()}"},
    )


def _yes_no(label: str, message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=YES_NO, widget=forms.RadioSelect, error_messages={"required": message}
    )


def _radios(label: str, choices: Any, message: str, *, required: bool = True) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.RadioSelect, required=required, error_messages={"required": message}
    )


class MeetingTimeMixin(forms.Form):
    meeting_on = DateInputField(
        label="Date of the discussion",
        help_text="For example, 24 12 2026",
        error_messages={"required": "Enter the date of the discussion"},
    )
    meeting_time = forms.CharField(
        label="Time of the discussion",
        max_length=10,
        help_text="For example, 10:30 or 2pm",
        error_messages={"required": "Enter the time of the discussion"},
    )

    def clean_meeting_time(self) -> dt.time:
        parsed = parse_time(self.cleaned_data["meeting_time"])
        if parsed is None:
            raise forms.ValidationError("Enter a real time, for example 10:30 or 2pm")
        return parsed

    def meeting_at(self) -> dt.datetime:
        day: dt.date = self.cleaned_data["meeting_on"]
        return timezone.make_aware(dt.datetime.combine(day, self.cleaned_data["meeting_time"]))


class ConveneForm(MeetingTimeMixin):
    mode = _radios("How will the discussion be held?", Mode.choices, "Select how the discussion is held")
    reason = _text(
        "Why is significant harm suspected?",
        required=True,
        message="Enter why significant harm is suspected",
        help_text="What has happened, and why it needs a strategy discussion now",
    )
    referral_on = DateInputField(
        label="Referral date",
        required=False,
        allow_future=False,
        help_text="The date the concern was accepted as a referral. It starts the 45-working-day assessment clock.",
    )

    def __init__(self, *args: Any, needs_referral_date: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not needs_referral_date:
            del self.fields["referral_on"]
        else:
            self.fields["referral_on"].required = True
            self.fields["referral_on"].error_messages["required"] = "Enter the referral date"


class DetailsForm(MeetingTimeMixin):
    mode = _radios("How is the discussion held?", Mode.choices, "Select how the discussion is held")
    reason = _text(
        "Why is significant harm suspected?", required=True, message="Enter why significant harm is suspected"
    )
    risks_to_child = _text("Risks to the child", help_text="What the discussion found about the risks to this child")
    risks_to_others = _text(
        "Risks to other children",
        help_text="Siblings, other children in the household, or children in contact with the alleged perpetrators",
    )


class InviteForm(forms.Form):
    membership = forms.ChoiceField(label="Someone with a Tandem account", required=False)
    name = forms.CharField(label="Full name", required=False, max_length=200)
    job_title = forms.CharField(label="Job title", required=False, max_length=200)
    organisation = forms.CharField(label="Agency or organisation", required=False, max_length=200)
    agency_kind = forms.ChoiceField(
        label="Kind of agency", required=False, choices=[("", "Select the kind of agency"), *AgencyKind.choices]
    )
    email = forms.EmailField(label="Secure email address", required=False, help_text="Where the record is sent")

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["membership"]).choices = [("", "Select a person"), *people]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("membership"):
            return data
        if not (data.get("name") or "").strip():
            self.add_error("name", "Select someone with an account, or enter the person’s name")
        if not (data.get("organisation") or "").strip():
            self.add_error("organisation", "Enter their agency or organisation")
        if not data.get("agency_kind"):
            self.add_error("agency_kind", "Select the kind of agency they work for")
        return data


class AttendanceForm(forms.Form):
    attended = forms.MultipleChoiceField(
        label="Who took part?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Select who took part"},
        help_text="Everyone not selected is recorded as not attending.",
    )

    def __init__(self, *args: Any, participants: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["attended"]).choices = participants


class InformationForm(forms.Form):
    information = _text(
        "What is your agency sharing?", required=True, message="Enter the information your agency is sharing"
    )
    source = forms.CharField(
        label="Where does it come from?",
        max_length=300,
        help_text="For example, intelligence report, health records or school attendance records",
        error_messages={"required": "Enter where the information comes from"},
    )
    is_intelligence = forms.BooleanField(label="This is police intelligence", required=False)
    source_evaluation = _radios(
        "Source evaluation", SourceEvaluation.choices, "Select the source evaluation", required=False
    )
    intelligence_assessment = _radios(
        "Intelligence assessment", IntelligenceAssessment.choices, "Select the intelligence assessment", required=False
    )
    handling_code = _radios("Handling code", HandlingCode.choices, "Select the handling code", required=False)
    handling_conditions = _text("Conditions for handling code C")
    marking = _radios("Who may see it?", InformationMarking.choices, "Select who may see it")
    sanitised_summary = _text(
        "Sanitised summary for partners",
        help_text="What other agencies may know. Do not include the source or anything that would identify it.",
    )
    lawful_basis = _radios(
        "What is the lawful basis for sharing it?", LawfulBasis.choices, "Select the lawful basis for sharing"
    )
    family_informed = _radios(
        "Has the family been told that your agency is sharing this?",
        FamilyInformed.choices,
        "Select whether the family has been told",
    )
    family_not_informed_reason = _text("Why has the family not been told?")
    on_behalf_of = forms.ChoiceField(label="Shared by someone without an account", required=False)

    def __init__(self, *args: Any, police: bool, without_account: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.police = police
        if police:
            self.fields["is_intelligence"].initial = True
            self.fields["marking"].initial = InformationMarking.RESTRICTED
        else:
            for name in ("is_intelligence", "source_evaluation", "intelligence_assessment", "handling_code"):
                del self.fields[name]
            del self.fields["handling_conditions"]
        if without_account:
            _choices(self.fields["on_behalf_of"]).choices = [("", "No: my agency is sharing it"), *without_account]
        else:
            del self.fields["on_behalf_of"]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.police and data.get("is_intelligence"):
            for name, message in (
                ("source_evaluation", "Select the source evaluation"),
                ("intelligence_assessment", "Select the intelligence assessment"),
                ("handling_code", "Select the handling code"),
            ):
                if not data.get(name):
                    self.add_error(name, message)
            if data.get("handling_code") == "C" and not (data.get("handling_conditions") or "").strip():
                self.add_error("handling_conditions", "Enter the conditions for handling code C")
        if data.get("marking") == InformationMarking.RESTRICTED and not (data.get("sanitised_summary") or "").strip():
            self.add_error("sanitised_summary", "Enter a sanitised summary that partners may see")
        told = data.get("family_informed")
        if told and told != FamilyInformed.YES and not (data.get("family_not_informed_reason") or "").strip():
            self.add_error("family_not_informed_reason", "Enter why the family has not been told")
        return data


class PerpetratorSearchForm(forms.Form):
    given_name = forms.CharField(label="First name", max_length=100, required=False)
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the person’s last name"}
    )
    date_of_birth = DateInputField(label="Date of birth", required=False, allow_future=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)


class PerpetratorForm(forms.Form):
    concern = _text(
        "What are they alleged to have done?",
        required=True,
        message="Enter what they are alleged to have done",
        help_text="And how they are connected to the child",
    )
    marking = _radios(
        "Who may see who they are?",
        [
            (InformationMarking.PARTNERSHIP, "Everyone at the discussion"),
            (InformationMarking.RESTRICTED, "Restricted to my agency"),
        ],
        "Select who may see who they are",
    )


class ActionForm(forms.Form):
    description = _text("Action", required=True, message="Enter the action")
    owner = forms.ChoiceField(label="Who owns it?", required=False)
    owner_name = forms.CharField(label="Owner’s name", required=False, max_length=200)
    owner_organisation = forms.CharField(label="Owner’s agency or organisation", required=False, max_length=200)
    due_on = DateInputField(label="Due date", error_messages={"required": "Enter the due date"}, allow_past=False)

    def __init__(self, *args: Any, owners: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["owner"]).choices = [("", "Someone else (enter their name)"), *owners]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("owner"):
            if not (data.get("owner_name") or "").strip():
                self.add_error("owner_name", "Select who owns the action, or enter their name")
            if not (data.get("owner_organisation") or "").strip():
                self.add_error("owner_organisation", "Enter the owner’s agency or organisation")
        return data


class DecisionForm(forms.Form):
    section_47 = _yes_no("Should a section 47 enquiry start?", "Select whether a section 47 enquiry should start")
    investigation = _radios(
        "Single-agency or joint?", Investigation.choices, "Select single-agency or joint", required=False
    )
    lead = forms.ChoiceField(
        label="Lead social worker",
        required=False,
        help_text="The enquiry starts when you name the lead. You can name them later.",
    )
    police_lead_name = forms.CharField(label="Police lead for the joint investigation", required=False, max_length=200)
    enquiry_plan = _text(
        "Plan for the enquiry",
        help_text="Who sees the child and when, interviews, and the timing of any criminal investigation",
    )
    decision_rationale = _text("Reasons for the decision", required=True, message="Enter the reasons for the decision")
    immediate_protection = _text("Immediate action to protect the child")
    medical_needed = _yes_no("Is a medical assessment needed?", "Select whether a medical assessment is needed")
    medical_plan = _text("Plan for the medical assessment")
    nrm = _radios(
        "National Referral Mechanism",
        NrmConsideration.choices,
        "Select what was decided about the National Referral Mechanism",
    )
    nrm_note = _text("About the National Referral Mechanism decision")
    disruption = _text(
        "Disruption", help_text="Action against the people or places harming the child, for example warning notices"
    )

    def __init__(self, *args: Any, leads: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["lead"]).choices = [("", "Not yet"), *leads]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("section_47") == "yes" and not data.get("investigation"):
            self.add_error("investigation", "Select single-agency or joint")
        if data.get("medical_needed") == "yes" and not (data.get("medical_plan") or "").strip():
            self.add_error("medical_plan", "Enter the plan for the medical assessment")
        return data


class StartEnquiryForm(forms.Form):
    lead = forms.ChoiceField(label="Lead social worker", error_messages={"required": "Select the lead social worker"})
    police_lead_name = forms.CharField(label="Police lead for the joint investigation", required=False, max_length=200)

    def __init__(self, *args: Any, leads: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(self.fields["lead"]).choices = [("", "Select the lead social worker"), *leads]


class ChildSeenForm(forms.Form):
    seen_on = DateInputField(
        label="When was the child seen?",
        allow_future=False,
        help_text="For example, 29 12 2026",
        error_messages={"required": "Enter the date the child was seen"},
    )
    seen_alone = _yes_no("Was the child seen alone?", "Select whether the child was seen alone")
    child_words = _text(
        "The child’s wishes and feelings, in their words",
        required=True,
        message="Enter what the child said, in their words, or why they did not say",
        help_text="Write what they said as they said it. If they would not talk, say so and why.",
    )


class EnquiryForm(forms.Form):
    parents_seen = _text("Parents and carers seen", help_text="Who was seen, and when")
    other_children = _text("Other children in the household", help_text="Names, ages and whether they were seen")
    police_lead_name = forms.CharField(label="Police lead", required=False, max_length=200)
    outcome = _radios(
        "Outcome",
        [("", "Not concluded yet"), *EnquiryOutcome.choices],
        "Select the outcome",
        required=False,
    )
    conference_needed = forms.ChoiceField(
        label="Is an initial child protection conference needed?",
        choices=[("", "Not decided yet"), *YES_NO],
        widget=forms.RadioSelect,
        required=False,
    )
    conference_reason = _text("Why is a conference needed, or not needed?")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("outcome"):
            if not data.get("conference_needed"):
                self.add_error("conference_needed", "Select whether an initial child protection conference is needed")
            if not (data.get("conference_reason") or "").strip():
                self.add_error("conference_reason", "Enter why a conference is or is not needed")
        return data
