from django import forms

from tandem.people.models import Judgement


class JudgementForm(forms.Form):
    judgement = forms.ChoiceField(
        label="Was this emergency access justified?",
        choices=Judgement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the emergency access was justified"},
    )
    note = forms.CharField(
        label="Your note",
        widget=forms.Textarea,
        max_length=4000,
        error_messages={"required": "Enter a note explaining your judgement"},
    )


class FindOwnedPersonForm(forms.Form):
    family_name = forms.CharField(label="Last name", max_length=100, error_messages={"required": "Enter a last name"})
    given_name = forms.CharField(label="First name", max_length=100, required=False)
