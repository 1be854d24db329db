from __future__ import annotations

from typing import Any

from django import forms

from tandem.govuk.forms import DateInputField
from tandem.people.models import FamilyInformed, LawfulBasis, Section
from tandem.people.search import SearchCriteria

SEARCH_PURPOSES = [
    ("identity-resolution", "Finding out whether we already know a child in a new contact"),
    ("emergency-duty", "An out-of-hours enquiry about a child’s safety"),
    ("casework", "Finding a child or adult I work with"),
]


class PersonSearchForm(forms.Form):
    given_name = forms.CharField(label="First name", required=False, max_length=100)
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter the person’s last name"}
    )
    date_of_birth = DateInputField(
        label="Date of birth", required=False, allow_future=False, help_text="For example, 27 3 2011"
    )
    postcode = forms.CharField(label="Postcode", required=False, max_length=10)
    purpose = forms.ChoiceField(
        label="Why are you searching?",
        choices=SEARCH_PURPOSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are searching"},
    )

    def criteria(self) -> SearchCriteria:
        data = self.cleaned_data
        return SearchCriteria(
            family_name=data["family_name"],
            given_name=data.get("given_name") or "",
            date_of_birth=data.get("date_of_birth"),
            postcode=data.get("postcode") or "",
            purpose=dict(SEARCH_PURPOSES)[data["purpose"]],
        )


class EmergencyAccessForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need emergency access to this record?",
        help_text="Say what the emergency is and why it cannot wait. Your information governance lead will review it.",
        widget=forms.Textarea,
        min_length=20,
        max_length=2000,
        error_messages={
            "required": "Enter why you need emergency access",
            "min_length": "The reason must be at least 20 characters",
        },
    )


SHAREABLE_SECTIONS = [
    (Section.EQUALITY, "Equality and diversity information (restricted)"),
    (Section.INVOLVEMENTS, "Agencies and teams involved"),
    (Section.RELATIONSHIPS, "Family, household and associates"),
    (Section.NOTES, "All notes visible to the recipient’s relationship"),
]


class ShareForm(forms.Form):
    to_agency = forms.TypedChoiceField(
        label="Which agency are you sharing with?", coerce=int, error_messages={"required": "Select an agency"}
    )
    sections = forms.MultipleChoiceField(
        label="What are you sharing?",
        choices=SHAREABLE_SECTIONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Their name, date of birth and address are always included so they know who it is about.",
    )
    notes = forms.MultipleChoiceField(
        label="Which restricted notes are you sharing?", required=False, widget=forms.CheckboxSelectMultiple
    )
    reason = forms.CharField(
        label="Why are you sharing it?",
        widget=forms.Textarea,
        error_messages={"required": "Enter why you are sharing it"},
    )
    lawful_basis = forms.ChoiceField(
        label="Lawful basis for sharing",
        choices=LawfulBasis.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the lawful basis for sharing"},
    )
    family_informed = forms.ChoiceField(
        label="Has the family been told about this sharing?",
        choices=FamilyInformed.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the family has been told"},
    )
    family_not_informed_reason = forms.CharField(
        label="Why has the family not been told?", widget=forms.Textarea, required=False
    )
    days = forms.IntegerField(
        label="For how many days?",
        min_value=1,
        max_value=365,
        initial=28,
        error_messages={
            "required": "Enter how many days",
            "min_value": "Share for at least 1 day",
            "max_value": "Share for 365 days or fewer",
        },
    )

    def __init__(
        self, *args: Any, agencies: list[tuple[int, str]], notes: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_agency"].choices = [("", "Select an agency"), *agencies]  # type: ignore[attr-defined]
        self.fields["notes"].choices = notes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (
            data.get("family_informed")
            and data["family_informed"] != "yes"
            and not data.get("family_not_informed_reason", "").strip()
        ):
            self.add_error("family_not_informed_reason", "Enter why the family has not been told")
        if not data.get("sections") and not data.get("notes"):
            self.add_error("sections", "Select what you are sharing")
        return data
