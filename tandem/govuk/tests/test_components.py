"""The GOV.UK field adapter and error summary."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.template import engines

from tandem.govuk.components import error_list
from tandem.govuk.forms import DateInputField
from tandem.govuk.testing import page


class _WholeFormError(forms.Form):
    name = forms.CharField(label="Your name")
    colour = forms.ChoiceField(label="Colour", choices=[("red", "Red"), ("blue", "Blue")], widget=forms.RadioSelect)
    born = DateInputField(label="Date of birth", required=False)

    def clean(self) -> dict[str, object]:
        raise ValidationError("Enter a correct name and colour")


def _render(source: str, **context: object) -> str:
    return str(engines["jinja2"].from_string(source).render(context))


def test_errors_about_the_whole_form_link_to_its_first_field() -> None:
    form = _WholeFormError({"name": "Sam", "colour": "red"})

    assert error_list(form) == [{"text": "Enter a correct name and colour", "href": "#id_name"}]


def test_field_errors_link_to_the_field_radios_to_the_first_radio_and_dates_to_the_wrong_part() -> None:
    form = _WholeFormError({"name": "", "born-day": "31", "born-month": "", "born-year": "2010"})

    assert error_list(form) == [
        {"text": "This field is required.", "href": "#id_name"},
        {"text": "This field is required.", "href": "#id_colour"},
        {"text": "The date of birth must include a month", "href": "#id_born-month"},
        {"text": "Enter a correct name and colour", "href": "#id_name"},
    ]


def test_fields_render_what_was_typed_with_their_error() -> None:
    form = _WholeFormError({"name": "Sam", "colour": "blue", "born-day": "31", "born-month": "", "born-year": "2010"})
    form.is_valid()

    html = _render(
        "{{ error_summary(form) }}{{ form_field(form['name']) }}{{ form_field(form['colour']) }}"
        "{{ form_field(form['born']) }}",
        form=form,
    )

    shown = page(f"<html><body>{html}</body></html>")
    assert shown.attr("#id_name", "value") == "Sam"
    assert shown.one("#id_colour-2").has_attr("checked")
    assert shown.attr("#id_born-day", "value") == "31"
    assert "govuk-input--error" in shown.one("#id_born-month")["class"]
    assert "govuk-input--error" not in shown.one("#id_born-day")["class"]
    assert shown.error_summary() == [
        ("The date of birth must include a month", "#id_born-month"),
        ("Enter a correct name and colour", "#id_name"),
    ]


def test_an_unbound_form_has_no_errors() -> None:
    assert error_list(_WholeFormError()) == []
