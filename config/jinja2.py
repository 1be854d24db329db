"""The Jinja2 environment for Tandem's pages: GOV.UK Frontend macros, URL and static helpers, field adapters."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django_htmx.jinja import htmx_script
from jinja2 import ChainableUndefined, ChoiceLoader, Environment, PackageLoader, PrefixLoader, pass_environment

from tandem.govuk import components, formatting


def url(name: str, *args: Any, **kwargs: Any) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


def environment(**options: Any) -> Environment:
    loader = options.pop("loader")
    options["undefined"] = ChainableUndefined
    options.pop("autoescape", None)
    options.setdefault("extensions", []).append("jinja2.ext.do")
    env = Environment(
        loader=ChoiceLoader([loader, PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja")})]),
        autoescape=True,
        **options,
    )

    @pass_environment
    def form_field(environment: Environment, bf: Any, **field_options: Any) -> Any:
        return components.form_field(environment, bf, **field_options)

    @pass_environment
    def error_summary(environment: Environment, *forms: Any) -> Any:
        return components.error_summary(environment, *forms)

    env.globals.update(
        url=url,
        static=static,
        form_field=form_field,
        error_summary=error_summary,
        has_errors=components.has_errors,
        htmx_script=htmx_script,
        now=timezone.now,
        today=lambda: timezone.localdate(),
    )
    env.filters.update(
        govuk_date=formatting.govuk_date,
        govuk_datetime=formatting.govuk_datetime,
        govuk_time=formatting.govuk_time,
        age_on=formatting.age_on,
        plural=formatting.plural,
        isoformat=lambda value: value.isoformat() if isinstance(value, dt.date | dt.datetime) else "",
    )
    return env
