from __future__ import annotations

from typing import Any

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms

from tandem.accounts.models import Membership


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, passing the username to django-axes so lockouts are per username."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Username"
        self.fields["login"].widget.attrs.pop("placeholder", None)
        self.fields["password"].widget.attrs.pop("placeholder", None)
        self.fields["login"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields.pop("remember", None)

    def user_credentials(self) -> dict[str, Any]:
        credentials: dict[str, Any] = super().user_credentials()
        credentials["login"] = credentials.get("username") or credentials.get("email")
        return credentials


class ActingRoleForm(forms.Form):
    membership = forms.TypedChoiceField(
        label="Which role are you acting in?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role you are acting in", "invalid_choice": "Select one of your roles"},
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["membership"].choices = [(m.pk, m.label) for m in memberships]
