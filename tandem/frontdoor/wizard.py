"""Telling the front door about a child: a GOV.UK multi-page form, one thing per page, saved as a draft at every step.

Every page saves the draft on the server (nothing is lost if the browser closes), and a page posted after the session
expired is kept and given back after signing in (`SessionLifetimeMiddleware` and `/session/restore`). Free text gets
language advice after it is saved (advice only: it never blocks). The flow ends with "Check your answers" and a
confirmation page with the contact's reference.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django import forms as django_forms
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tandem.accounts.policies import PRACTITIONER, requires
from tandem.accounts.requests import ActingRequest
from tandem.frontdoor import access, actions, forms
from tandem.frontdoor.codes import POLICE_SOURCE, PersonRole
from tandem.frontdoor.models import Contact, ContactPerson
from tandem.language import advice_for, advise


@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    form: type[django_forms.Form]
    texts: tuple[str, ...] = ()
    applies: Callable[[Contact], bool] = field(default=lambda contact: True)
    intro: str = ""
    #: The only field is the page's question: its label is the h1.
    single: bool = False


STEPS: dict[str, Step] = {
    s.slug: s
    for s in (
        Step(
            "arrival",
            "How and when the contact arrived",
            forms.ArrivalForm,
            applies=lambda c: c.on_behalf,
            intro="The decision clock starts when the contact was received, not when you record it.",
        ),
        Step(
            "referrer",
            "Who the contact is from",
            forms.ReferrerForm,
            intro="The front door uses these details to reply and to tell the referrer what happens next.",
        ),
        Step("source", "Where does the contact come from?", forms.SourceForm, single=True),
        Step(
            "police",
            "Police references",
            forms.PoliceForm,
            applies=lambda c: c.source == POLICE_SOURCE,
            intro="Give any that you have.",
        ),
        Step("concern", "The concern", forms.ConcernForm, texts=("concern", "evidence", "opinion")),
        Step("indicators", "Are there any signs of exploitation?", forms.IndicatorsForm, single=True),
        Step(
            "voice",
            "What has the child said, or how do they feel?",
            forms.VoiceForm,
            texts=("child_voice",),
            single=True,
        ),
        Step("sharing", "Sharing this information", forms.SharingForm, texts=("family_not_informed_reason",)),
        Step(
            "screening",
            "Have you completed a screening tool?",
            forms.ScreeningForm,
            texts=("screening_summary",),
            intro="For example, the Pan Cheshire Contextual Safeguarding Screening Tool. This is optional.",
        ),
    )
}
#: The pages in order. "children", "others" and "check" are pages of their own (lists and the summary).
FLOW = ["arrival", "referrer", "source", "police", "children", "others", "concern", "indicators", "voice"]
FLOW += ["sharing", "screening", "check"]


def step_url(contact: Contact, slug: str) -> str:
    if slug == "children":
        return reverse("frontdoor:draft_children", args=[contact.pk])
    if slug == "others":
        return reverse("frontdoor:draft_others", args=[contact.pk])
    if slug == "check":
        return reverse("frontdoor:draft_check", args=[contact.pk])
    return reverse("frontdoor:draft_step", args=[contact.pk, slug])


def _applies(contact: Contact, slug: str) -> bool:
    step = STEPS.get(slug)
    return step is None or step.applies(contact)


def next_url(contact: Contact, slug: str, *, back_to_check: bool = False) -> str:
    if back_to_check:
        return step_url(contact, "check")
    following = FLOW[FLOW.index(slug) + 1 :]
    return step_url(contact, next(s for s in following if _applies(contact, s)))


def previous_url(contact: Contact, slug: str) -> str:
    earlier = [s for s in FLOW[: FLOW.index(slug)] if _applies(contact, s)]
    return step_url(contact, earlier[-1]) if earlier else reverse("frontdoor:my_contacts")


def first_url(contact: Contact) -> str:
    return step_url(contact, next(s for s in FLOW if _applies(contact, s)))


def _draft(request: ActingRequest, contact_id: uuid.UUID) -> access.ContactRecord:
    return access.get_contact_for(request, contact_id, to=access.DRAFT)


def _back_to_check(request: ActingRequest) -> bool:
    return request.GET.get("return") == "check" or request.POST.get("return") == "check"


def _children_ages(contact: Contact) -> int | None:
    on = (contact.received_at or timezone.now()).date()
    ages = [a for p in contact.people.children() if (a := p.age_on(on)) is not None]
    return min(ages) if ages else None


#: Session key for the advice shown after a save (the page is reached by a redirect, so refreshing it never posts
#: the form again).
SAVED_KEY = "tandem_frontdoor_saved"


def saved_with_advice(
    request: ActingRequest,
    *,
    form: django_forms.Form,
    texts: tuple[str, ...],
    child_age: int | None,
    continue_url: str,
    change_url: str,
) -> HttpResponse | None:
    """After saving: if any free text has language advice, a redirect to the page that shows it (advice only: what
    was typed is saved as it is); else None, and the caller goes on as usual."""
    advice = advice_for(form, texts, child_age=child_age)
    entries = [
        [str(form.fields[name].label), str(form.cleaned_data.get(name, ""))]
        for name, findings in advice.items()
        if findings
    ]
    if not entries:
        return None
    request.session[SAVED_KEY] = {
        "entries": entries,
        "child_age": child_age,
        "continue": continue_url,
        "change": change_url,
    }
    return HttpResponseRedirect(reverse("frontdoor:saved"))


def _local(url: object) -> str:
    text = str(url or "")
    return text if text.startswith("/") and not text.startswith("//") else reverse("home")


@requires(PRACTITIONER)
def saved(request: ActingRequest) -> HttpResponse:
    """ "Saved: check your wording": the advice on what was just saved, with Continue and "Change what you wrote"."""
    kept = request.session.get(SAVED_KEY)
    if not kept:
        return HttpResponseRedirect(reverse("home"))
    age = kept.get("child_age")
    entries = [(label, text, advise(text, child_age=age)) for label, text in kept["entries"]]
    response = render(
        request,
        "frontdoor/saved_advice.html",
        {
            "entries": entries,
            "continue_url": _local(kept.get("continue")),
            "change_url": _local(kept.get("change")),
            "child_age": age,
            "official_sensitive": True,
        },
    )
    response["Cache-Control"] = "no-store"
    return response


def _initial(contact: Contact, step: Step) -> dict[str, Any]:
    initial = {name: getattr(contact, name) for name in step.form.base_fields if hasattr(contact, name)}
    if step.slug == "arrival" and contact.received_at is not None:
        local = timezone.localtime(contact.received_at)
        initial.update(received_on=local.date(), received_time=f"{local:%H:%M}")
    return initial


def _changes(form: django_forms.Form, step: Step) -> dict[str, Any]:
    if hasattr(form, "changes"):
        changes: dict[str, Any] = form.changes()
        return changes
    return {name: form.cleaned_data[name] for name in form.fields if name in actions.CONTACT_FIELDS}


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def contact_new(request: ActingRequest) -> HttpResponse:
    """Start a contact. Front-door workers can also record one received by phone, email or letter."""
    records_for_others = access.is_front_door_member(request.acting)
    form = OnBehalfForm(request.POST or None) if records_for_others else None
    if request.method == "POST" and (form is None or form.is_valid()):
        on_behalf = form is not None and form.cleaned_data["from_whom"] == "someone-else"
        try:
            contact = actions.start_contact(by=request.acting, on_behalf=on_behalf)
        except ValidationError as error:
            return render(
                request,
                "frontdoor/contact_new.html",
                {"form": form, "page_error": True, "problem": error.messages[0]},
            )
        return HttpResponseRedirect(first_url(contact))
    return render(request, "frontdoor/contact_new.html", {"form": form})


class OnBehalfForm(django_forms.Form):
    from_whom = django_forms.ChoiceField(
        label="Who is the contact from?",
        choices=[
            ("me", "Me"),
            ("someone-else", "Someone else: a phone call, email, letter or police notification"),
        ],
        widget=django_forms.RadioSelect,
        error_messages={"required": "Select who the contact is from"},
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def draft_step(request: ActingRequest, contact_id: uuid.UUID, step: str) -> HttpResponse:
    record = _draft(request, contact_id)
    contact = record.contact
    definition = STEPS.get(step)
    if definition is None or not definition.applies(contact):
        raise Http404("No such page")
    back_to_check = _back_to_check(request)
    form = definition.form(request.POST or None, initial=_initial(contact, definition))
    if request.method == "POST" and form.is_valid():
        contact = actions.save_draft(contact, changes=_changes(form, definition), by=request.acting)
        following = next_url(contact, step, back_to_check=back_to_check)
        shown = saved_with_advice(
            request,
            form=form,
            texts=definition.texts,
            child_age=_children_ages(contact),
            continue_url=following,
            change_url=step_url(contact, step) + ("?return=check" if back_to_check else ""),
        )
        return shown or HttpResponseRedirect(following)
    return render(
        request,
        "frontdoor/step.html",
        {
            "form": form,
            "step": definition,
            "contact": contact,
            "action": step_url(contact, step),
            "back_url": step_url(contact, "check") if back_to_check else previous_url(contact, step),
            "back_to_check": back_to_check,
            "child_age": _children_ages(contact),
            "advice": advice_for(form, definition.texts, child_age=_children_ages(contact)) if form.is_bound else {},
            "official_sensitive": True,
        },
    )


def _people_page(request: ActingRequest, contact_id: uuid.UUID, *, children: bool) -> HttpResponse:
    record = _draft(request, contact_id)
    contact = record.contact
    slug = "children" if children else "others"
    people = record.children if children else record.others
    form_class = forms.AddAnotherForm if children else forms.OthersForm
    form = form_class(request.POST or None)
    problem = ""
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["add_another"] == "yes":
            kind = "child" if children else "other"
            return HttpResponseRedirect(reverse("frontdoor:draft_person_add", args=[contact.pk, kind]))
        if children and not people:
            problem = "Add at least one child"
        else:
            return HttpResponseRedirect(next_url(contact, slug, back_to_check=_back_to_check(request)))
    return render(
        request,
        "frontdoor/people.html",
        {
            "form": form,
            "contact": contact,
            "people": people,
            "children": children,
            "problem": problem,
            "page_error": bool(problem),
            "action": step_url(contact, slug),
            "back_url": previous_url(contact, slug),
            "official_sensitive": True,
        },
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def draft_children(request: ActingRequest, contact_id: uuid.UUID) -> HttpResponse:
    return _people_page(request, contact_id, children=True)


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def draft_others(request: ActingRequest, contact_id: uuid.UUID) -> HttpResponse:
    return _people_page(request, contact_id, children=False)


def _described(record: access.ContactRecord, person_id: uuid.UUID) -> ContactPerson:
    for view in [*record.children, *record.others]:
        if view.id == person_id:
            return view.row
    raise Http404("No such person on this contact")


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def draft_person(
    request: ActingRequest, contact_id: uuid.UUID, person_id: uuid.UUID | None = None, kind: str = ""
) -> HttpResponse:
    """Add or change a child, or someone in the household or of concern."""
    record = _draft(request, contact_id)
    contact = record.contact
    person = _described(record, person_id) if person_id else None
    is_child = person.is_child if person is not None else kind == "child"
    if person is None and kind not in {"child", "other"}:
        raise Http404("No such page")
    form_class: type[forms.ChildForm] | type[forms.OtherPersonForm] = (
        forms.ChildForm if is_child else forms.OtherPersonForm
    )
    initial = {name: getattr(person, name) for name in form_class.FIELDS} if person else {}
    if person is not None and not is_child:
        initial["role"] = person.role
    form = form_class(request.POST or None, initial=initial)
    back_to_check = _back_to_check(request)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form_class.FIELDS}
        role = PersonRole.CHILD if is_child else form.cleaned_data["role"]
        saved = actions.save_described_person(contact, person=person, role=role, changes=changes, by=request.acting)
        if is_child:
            following = reverse("frontdoor:draft_person_needs", args=[contact.pk, saved.pk])
            if back_to_check:
                following += "?return=check"
        else:
            following = step_url(contact, "check" if back_to_check else "others")
        texts = () if is_child else ("about",)
        shown = saved_with_advice(
            request,
            form=form,
            texts=texts,
            child_age=_children_ages(contact),
            continue_url=following,
            change_url=reverse("frontdoor:draft_person", args=[contact.pk, saved.pk]),
        )
        return shown or HttpResponseRedirect(following)
    action = (
        reverse("frontdoor:draft_person", args=[contact.pk, person.pk])
        if person
        else reverse("frontdoor:draft_person_add", args=[contact.pk, kind])
    )
    return render(
        request,
        "frontdoor/person_form.html",
        {
            "form": form,
            "contact": contact,
            "is_child": is_child,
            "person": person,
            "action": action,
            "back_to_check": back_to_check,
            "back_url": step_url(contact, "check" if back_to_check else ("children" if is_child else "others")),
            "child_age": _children_ages(contact),
            "advice": advice_for(form, () if is_child else ("about",), child_age=_children_ages(contact))
            if form.is_bound
            else {},
            "official_sensitive": True,
        },
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def draft_person_needs(request: ActingRequest, contact_id: uuid.UUID, person_id: uuid.UUID) -> HttpResponse:
    """A child's equality and diversity needs, as far as the referrer knows them (restricted by default)."""
    record = _draft(request, contact_id)
    contact = record.contact
    person = _described(record, person_id)
    if not person.is_child:
        raise Http404("No such page")
    form = forms.NeedsForm(request.POST or None, initial=forms.needs_initial(person))
    back_to_check = _back_to_check(request)
    if request.method == "POST" and form.is_valid():
        actions.save_described_person(contact, person=person, changes=form.changes(), by=request.acting)
        return HttpResponseRedirect(step_url(contact, "check" if back_to_check else "children"))
    return render(
        request,
        "frontdoor/needs_form.html",
        {
            "form": form,
            "contact": contact,
            "person": person,
            "action": reverse("frontdoor:draft_person_needs", args=[contact.pk, person.pk]),
            "back_to_check": back_to_check,
            "back_url": reverse("frontdoor:draft_person", args=[contact.pk, person.pk]),
            "official_sensitive": True,
        },
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def draft_person_remove(request: ActingRequest, contact_id: uuid.UUID, person_id: uuid.UUID) -> HttpResponse:
    record = _draft(request, contact_id)
    person = _described(record, person_id)
    back = step_url(record.contact, "children" if person.is_child else "others")
    if request.method == "POST":
        actions.remove_described_person(person, by=request.acting)
        return HttpResponseRedirect(back)
    return render(
        request,
        "frontdoor/person_remove.html",
        {
            "contact": record.contact,
            "person": person,
            "action": reverse("frontdoor:draft_person_remove", args=[record.contact.pk, person.pk]),
            "back_url": back,
            "official_sensitive": True,
        },
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def draft_check(request: ActingRequest, contact_id: uuid.UUID) -> HttpResponse:
    """Check your answers, then send the contact to the front door."""
    record = _draft(request, contact_id)
    contact = record.contact
    people = list(contact.people.all())
    problems = actions.submission_problems(contact, people)
    error = ""
    if request.method == "POST" and not problems:
        try:
            actions.submit_contact(contact, by=request.acting)
        except ValidationError as failure:
            error = failure.messages[0]
        else:
            return HttpResponseRedirect(reverse("frontdoor:contact_submitted", args=[contact.pk]))
    child_age = record.youngest_age
    texts = ("concern", "evidence", "opinion", "child_voice", "family_not_informed_reason", "screening_summary")
    return render(
        request,
        "frontdoor/check_answers.html",
        {
            "record": record,
            "contact": contact,
            "problems": [(step_url(contact, slug) + "?return=check", message) for slug, message in problems.items()]
            if request.method == "POST" or error
            else [],
            "missing": problems,
            "error": error,
            "page_error": request.method == "POST" and bool(problems or error),
            "advice": advice_for({t: getattr(contact, t) for t in texts}, texts, child_age=child_age),
            "step_url": lambda slug: step_url(contact, slug) + "?return=check",
            "official_sensitive": True,
        },
    )


@requires(PRACTITIONER)
def contact_submitted(request: ActingRequest, contact_id: uuid.UUID) -> HttpResponse:
    record = access.get_contact_for(request, contact_id)
    if access.Scope.REFERRER not in record.scopes or record.contact.status == "draft":
        raise Http404("No such page")
    return render(request, "frontdoor/submitted.html", {"contact": record.contact})
