"""The wording check: a page anyone can use without JavaScript, and the fragment htmx swaps in next to a textarea.

It only echoes advice about text the user has just typed: it reads no record and keeps nothing.
"""

from __future__ import annotations

import re
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from tandem.accounts.policies import PRACTITIONER, requires
from tandem.language.advice import advise
from tandem.language.forms import AdviceForm

#: A form field name another page may ask us to read the text from (`field=summary`), instead of `text`.
_FIELD_NAME = re.compile(r"[A-Za-z_][\w-]{0,99}")


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def advice(request: HttpRequest) -> HttpResponse:
    """GET: the check page. POST: advice, as the fragment for htmx or the whole page without JavaScript."""
    if request.method == "GET":
        return _private(render(request, "language/advice.html", {"form": AdviceForm()}))
    fragment = bool(getattr(request, "htmx", False))
    form = AdviceForm(_posted(request.POST))
    if fragment:
        form.fields["text"].required = False  # an emptied textarea just clears the advice
    valid = form.is_valid()
    findings = advise(form.cleaned_data["text"], child_age=form.cleaned_data.get("child_age")) if valid else []
    if fragment:
        context: dict[str, Any] = {"advice": findings, "advice_errors": [] if valid else _messages(form)}
        return _private(render(request, "language/_advice.html", context, status=200 if valid else 422))
    context = {"form": form, "advice": findings, "checked": valid, "official_sensitive": True}
    return _private(render(request, "language/advice.html", context))


def _posted(post: QueryDict) -> dict[str, str]:
    """The form's data. Other pages' textareas post under their own name and say which with `field`."""
    name = post.get("field") or "text"
    if not _FIELD_NAME.fullmatch(name):
        name = "text"
    return {"text": post.get(name, ""), "child_age": post.get("child_age", "")}


def _messages(form: AdviceForm) -> list[str]:
    return [str(error) for errors in form.errors.values() for error in errors]


def _private(response: HttpResponse) -> HttpResponse:
    """What the user typed may name a child: never let a browser or proxy keep it."""
    response["Cache-Control"] = "no-store"
    return response
