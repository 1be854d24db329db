"""Forms for the contact pages (one thing per page) and the front door's work: resolving, checks, RAG, decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils import timezone

from tandem.frontdoor.codes import (
    ArrivalMethod,
    CareExperience,
    HandlingCode,
    Indicator,
    IntelligenceAssessment,
    Outcome,
    PersonRole,
    Rag,
    ReferralSource,
    ScreeningTool,
    SourceEvaluation,
    UpdateMethod,
)
from tandem.govuk.forms import DateInputField, TimeField
from tandem.people.codes import Disability, Ethnicity, Marking, Sex
from tandem.people.models import FamilyInformed, LawfulBasis

TEXT = 10_000
YES_NO = [("yes", "Yes"), ("no", "No")]


def _combine(day: dt.date, time: dt.time) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, time))


def _textarea(label: str, *, required: bool = False, help_text: str = "", message: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        widget=forms.Textarea,
        required=required,
        max_length=TEXT,
        help_text=help_text,
        error_messages={"required": message or f"Enter {label[0].lower()}{label[1:]}".rstrip("?")},
    )


# ---------------------------------------------------------------------------------------------------------------------
# The contact, one thing per page


class ArrivalForm(forms.Form):
    arrival_method = forms.ChoiceField(
        label="How did the contact arrive?",
        choices=[(v, label) for v, label in ArrivalMethod.choices if v not in {"online", "api"}],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the contact arrived"},
    )
    received_on = DateInputField(
        label="Date received",
        allow_future=False,
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date the contact was received"},
    )
    received_time = TimeField(
        label="Time received",
        help_text="For example, 2:30pm or 14:30",
        error_messages={"required": "Enter the time the contact was received"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("received_on") and data.get("received_time"):
            received = _combine(data["received_on"], data["received_time"])
            if received > timezone.now():
                self.add_error("received_time", "The time received must be now or in the past")
            data["received_at"] = received
        return data

    def changes(self) -> dict[str, Any]:
        return {
            "arrival_method": self.cleaned_data["arrival_method"],
            "received_at": self.cleaned_data["received_at"],
        }


class ReferrerForm(forms.Form):
    referrer_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the referrer’s full name"}
    )
    referrer_role = forms.CharField(label="Job title or relationship to the child", max_length=200, required=False)
    referrer_organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    referrer_phone = forms.CharField(label="Phone number", max_length=40, required=False)
    referrer_email = forms.EmailField(
        label="Email address",
        required=False,
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not data.get("referrer_phone") and not data.get("referrer_email") and "referrer_email" not in self.errors:
            self.add_error("referrer_phone", "Enter a phone number or an email address so the front door can reply")
        return data


class SourceForm(forms.Form):
    source = forms.ChoiceField(
        label="Where does the contact come from?",
        choices=ReferralSource.choices,
        widget=forms.RadioSelect,
        help_text="The referral source used in the children in need census",
        error_messages={"required": "Select where the contact comes from"},
    )


class PoliceForm(forms.Form):
    police_reference = forms.CharField(label="Police reference (incident or log number)", max_length=60, required=False)
    crime_number = forms.CharField(label="Crime number", max_length=60, required=False)
    ppn_reference = forms.CharField(label="Public protection notice (PPN) reference", max_length=60, required=False)


class ConcernForm(forms.Form):
    concern = _textarea(
        "What is the concern?",
        required=True,
        help_text="In your own words: what happened, when and where",
        message="Enter the concern",
    )
    evidence = _textarea(
        "What have you seen, heard or been told?",
        help_text="Facts only: who said or did what. Keep your opinion for the next box.",
    )
    opinion = _textarea("What do you think is happening?", help_text="Your professional opinion, and why")


class IndicatorsForm(forms.Form):
    indicators = forms.MultipleChoiceField(
        label="Are there any signs of exploitation?",
        choices=Indicator.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply. Any of these flags the contact as possible exploitation.",
    )


class VoiceForm(forms.Form):
    child_voice = _textarea(
        "What has the child said, or how do they feel?",
        required=True,
        help_text="Use the child’s own words where you can. If you do not know, say why.",
        message="Enter what the child has said or how they feel, or why you do not know",
    )


class SharingForm(forms.Form):
    lawful_basis = forms.ChoiceField(
        label="What is the lawful basis for sharing this information?",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    family_informed = forms.ChoiceField(
        label="Has the family been told about this contact?",
        choices=FamilyInformed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family has been told"},
    )
    family_not_informed_reason = _textarea(
        "Why has the family not been told?",
        help_text="For example, telling them could put the child at greater risk",
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        told = data.get("family_informed")
        if told and told != FamilyInformed.YES and not data.get("family_not_informed_reason", "").strip():
            self.add_error("family_not_informed_reason", "Enter why the family has not been told")
        if told == FamilyInformed.YES:
            data["family_not_informed_reason"] = ""
        return data


class ScreeningForm(forms.Form):
    screening_tool = forms.ChoiceField(
        label="Have you completed a screening tool?",
        choices=ScreeningTool.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    screening_summary = _textarea(
        "Summary of the screening", help_text="The tool’s result and score, and anything it showed"
    )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("screening_tool") and not data.get("screening_summary", "").strip():
            self.add_error("screening_summary", "Enter a summary of the screening")
        return data


# ---------------------------------------------------------------------------------------------------------------------
# People the contact describes


class _DescribedPersonForm(forms.Form):
    given_name = forms.CharField(label="First name", max_length=100, required=False)
    family_name = forms.CharField(label="Last name", max_length=100, required=False)
    known_as = forms.CharField(label="Known as, or other names", max_length=100, required=False)
    date_of_birth = DateInputField(
        label="Date of birth", required=False, allow_future=False, help_text="For example, 27 3 2011"
    )
    age_years = forms.IntegerField(
        label="Age, if you do not know their date of birth",
        required=False,
        min_value=0,
        max_value=120,
        help_text="An estimate is fine",
        error_messages={
            "invalid": "Enter the age as a whole number, like 14",
            "min_value": "The age must be 0 or more",
            "max_value": "The age must be 120 or less",
        },
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, required=False)
    address_line_1 = forms.CharField(label="Address", max_length=200, required=False)
    town = forms.CharField(label="Town or city", max_length=100, required=False)
    postcode = forms.CharField(label="Postcode", max_length=10, required=False)

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if not (data.get("given_name") or data.get("family_name") or data.get("known_as")):
            self.add_error("given_name", "Enter a name, or what they are known as")
        if not data.get("sex"):
            data["sex"] = Sex.NOT_RECORDED
        if data.get("postcode"):
            data["postcode"] = data["postcode"].strip().upper()
        return data


class ChildForm(_DescribedPersonForm):
    school = forms.CharField(label="School or college", max_length=200, required=False)
    gp = forms.CharField(label="GP practice", max_length=200, required=False)

    FIELDS = (
        "given_name",
        "family_name",
        "known_as",
        "date_of_birth",
        "age_years",
        "sex",
        "address_line_1",
        "town",
        "postcode",
        "school",
        "gp",
    )


class OtherPersonForm(_DescribedPersonForm):
    role = forms.ChoiceField(
        label="Who are they?",
        choices=[
            (PersonRole.HOUSEHOLD, "Someone in the child’s household"),
            (PersonRole.OF_CONCERN, "A person of concern"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who they are"},
    )
    relationship = forms.CharField(
        label="Relationship to the child",
        max_length=200,
        required=False,
        help_text="For example, mother, or an associate",
    )
    about = _textarea("Why are they a concern?", help_text="Leave blank for household members who are not a concern")

    FIELDS = (
        "given_name",
        "family_name",
        "known_as",
        "date_of_birth",
        "age_years",
        "sex",
        "address_line_1",
        "town",
        "postcode",
        "relationship",
        "about",
    )


class NeedsForm(forms.Form):
    first_language = forms.CharField(label="First language", max_length=60, required=False)
    needs_interpreter = forms.ChoiceField(
        label="Do they need an interpreter?", choices=YES_NO, widget=forms.RadioSelect, required=False
    )
    disabilities = forms.MultipleChoiceField(
        label="Disability",
        choices=[(v, label) for v, label in Disability.choices if v != "NONE"],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Select all that apply",
    )
    ethnicity = forms.ChoiceField(label="Ethnicity", choices=Ethnicity.choices, required=False)
    religion = forms.CharField(label="Religion or belief", max_length=100, required=False)
    sexual_orientation = forms.CharField(label="Sexual orientation, if known", max_length=100, required=False)
    gender_identity = forms.CharField(label="Gender identity, if known", max_length=100, required=False)
    care_experienced = forms.ChoiceField(
        label="Are they care experienced?",
        choices=CareExperience.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    equality_marking = forms.ChoiceField(
        label="Who may see these needs?",
        choices=[
            (Marking.RESTRICTED, "The front door only (restricted)"),
            (Marking.PARTNERSHIP, "Also agencies the front door asks for information"),
        ],
        widget=forms.RadioSelect,
        initial=Marking.RESTRICTED,
        required=False,
    )

    FIELDS = (
        "first_language",
        "needs_interpreter",
        "disabilities",
        "ethnicity",
        "religion",
        "sexual_orientation",
        "gender_identity",
        "care_experienced",
        "equality_marking",
    )

    def changes(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "first_language": data["first_language"],
            "needs_interpreter": data["needs_interpreter"] == "yes",
            "disabilities": list(data["disabilities"]),
            "ethnicity": data["ethnicity"] or Ethnicity.NOBT,
            "religion": data["religion"],
            "sexual_orientation": data["sexual_orientation"],
            "gender_identity": data["gender_identity"],
            "care_experienced": data["care_experienced"] or CareExperience.NOT_KNOWN,
            "equality_marking": data["equality_marking"] or Marking.RESTRICTED,
        }


def needs_initial(person: Any) -> dict[str, Any]:
    return {
        "first_language": person.first_language,
        "needs_interpreter": "yes" if person.needs_interpreter else "no",
        "disabilities": person.disabilities,
        "ethnicity": person.ethnicity,
        "religion": person.religion,
        "sexual_orientation": person.sexual_orientation,
        "gender_identity": person.gender_identity,
        "care_experienced": person.care_experienced,
        "equality_marking": person.equality_marking,
    }


class AddAnotherForm(forms.Form):
    add_another = forms.ChoiceField(
        label="Do you need to add another child?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you need to add another child"},
    )


class OthersForm(forms.Form):
    add_another = forms.ChoiceField(
        label="Do you need to add someone in the household, or a person of concern?",
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": "Select yes if you need to add someone"},
    )


# ---------------------------------------------------------------------------------------------------------------------
# The front door's work


class CheckRequestForm(forms.Form):
    recipients = forms.MultipleChoiceField(
        label="Which agencies do you want to ask?",
        widget=forms.CheckboxSelectMultiple,
        help_text="Each agency answers in its own queue, by the due time",
        error_messages={"required": "Select at least one agency to ask"},
    )
    question = _textarea(
        "What do you want to know?",
        required=True,
        help_text="Agencies see the children’s names, dates of birth and addresses, and this question",
        message="Enter what you want to know",
    )

    def __init__(self, *args: Any, recipients: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["recipients"].choices = recipients  # type: ignore[attr-defined]


class CheckAnswerForm(forms.Form):
    information = _textarea(
        "What does your agency know?",
        required=True,
        help_text="About the children and anyone named in the question",
        message="Enter what your agency knows",
    )
    information_source = forms.CharField(
        label="Where does this information come from?",
        max_length=300,
        help_text="For example, health visitor records, or the police national computer",
        error_messages={"required": "Enter where the information comes from"},
    )
    marking = forms.ChoiceField(
        label="Who may see this answer?",
        choices=[
            (Marking.PARTNERSHIP, "The front door and the partnership working with the child"),
            (Marking.RESTRICTED, "Restricted: your agency, and shared with the front door only"),
            (Marking.SEALED, "Sealed: only you and the front-door worker who asked"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select who may see this answer"},
    )
    source_evaluation = forms.ChoiceField(
        label="Source evaluation", choices=SourceEvaluation.choices, widget=forms.RadioSelect, required=False
    )
    intelligence_assessment = forms.ChoiceField(
        label="Intelligence assessment",
        choices=IntelligenceAssessment.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    handling_code = forms.ChoiceField(
        label="Handling code", choices=HandlingCode.choices, widget=forms.RadioSelect, required=False
    )
    handling_conditions = _textarea("Conditions for handling code C")
    lawful_basis = forms.ChoiceField(
        label="What is the lawful basis for sharing this with the front door?",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    family_informed = forms.ChoiceField(
        label="Has the family been told that your agency is sharing this?",
        choices=FamilyInformed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family has been told"},
    )
    family_not_informed_reason = _textarea("Why has the family not been told?")

    def __init__(self, *args: Any, police: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.police = police
        if police:
            self.fields["source_evaluation"].error_messages["required"] = "Select the source evaluation"
            self.fields["intelligence_assessment"].error_messages["required"] = "Select the intelligence assessment"
            self.fields["handling_code"].error_messages["required"] = "Select the handling code"
            for name in ("source_evaluation", "intelligence_assessment", "handling_code"):
                self.fields[name].required = True

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("handling_code") == "C" and not data.get("handling_conditions", "").strip():
            self.add_error("handling_conditions", "Enter the conditions for handling code C")
        told = data.get("family_informed")
        if told and told != FamilyInformed.YES and not data.get("family_not_informed_reason", "").strip():
            self.add_error("family_not_informed_reason", "Enter why the family has not been told")
        return data


class RagForm(forms.Form):
    rag = forms.ChoiceField(
        label="What is the RAG rating?",
        choices=Rag.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select Red, Amber or Green"},
    )
    rationale = _textarea("Why this rating?", required=True, message="Enter why you chose this rating")


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is the decision?",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a decision"},
    )
    next_team = forms.ChoiceField(
        label="Which team takes the next step?",
        required=False,
        help_text="For early help, an assessment, a strategy discussion or the exploitation pathway",
    )
    transfer_to = forms.CharField(label="Which local authority?", max_length=200, required=False)
    existing_involvement = forms.ChoiceField(label="Which team is the child already open to?", required=False)
    rationale = _textarea("Rationale for the decision", required=True, message="Enter the rationale for the decision")
    child_voice_considered = _textarea(
        "How was the child’s voice considered?",
        required=True,
        message="Enter how the child’s voice was considered",
    )
    equality_considered = _textarea(
        "How were the child’s equality and diversity needs considered?",
        required=True,
        message="Enter how the child’s equality and diversity needs were considered",
    )

    def __init__(
        self, *args: Any, teams: list[tuple[str, str]], involvements: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["next_team"].choices = [("", "Select a team"), *teams]  # type: ignore[attr-defined]
        self.fields["existing_involvement"].choices = [("", "Select a team"), *involvements]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        from tandem.frontdoor.codes import TEAM_OUTCOMES

        super().clean()
        data = self.cleaned_data
        outcome = data.get("outcome")
        if outcome in TEAM_OUTCOMES and not data.get("next_team"):
            self.add_error("next_team", "Select the team that takes the next step")
        if outcome == Outcome.TRANSFER and not data.get("transfer_to", "").strip():
            self.add_error("transfer_to", "Enter the local authority the child transfers to")
        if outcome == Outcome.ALREADY_OPEN and not data.get("existing_involvement"):
            self.add_error("existing_involvement", "Select the team the child is already open to")
        return data


class UpdateForm(forms.Form):
    method = forms.ChoiceField(
        label="How was the referrer told?",
        choices=UpdateMethod.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select how the referrer was told"},
    )
    sent_on = DateInputField(
        label="Date",
        allow_future=False,
        help_text="For example, 27 3 2026",
        error_messages={"required": "Enter the date"},
    )
    sent_time = TimeField(
        label="Time", help_text="For example, 2:30pm or 14:30", error_messages={"required": "Enter the time"}
    )
    message = _textarea("What was the referrer told?", required=True, message="Enter what the referrer was told")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("sent_on") and data.get("sent_time"):
            sent = _combine(data["sent_on"], data["sent_time"])
            if sent > timezone.now() + dt.timedelta(minutes=5):
                self.add_error("sent_time", "The time must be now or in the past")
            data["sent_at"] = sent
        return data


class CloseForm(forms.Form):
    reason = _textarea(
        "Why is the contact closed without a decision?",
        required=True,
        help_text="For example, it is a duplicate of another contact: give its reference",
        message="Enter why the contact is closed without a decision",
    )
