"""The wording check form: the text to check and, optionally, the child's age."""

from __future__ import annotations

from django import forms

#: Longest text checked in one request (about 15,000 words); longer notes are refused rather than slow everyone down.
MAX_TEXT = 100_000
#: Oldest child age accepted: Tandem records children and young people up to 25 (care leavers).
MAX_CHILD_AGE = 25


class AdviceForm(forms.Form):
    text = forms.CharField(
        label="Text to check",
        widget=forms.Textarea,
        max_length=MAX_TEXT,
        strip=False,
        error_messages={
            "required": "Enter the text you want to check",
            "max_length": f"The text must be {MAX_TEXT:,} characters or fewer",
        },
    )
    child_age = forms.IntegerField(
        label="Age of the child (optional)",
        help_text="Some advice depends on the child’s age, for example about consent. Enter a whole number of years.",
        required=False,
        min_value=0,
        max_value=MAX_CHILD_AGE,
        error_messages={
            "invalid": "Enter the child’s age as a whole number, like 14",
            "min_value": "The child’s age must be 0 or more",
            "max_value": f"The child’s age must be {MAX_CHILD_AGE} or less",
        },
    )
