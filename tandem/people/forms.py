from __future__ import annotations

from typing import Any

from django import forms

from tandem.govuk.forms import DateInputField
from tandem.people import identifiers
from tandem.people.codes import Marking, Sex
from tandem.people.models import (
    DobPrecision,
    FamilyInformed,
    LawfulBasis,
    NameKind,
    PersonKind,
    PhoneKind,
    ReviewStatus,
    Section,
)
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
    nhs_number = forms.CharField(
        label="NHS number", required=False, max_length=14, help_text="If you know it. For example, 485 777 3456"
    )
    purpose = forms.ChoiceField(
        label="Why are you searching?",
        choices=SEARCH_PURPOSES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why you are searching"},
    )

    def clean_nhs_number(self) -> str:
        value: str = self.cleaned_data.get("nhs_number") or ""
        if not value.strip():
            return ""
        try:
            return identifiers.check_nhs_number(value).value
        except identifiers.InvalidValue as error:
            raise forms.ValidationError(str(error)) from None

    def criteria(self) -> SearchCriteria:
        data = self.cleaned_data
        return SearchCriteria(
            family_name=data["family_name"],
            given_name=data.get("given_name") or "",
            date_of_birth=data.get("date_of_birth"),
            postcode=data.get("postcode") or "",
            nhs_number=data.get("nhs_number") or "",
            purpose=dict(SEARCH_PURPOSES)[data["purpose"]],
        )


class IdentifierField(forms.CharField):
    """A text field checked as one identifier scheme (messages from `tandem.people.identifiers`)."""

    def __init__(self, *, scheme: str, **kwargs: Any) -> None:
        self.scheme = scheme
        super().__init__(**kwargs)

    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return identifiers.check_identifier(self.scheme, text).as_supplied
        except identifiers.InvalidValue as error:
            raise forms.ValidationError(str(error)) from None


class PostcodeField(forms.CharField):
    def clean(self, value: Any) -> str:
        text = super().clean(value)
        if not text:
            return ""
        try:
            return identifiers.check_postcode(text)
        except identifiers.InvalidValue as error:
            raise forms.ValidationError(str(error)) from None


MARKINGS = [
    (Marking.PARTNERSHIP, "Shared with the partnership (anyone working with the person)"),
    (Marking.RESTRICTED, "Restricted to my agency"),
]


class NewPersonForm(forms.Form):
    """Adding a person to the register, after a search (the search id is posted with the form)."""

    search_id = forms.UUIDField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(
        label="Who are you adding?",
        choices=PersonKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select who you are adding"},
    )
    given_name = forms.CharField(
        label="First name", max_length=100, error_messages={"required": "Enter their first name"}
    )
    middle_names = forms.CharField(label="Middle names", required=False, max_length=200)
    family_name = forms.CharField(
        label="Last name", max_length=100, error_messages={"required": "Enter their last name"}
    )
    known_as = forms.CharField(label="Known as", required=False, max_length=100, help_text="A name they use instead")
    date_of_birth = DateInputField(
        label="Date of birth", required=False, allow_future=False, help_text="For example, 27 3 2011"
    )
    dob_precision = forms.ChoiceField(
        label="How sure is the date of birth?",
        choices=[(DobPrecision.DAY, "Exact"), (DobPrecision.YEAR, "Estimated (the year is about right)")],
        widget=forms.RadioSelect,
        required=False,
        initial=DobPrecision.DAY,
    )
    expected_delivery_on = DateInputField(
        label="Expected date of delivery", required=False, allow_past=False, help_text="For an unborn child"
    )
    sex = forms.ChoiceField(label="Sex", choices=Sex.choices, widget=forms.RadioSelect, initial=Sex.NOT_RECORDED)
    address_line_1 = forms.CharField(label="Address line 1", required=False, max_length=200)
    address_line_2 = forms.CharField(label="Address line 2", required=False, max_length=200)
    town = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = PostcodeField(label="Postcode", required=False, max_length=10)
    nhs_number = IdentifierField(
        scheme=identifiers.NHS, label="NHS number", required=False, max_length=14, help_text="For example, 485 777 3456"
    )
    upn = IdentifierField(
        scheme=identifiers.UPN,
        label="Unique pupil number",
        required=False,
        max_length=16,
        help_text="13 characters, for example H801200001001",
    )
    phone = forms.CharField(label="Phone number", required=False, max_length=25)
    marking = forms.ChoiceField(
        label="Who may see this record?", choices=MARKINGS, widget=forms.RadioSelect, initial=Marking.PARTNERSHIP
    )

    def clean_phone(self) -> str:
        value: str = self.cleaned_data.get("phone") or ""
        if not value.strip():
            return ""
        try:
            identifiers.check_phone(value)
        except identifiers.InvalidValue as error:
            raise forms.ValidationError(str(error)) from None
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == PersonKind.UNBORN and not data.get("expected_delivery_on"):
            self.add_error("expected_delivery_on", "Enter the expected date of delivery")
        if data.get("kind") != PersonKind.UNBORN and data.get("expected_delivery_on"):
            self.add_error("expected_delivery_on", "Only an unborn child has an expected date of delivery")
        if data.get("postcode") and not data.get("address_line_1"):
            self.add_error("address_line_1", "Enter the first line of the address")
        return data


class IdentifierForm(forms.Form):
    scheme = forms.ChoiceField(
        label="What kind of identifier is it?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the kind of identifier"},
    )
    value = forms.CharField(label="Identifier", max_length=60, error_messages={"required": "Enter the identifier"})
    issuer = forms.CharField(
        label="Who issued it?",
        required=False,
        max_length=120,
        help_text="For police and local authority ids: the force or council",
    )
    valid_from = DateInputField(label="Valid from", required=False)
    valid_to = DateInputField(label="Valid until", required=False)
    marking = forms.ChoiceField(
        label="Who may see it?", choices=MARKINGS, widget=forms.RadioSelect, initial=Marking.PARTNERSHIP
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [  # type: ignore[attr-defined]
            (k, v) for k, v in identifiers.schemes().items() if k != identifiers.SOURCE
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        scheme, value = data.get("scheme"), data.get("value")
        if scheme and value:
            try:
                data["checked"] = identifiers.check_identifier(scheme, value)
            except identifiers.InvalidValue as error:
                self.add_error("value", str(error))
        if scheme in identifiers.PER_ISSUER and not (data.get("issuer") or "").strip():
            self.add_error("issuer", "Enter who issued it")
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", "The date it is valid until must be after the date it is valid from")
        return data


class AliasForm(forms.Form):
    kind = forms.ChoiceField(
        label="What kind of name is it?",
        choices=[c for c in NameKind.choices if c[0] != NameKind.CURRENT],
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of name it is"},
    )
    given_name = forms.CharField(label="First name", required=False, max_length=100)
    middle_names = forms.CharField(label="Middle names", required=False, max_length=200)
    family_name = forms.CharField(label="Last name", required=False, max_length=100)
    from_on = DateInputField(label="Used from", required=False)
    to_on = DateInputField(label="Used until", required=False)
    marking = forms.ChoiceField(
        label="Who may see it?", choices=MARKINGS, widget=forms.RadioSelect, initial=Marking.PARTNERSHIP
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("given_name") or "").strip() and not (data.get("family_name") or "").strip():
            self.add_error("given_name", "Enter a first name or a last name")
        return data


class AddressForm(forms.Form):
    line_1 = forms.CharField(label="Address line 1", max_length=200, error_messages={"required": "Enter line 1"})
    line_2 = forms.CharField(label="Address line 2", required=False, max_length=200)
    town = forms.CharField(label="Town or city", required=False, max_length=100)
    postcode = PostcodeField(label="Postcode", max_length=10, error_messages={"required": "Enter the postcode"})
    from_on = DateInputField(label="Lived there from", required=False, help_text="Leave blank for today")
    marking = forms.ChoiceField(
        label="Who may see it?", choices=MARKINGS, widget=forms.RadioSelect, initial=Marking.PARTNERSHIP
    )


class PhoneForm(forms.Form):
    number = forms.CharField(label="Phone number", max_length=25, error_messages={"required": "Enter the number"})
    kind = forms.ChoiceField(label="Kind of number", choices=PhoneKind.choices, widget=forms.RadioSelect)
    marking = forms.ChoiceField(
        label="Who may see it?", choices=MARKINGS, widget=forms.RadioSelect, initial=Marking.PARTNERSHIP
    )

    def clean_number(self) -> str:
        value: str = self.cleaned_data.get("number") or ""
        try:
            identifiers.check_phone(value)
        except identifiers.InvalidValue as error:
            raise forms.ValidationError(str(error)) from None
        return value


class ReviewDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Are these the same person?",
        choices=[
            (ReviewStatus.SAME, "Yes, the same person: merge the records"),
            (ReviewStatus.DIFFERENT, "No, different people"),
            (ReviewStatus.UNSURE, "Not sure yet: keep it in the queue"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether these are the same person"},
    )
    survivor = forms.ChoiceField(
        label="Which record should be the main one?",
        widget=forms.RadioSelect,
        required=False,
        help_text="Both records are kept; the other is shown as merged into this one",
    )
    note = forms.CharField(label="How do you know?", widget=forms.Textarea, required=False, max_length=2000)

    def __init__(self, *args: Any, survivors: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["survivor"].choices = survivors  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("decision") == ReviewStatus.DIFFERENT and not (data.get("note") or "").strip():
            self.add_error("note", "Enter how you know these are different people")
        if data.get("decision") == ReviewStatus.SAME and not data.get("survivor"):
            self.add_error("survivor", "Select which record should be the main one")
        return data


class SeparateForm(forms.Form):
    reason = forms.CharField(
        label="Why are these not the same person?",
        widget=forms.Textarea,
        max_length=2000,
        error_messages={"required": "Enter why the records are not the same person"},
    )


class AssignForm(forms.Form):
    to = forms.ChoiceField(
        label="Which record does it belong to?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select which record it belongs to"},
    )

    def __init__(self, *args: Any, people: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = people  # type: ignore[attr-defined]


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
