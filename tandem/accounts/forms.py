"""Forms for signing in and choosing a role: allauth's forms with GOV.UK labels and error messages."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ReauthenticateForm as AllauthReauthenticateForm
from allauth.mfa.base.forms import AuthenticateForm as AllauthAuthenticateForm
from allauth.mfa.base.forms import ReauthenticateForm as AllauthMFAReauthenticateForm
from allauth.mfa.totp.forms import ActivateTOTPForm as AllauthActivateTOTPForm
from django import forms

from tandem.accounts.models import Membership


def _plain(field: forms.Field) -> None:
    """GOV.UK fields have a label and no placeholder."""
    field.widget.attrs.pop("placeholder", None)


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form, passing the username to django-axes so lockouts are per username."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.pop("remember", None)
        self.fields["login"].label = "Username"
        self.fields["login"].error_messages["required"] = "Enter your username"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].help_text = ""
        for field in self.fields.values():
            _plain(field)

    def user_credentials(self) -> dict[str, Any]:
        """axes reads the username from `login` (AXES_USERNAME_FORM_FIELD); allauth passes it as `username`."""
        credentials: dict[str, Any] = super().user_credentials()
        credentials["login"] = credentials.get("username") or credentials.get("email")
        return credentials


class ReauthenticateForm(AllauthReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["password"].help_text = ""
        _plain(self.fields["password"])


class ChangePasswordForm(AllauthChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].error_messages["required"] = "Enter your current password"
        self.fields["password1"].error_messages["required"] = "Enter a new password"
        self.fields["password2"].label = "Confirm new password"
        self.fields["password2"].error_messages["required"] = "Enter the new password again"
        for field in self.fields.values():
            field.help_text = ""
            _plain(field)


def _code_field(field: forms.Field, label: str) -> None:
    field.label = label
    field.error_messages["required"] = "Enter the 6-digit code from your authenticator app"
    _plain(field)


class AuthenticateForm(AllauthAuthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], "Code")
        self.fields["code"].error_messages["required"] = (
            "Enter the 6-digit code from your authenticator app, or a recovery code"
        )


class MFAReauthenticateForm(AllauthMFAReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], "Code")


class ActivateTOTPForm(AllauthActivateTOTPForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _code_field(self.fields["code"], "Code from your authenticator app")


class ActingRoleForm(forms.Form):
    membership = forms.TypedChoiceField(
        label="Which role are you acting in?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the role you are acting in", "invalid_choice": "Select one of your roles"},
    )

    def __init__(self, *args: Any, memberships: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["membership"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101 - narrows the type for mypy
        field.choices = [(m.pk, m.label) for m in memberships]
