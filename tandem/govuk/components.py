"""Render Django bound fields and forms with the upstream GOV.UK Frontend Jinja macros.

`form_field(bf, **options)` picks the component from the widget: input, textarea, select, radios, checkboxes,
password input or date input. Options: `label_size` ("s", "m", "l", "xl"), `is_page_heading` (the label or legend
is the page's h1), `classes`, `hint`, `conditional` (a dict of value -> HTML revealed when that radio or checkbox is
chosen), `autocomplete`, `spellcheck`, `attributes` (extra HTML attributes).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from jinja2 import Environment
from markupsafe import Markup

from tandem.govuk.forms import DateInputField, DateInputWidget

_MACROS = {
    "input": ("input", "govukInput"),
    "textarea": ("textarea", "govukTextarea"),
    "select": ("select", "govukSelect"),
    "radios": ("radios", "govukRadios"),
    "checkboxes": ("checkboxes", "govukCheckboxes"),
    "password": ("password-input", "govukPasswordInput"),
    "date": ("date-input", "govukDateInput"),
    "error_summary": ("error-summary", "govukErrorSummary"),
}


def macro(env: Environment, kind: str) -> Any:
    folder, name = _MACROS[kind]
    return getattr(env.get_template(f"govuk_frontend_jinja/components/{folder}/macro.html").module, name)


def _kind(bf: BoundField) -> str:
    widget = bf.field.widget
    if isinstance(widget, DateInputWidget):
        return "date"
    # Before radios: Django's CheckboxSelectMultiple is a subclass of RadioSelect.
    if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
        return "checkboxes"
    if isinstance(widget, forms.RadioSelect):
        return "radios"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.PasswordInput):
        return "password"
    return "input"


def field_id(bf: BoundField) -> str:
    """The id an error summary link should point at (the first box of a group)."""
    kind = _kind(bf)
    base = bf.auto_id or bf.html_name
    if kind == "date":
        parts = getattr(bf.field, "error_parts", ()) or ("day",)
        return f"{base}-{parts[0]}"
    if kind in {"radios", "checkboxes"}:
        return base
    return base


def _choices(bf: BoundField) -> list[tuple[Any, Any]]:
    return list(getattr(bf.field, "choices", ()))


def _label(bf: BoundField, size: str | None, is_page_heading: bool) -> dict[str, Any]:
    classes = f"govuk-label--{size}" if size else ""
    return {"text": str(bf.label), "classes": classes, "isPageHeading": is_page_heading}


def _legend(bf: BoundField, size: str | None, is_page_heading: bool) -> dict[str, Any]:
    classes = f"govuk-fieldset__legend--{size}" if size else ""
    return {"legend": {"text": str(bf.label), "classes": classes, "isPageHeading": is_page_heading}}


def _errors(bf: BoundField) -> dict[str, Any] | None:
    if bf.errors:
        return {"text": " ".join(str(e) for e in bf.errors)}
    return None


def field_params(bf: BoundField, **options: Any) -> tuple[str, dict[str, Any]]:
    kind = _kind(bf)
    size = options.pop("label_size", None)
    is_page_heading = options.pop("is_page_heading", False)
    conditional: dict[str, Any] = options.pop("conditional", {}) or {}
    hint = options.pop("hint", None) or bf.help_text
    base_id = bf.auto_id or bf.html_name
    params: dict[str, Any] = {"name": bf.html_name, "id": base_id}
    if hint:
        params["hint"] = {"text": str(hint)}
    error = _errors(bf)
    if error:
        params["errorMessage"] = error

    if kind == "date":
        values = bf.value()
        if not isinstance(values, list | tuple):
            values = bf.field.widget.decompress(values)
        error_parts = set(getattr(bf.field, "error_parts", ()) or ()) if bf.errors else set()
        widths = {"day": "govuk-input--width-2", "month": "govuk-input--width-2", "year": "govuk-input--width-4"}
        autocomplete = options.pop("autocomplete", None)
        params["namePrefix"] = bf.html_name
        params["fieldset"] = _legend(bf, size, is_page_heading)
        params["items"] = [
            {
                "name": part,
                "label": part.capitalize(),
                "value": value or "",
                "classes": widths[part] + (" govuk-input--error" if part in error_parts else ""),
                **({"autocomplete": f"{autocomplete}-{part}"} if autocomplete else {}),
            }
            for part, value in zip(DateInputWidget.parts, values, strict=True)
        ]
    elif kind in {"radios", "checkboxes"}:
        if isinstance(bf.field.widget, forms.CheckboxInput):
            checked = bool(bf.value())
            params["items"] = [{"value": "true", "text": str(bf.label), "checked": checked}]
            params["fieldset"] = None
            if options.pop("legend", None):
                params["fieldset"] = _legend(bf, size, is_page_heading)
        else:
            current = bf.value()
            chosen = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
            items: list[dict[str, Any]] = []
            for value, text in _choices(bf):
                if value == "" and kind == "radios":
                    continue
                item: dict[str, Any] = {"value": value, "text": str(text), "checked": str(value) in chosen}
                hints = options.get("item_hints") or {}
                if str(value) in hints:
                    item["hint"] = {"text": hints[str(value)]}
                if str(value) in conditional:
                    item["conditional"] = {"html": Markup(conditional[str(value)])}  # noqa: S704 - HTML rendered by our templates
                items.append(item)
            options.pop("item_hints", None)
            params["items"] = items
            params["fieldset"] = _legend(bf, size, is_page_heading)
        params["idPrefix"] = base_id
        params.pop("id")
    elif kind == "select":
        current = bf.value()
        params["label"] = _label(bf, size, is_page_heading)
        params["items"] = [
            {"value": value, "text": str(text), "selected": str(value) == str(current)} for value, text in _choices(bf)
        ]
    else:
        params["label"] = _label(bf, size, is_page_heading)
        value = bf.value()
        if value is not None and kind != "password":
            params["value"] = value
        if kind == "input":
            input_type = getattr(bf.field.widget, "input_type", "text")
            params["type"] = input_type if input_type in {"text", "email", "tel", "number", "search"} else "text"
            if input_type == "number":
                params["type"] = "text"
                params["inputmode"] = "numeric"
        if kind == "textarea":
            params["rows"] = options.pop("rows", 5)
    attributes = dict(options.pop("attributes", {}) or {})
    max_length = getattr(bf.field, "max_length", None)
    if max_length and kind in {"input", "textarea"}:
        attributes.setdefault("maxlength", str(max_length))
    if attributes:
        params["attributes"] = attributes
    params.update(options)
    return kind, params


def form_field(env: Environment, bf: BoundField, **options: Any) -> Markup:
    kind, params = field_params(bf, **options)
    return Markup(macro(env, kind)(params))  # noqa: S704 - output of an autoescaping GOV.UK macro


def error_list(form: forms.BaseForm | None) -> list[dict[str, str]]:
    """The error summary's items. Every item links to a field: errors about the whole form (such as a wrong
    username and password) link to the first field, as the GOV.UK error summary pattern asks."""
    if form is None or not form.is_bound or not form.errors:
        return []
    first = next(iter(form.visible_fields()), None)
    first_href = f"#{field_id(first)}" if first is not None else ""
    items: list[dict[str, str]] = []
    for name, errors in form.errors.items():
        bf = form[name] if name in form.fields else None
        href = f"#{field_id(bf)}" if bf is not None and not bf.is_hidden else first_href
        for error in errors:
            items.append({"text": str(error), "href": href} if href else {"text": str(error)})
    return items


def error_summary(env: Environment, *forms_: forms.BaseForm | None) -> Markup:
    items = [item for form in forms_ for item in error_list(form)]
    if not items:
        return Markup("")
    summary = macro(env, "error_summary")({"titleText": "There is a problem", "errorList": items})
    return Markup(summary)  # noqa: S704 - output of an autoescaping GOV.UK macro


def has_errors(*forms_: forms.BaseForm | None) -> bool:
    return any(error_list(form) for form in forms_)


__all__ = ["DateInputField", "error_list", "error_summary", "field_params", "form_field", "has_errors"]
