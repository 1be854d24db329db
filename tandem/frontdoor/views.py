"""The front door's pages: the queue, a contact, resolving children, agency checks, RAG, decisions and feedback.

Each view: access (tandem.frontdoor.access), then the form, then the action, then a redirect (or the page again
with the errors, or both versions side by side when someone else saved first).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from tandem.accounts.models import Agency, Team
from tandem.accounts.policies import FRONT_DOOR_DUTY, PRACTITIONER, requires
from tandem.accounts.requests import ActingRequest
from tandem.core import versioning
from tandem.frontdoor import access, actions, forms, queue
from tandem.frontdoor.codes import TEAM_OUTCOMES, CheckArea, ContactStatus, Outcome, UpdateKind
from tandem.frontdoor.models import ChildDecision, Contact, ContactPerson
from tandem.frontdoor.policies import FRONT_DOOR_MANAGER, FRONT_DOOR_TEAM
from tandem.frontdoor.wizard import saved_with_advice
from tandem.language import advice_for
from tandem.people import access as people_access
from tandem.people import identity
from tandem.people.codes import Sex
from tandem.people.matching import PersonDescription
from tandem.people.models import IdentitySearch

RESOLVE_PURPOSE = "Finding out whether we already know a child in a new contact"


# ---------------------------------------------------------------------------------------------------------------------
# The queue and lists


@requires(FRONT_DOOR_DUTY)
def contact_queue(request: ActingRequest) -> HttpResponse:
    """Open contacts with their RAG, clocks and what is overdue. Emergency duty sees Red contacts out of hours."""
    membership = request.acting
    now = timezone.now()
    filters = queue.Filters.from_query(request.GET)
    paginator = Paginator(queue.contacts(membership, filters, at=now), queue.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    rows = list(page.object_list)
    relationship = access.queue_relationship(membership)
    for contact in rows:
        access.disclose_index(request, contact.child_rows, relationship=relationship)  # type: ignore[attr-defined]
    base = filters.as_query()
    return render(
        request,
        "frontdoor/queue.html",
        {
            "rows": rows,
            "page": page,
            "paginator": paginator,
            "filters": filters,
            "now": now,
            "today": timezone.localdate(now),
            "choices": _filter_choices(membership, filters),
            "sorts": queue.SORTS,
            "page_url": lambda number: "?" + urlencode({**base, "page": number}),
            "is_emergency_duty": not access.is_front_door_member(membership),
            "out_of_hours": access.edt_sees_red_now(membership, now),
            "official_sensitive": True,
        },
    )


def _items(pairs: list[tuple[Any, str]], chosen: Any, any_text: str | None) -> list[dict[str, Any]]:
    items = [{"value": "", "text": any_text, "selected": not chosen}] if any_text else []
    items += [{"value": str(v), "text": t, "selected": str(v) == str(chosen)} for v, t in pairs]
    return items


def _filter_choices(membership: Any, filters: queue.Filters) -> dict[str, list[dict[str, Any]]]:
    front_door = access.is_front_door_member(membership)
    return {
        "rag": _items(
            [("red", "Red"), ("amber", "Amber"), ("green", "Green"), ("unrated", "Not rated")], filters.rag, "Any"
        ),
        "age": _items([(k, v[0]) for k, v in queue.AGE_BANDS.items()], filters.age, "Any age"),
        "source_agency": _items(
            queue.source_agencies(membership) if front_door else [], filters.source_agency, "Any agency"
        ),
        "worker": _items(
            [("me", "Me"), ("none", "Not taken"), *(queue.workers(membership) if front_door else [])],
            filters.worker,
            "Anyone",
        ),
        "state": _items(list(queue.STATES.items()), filters.state, None),
        "sort": _items(list(queue.SORTS.items()), filters.sort, None),
    }


@requires(PRACTITIONER)
def my_contacts(request: ActingRequest) -> HttpResponse:
    """Contacts the user has sent or started, with what the front door has told them."""
    contacts = list(access.own_contacts(request.acting).prefetch_related("people").order_by("-created_at")[:100])
    for contact in contacts:
        access.disclose_index(request, [p for p in contact.people.all() if p.is_child], relationship="referrer")
    return render(request, "frontdoor/my_contacts.html", {"contacts": contacts, "official_sensitive": True})


@requires(PRACTITIONER)
def agency_checks(request: ActingRequest) -> HttpResponse:
    """Checks the front door has asked your agency to answer."""
    checks = list(
        access.open_checks_for(request.acting)
        .select_related("contact", "requested_by__user", "agency", "team")
        .order_by("due_at")[:200]
    )
    people = ContactPerson.objects.filter(contact_id__in={c.contact_id for c in checks}, role="child")
    by_contact: dict[uuid.UUID, list[ContactPerson]] = {}
    for person in people:
        by_contact.setdefault(person.contact_id, []).append(person)
    for check in checks:
        check.child_rows = by_contact.get(check.contact_id, [])  # type: ignore[attr-defined]
        access.disclose_index(request, check.child_rows, relationship=access.Scope.AGENCY_CHECK)  # type: ignore[attr-defined]
    return render(
        request,
        "frontdoor/agency_checks.html",
        {"checks": checks, "now": timezone.now(), "official_sensitive": True},
    )


# ---------------------------------------------------------------------------------------------------------------------
# A contact


def _warnings(record: access.ContactRecord) -> dict[uuid.UUID, list[str]]:
    """For the front door: children who already have another open contact, or an open involvement."""
    if not record.sees_casework:
        return {}
    warnings: dict[uuid.UUID, list[str]] = {}
    contact = record.contact
    for child in record.children:
        notes: list[str] = []
        others = Contact.objects.open().exclude(pk=contact.pk)
        if child.person_id is not None:
            same = others.filter(people__person_id=child.person_id)
        elif child.row.family_name and child.row.given_name:
            same = others.filter(
                people__role="child",
                people__given_name__iexact=child.row.given_name,
                people__family_name__iexact=child.row.family_name,
                people__date_of_birth=child.row.date_of_birth,
            )
        else:
            same = others.none()
        for reference in same.values_list("reference", flat=True).distinct()[:5]:
            notes.append(f"Also on another open contact: {reference}")
        if child.person_id is not None:
            from tandem.people.models import Involvement

            involvements = (
                Involvement.objects.open()
                .filter(person_id=child.person_id)
                .exclude(source=f"contact:{contact.pk}")
                .exclude(kind="front-door")
                .select_related("agency", "team")
            )
            for involvement in involvements:
                where = involvement.team.name if involvement.team else involvement.agency.name
                notes.append(f"Already open: {involvement.get_kind_display()}, {where}")
        if notes:
            warnings[child.id] = notes
    return warnings


@requires(PRACTITIONER)
def contact_detail(request: ActingRequest, contact_id: uuid.UUID) -> HttpResponse:
    record = access.get_contact_for(request, contact_id)
    if record.contact.status == ContactStatus.DRAFT:
        from tandem.frontdoor.wizard import step_url

        return HttpResponseRedirect(step_url(record.contact, "check"))
    return render(
        request,
        "frontdoor/contact_detail.html",
        {
            "record": record,
            "contact": record.contact,
            "now": timezone.now(),
            "warnings": _warnings(record),
            "Scope": access.Scope,
            "official_sensitive": True,
        },
    )


def _open_for_work(request: ActingRequest, contact_id: uuid.UUID, *, to: str = access.WORK) -> access.ContactRecord:
    record = access.get_contact_for(request, contact_id, to=to)
    if not record.contact.is_open:
        raise Http404("This contact is no longer open")
    return record


@requires(FRONT_DOOR_TEAM)
@require_POST
def contact_take(request: ActingRequest, contact_id: uuid.UUID) -> HttpResponse:
    record = _open_for_work(request, contact_id)
    actions.take_contact(record.contact, by=request.acting)
    messages.success(request, f"You have taken contact {record.contact.reference}")
    return HttpResponseRedirect(reverse("frontdoor:contact_detail", args=[record.id]))


# ---------------------------------------------------------------------------------------------------------------------
# Resolving a described child to the register


def describe(child: ContactPerson) -> PersonDescription:
    given = tuple(n for n in (child.given_name, child.known_as) if n)
    if child.date_of_birth is not None:
        born, precision = child.date_of_birth, "day"
    elif child.age_years is not None:
        today = timezone.localdate()
        born, precision = dt.date(today.year - child.age_years, 7, 1), "year"
    else:
        born, precision = None, "unknown"
    return PersonDescription(
        given_names=given,
        family_names=(child.family_name,) if child.family_name else (),
        date_of_birth=born,
        dob_precision=precision,
        sex=identity.SEX_CODES.get(Sex(child.sex)) if child.sex in Sex.values else None,
        postcodes=(child.postcode,) if child.postcode else (),
        address_lines=(", ".join(p for p in (child.address_line_1, child.town) if p),) if child.address_line_1 else (),
    )


@requires(FRONT_DOOR_TEAM)
@require_http_methods(["GET", "POST"])
def child_resolve(request: ActingRequest, contact_id: uuid.UUID, child_id: uuid.UUID) -> HttpResponse:
    """Find the described child on the register, link them, or add them as a new person after the search."""
    record = _open_for_work(request, contact_id)
    child = record.child(child_id)
    candidates = None
    search_id = ""
    error = ""
    if request.method == "POST":
        step = request.POST.get("action", "search")
        if step == "choose":
            search = IdentitySearch.objects.filter(
                pk=_uuid(request.POST.get("search_id")) or uuid.UUID(int=0),
                membership=request.acting,
                created_at__gte=timezone.now() - actions.people_actions.SEARCH_VALID_FOR,
            ).first()
            choice = request.POST.get("choice", "")
            if search is None:
                error = "Search the register again: the search has expired"
            elif choice == "new":
                try:
                    actions.create_person_for_child(child.row, after_search=search.pk, by=request.acting)
                except ValidationError as failure:
                    error = failure.messages[0]
                else:
                    messages.success(request, f"{child.full_name} has been added to the register")
                    return HttpResponseRedirect(reverse("frontdoor:contact_detail", args=[record.id]))
            elif choice and choice in search.candidate_ids:
                person = people_access.index_searchable(request.acting).filter(pk=choice).first()
                if person is None:
                    error = "That record is no longer available: search again"
                else:
                    actions.link_child(child.row, person=person, by=request.acting)
                    messages.success(request, f"{child.full_name} is linked to the register")
                    return HttpResponseRedirect(reverse("frontdoor:contact_detail", args=[record.id]))
            else:
                error = "Select the child’s record, or add them as a new person"
        found = identity.find_candidates(describe(child.row), by=request, purpose=RESOLVE_PURPOSE)
        candidates = found.candidates
        search_id = str(found.search_id)
    open_contacts: dict[str, list[str]] = {}
    if candidates:
        rows = (
            ContactPerson.objects.filter(
                person_id__in=[c.person_id for c in candidates], contact__status=ContactStatus.SUBMITTED
            )
            .exclude(contact=record.contact)
            .values_list("person_id", "contact__reference")
        )
        for person_id, reference in rows:
            open_contacts.setdefault(str(person_id), []).append(reference)
    return render(
        request,
        "frontdoor/resolve.html",
        {
            "record": record,
            "child": child,
            "candidates": candidates,
            "search_id": search_id,
            "open_contacts": open_contacts,
            "error": error,
            "page_error": bool(error),
            "official_sensitive": True,
        },
    )


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------------------------------
# Agency checks


def check_recipients(contact: Contact) -> list[tuple[str, str]]:
    """Agencies the front door can ask, and its own local authority's teams (early help, for example)."""
    own = contact.front_door_team.agency
    agencies = [
        (f"agency:{a.pk}", f"{a.name} ({a.get_kind_display().lower()})")
        for a in Agency.objects.filter(is_active=True)
        .exclude(pk=own.pk)
        .exclude(kind__in=["partnership", "inspectorate"])
    ]
    teams = [
        (f"team:{t.pk}", f"{t.name}, {own.name}")
        for t in Team.objects.filter(agency=own, is_active=True, is_front_door=False, is_emergency_duty=False)
    ]
    return agencies + teams


@requires(FRONT_DOOR_TEAM)
@require_http_methods(["GET", "POST"])
def checks_request(request: ActingRequest, contact_id: uuid.UUID) -> HttpResponse:
    record = _open_for_work(request, contact_id)
    contact = record.contact
    unresolved = [c for c in record.children if c.row.person_id is None]
    form = forms.CheckRequestForm(request.POST or None, recipients=check_recipients(contact))
    if request.method == "POST" and not unresolved and form.is_valid():
        asked = []
        for value in form.cleaned_data["recipients"]:
            kind, _, pk = value.partition(":")
            team = Team.objects.select_related("agency").get(pk=int(pk)) if kind == "team" else None
            agency = team.agency if team is not None else Agency.objects.get(pk=int(pk))
            try:
                check = actions.request_check(
                    contact, agency=agency, team=team, question=form.cleaned_data["question"], by=request.acting
                )
            except ValidationError as failure:
                form.add_error(None, failure.messages[0])
                break
            asked.append(check)
        else:
            messages.success(request, f"You have asked {len(asked)} {'agency' if len(asked) == 1 else 'agencies'}")
            following = reverse("frontdoor:contact_detail", args=[contact.pk])
            shown = saved_with_advice(
                request,
                form=form,
                texts=("question",),
                child_age=record.youngest_age,
                continue_url=following,
                change_url=following,
            )
            return shown or HttpResponseRedirect(following)
    return render(
        request,
        "frontdoor/checks_request.html",
        {
            "record": record,
            "form": form,
            "unresolved": unresolved,
            "due": contact.checks_due_at,
            "child_age": record.youngest_age,
            "official_sensitive": True,
        },
    )


ANSWER_LABELS = {
    "information": "What your agency knows",
    "information_source": "Source",
    "marking": "Who may see it",
    "answered_by": "Answered by",
    "answered_at": "Answered",
}


def _display(name: str, value: Any) -> str:
    if value is None or value == "":
        return "Not given"
    if isinstance(value, dt.datetime):
        from tandem.govuk.formatting import govuk_datetime

        return govuk_datetime(value)
    if name == "answered_by" and hasattr(value, "user"):
        return str(value.user.display_name)
    return str(value)


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def check_answer(request: ActingRequest, check_id: uuid.UUID) -> HttpResponse:
    """Answer a check asked of your agency. The answer is shared with the front door under its lawful basis."""
    check_record = access.get_check_for(request, check_id, to="answer")
    check = check_record.check
    police = check.area == CheckArea.POLICE
    form = forms.CheckAnswerForm(request.POST or None, police=police)
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.answer_check(
                check,
                expected_version=versioning.parse_version(request.POST.get("version")) or 0,
                information=data["information"],
                information_source=data["information_source"],
                marking=data["marking"],
                lawful_basis=data["lawful_basis"],
                family_informed=data["family_informed"],
                family_not_informed_reason=data["family_not_informed_reason"],
                source_evaluation=data["source_evaluation"],
                intelligence_assessment=data["intelligence_assessment"],
                handling_code=data["handling_code"],
                handling_conditions=data["handling_conditions"],
                by=request.acting,
            )
        except versioning.StaleVersion as stale:
            conflict = versioning.differences(stale.current, data, ANSWER_LABELS, display=_display)
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, "Your answer has been sent to the front door")
            following = reverse("frontdoor:agency_checks")
            shown = saved_with_advice(
                request,
                form=form,
                texts=("information", "handling_conditions", "family_not_informed_reason"),
                child_age=check_record.contact_record.youngest_age,
                continue_url=following,
                change_url=following,
            )
            return shown or HttpResponseRedirect(following)
    return render(
        request,
        "frontdoor/check_answer.html",
        {
            "check_record": check_record,
            "check": check,
            "record": check_record.contact_record,
            "form": form,
            "police": police,
            "conflict": conflict,
            "version": check.version,
            "child_age": check_record.contact_record.youngest_age,
            "official_sensitive": True,
        },
    )


# ---------------------------------------------------------------------------------------------------------------------
# RAG, decisions, closing


RAG_LABELS = {"rag": "RAG rating", "rag_rationale": "Why this rating", "rag_set_by": "Rated by", "rag_set_at": "Rated"}


def _rag_display(name: str, value: Any) -> str:
    if name == "rag_set_by" and hasattr(value, "user"):
        return str(value.user.display_name)
    if name == "rag" and value:
        return str(value).capitalize()
    return _display(name, value)


@requires(FRONT_DOOR_MANAGER)
@require_http_methods(["GET", "POST"])
def contact_rag(request: ActingRequest, contact_id: uuid.UUID) -> HttpResponse:
    record = _open_for_work(request, contact_id, to=access.MANAGE)
    contact = record.contact
    form = forms.RagForm(request.POST or None, initial={"rag": contact.rag, "rationale": ""})
    version = contact.version
    conflict = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = actions.rate_contact(
                contact,
                expected_version=versioning.parse_version(request.POST.get("version")) or 0,
                rag=data["rag"],
                rationale=data["rationale"],
                by=request.acting,
            )
        except versioning.StaleVersion as stale:
            current = stale.current
            submitted = {"rag": data["rag"], "rag_rationale": data["rationale"], "rag_set_by": request.acting}
            conflict = versioning.differences(current, submitted, RAG_LABELS, display=_rag_display)
            version = current.version if current is not None else version
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, f"Contact {contact.reference} is rated {contact.get_rag_display()}")
            following = reverse("frontdoor:contact_detail", args=[contact.pk])
            shown = saved_with_advice(
                request,
                form=form,
                texts=("rationale",),
                child_age=record.youngest_age,
                continue_url=following,
                change_url=following,
            )
            return shown or HttpResponseRedirect(following)
    from tandem.frontdoor import clocks

    return render(
        request,
        "frontdoor/rag.html",
        {
            "record": record,
            "contact": contact,
            "form": form,
            "version": version,
            "conflict": conflict,
            "rag_times": {rag: clocks.describe_rag_time(rag) for rag in ("red", "amber", "green")},
            "child_age": record.youngest_age,
            "advice": advice_for(form, ["rationale"], child_age=record.youngest_age) if form.is_bound else {},
            "official_sensitive": True,
        },
    )


DECISION_LABELS = {
    "outcome": "Decision",
    "rationale": "Rationale",
    "child_voice_considered": "The child’s voice",
    "equality_considered": "Equality and diversity",
    "decided_by": "Decided by",
    "decided_at": "Decided",
}


def _decision_display(name: str, value: Any) -> str:
    if name == "outcome" and value:
        return str(Outcome(value).label)
    if name == "decided_by" and hasattr(value, "user"):
        return str(value.user.display_name)
    return _display(name, value)


def decision_teams(contact: Contact) -> list[tuple[str, str]]:
    own = contact.front_door_team.agency
    teams = Team.objects.filter(agency=own, is_active=True, is_front_door=False, is_emergency_duty=False)
    return [(str(t.pk), t.name) for t in teams]


@requires(FRONT_DOOR_MANAGER)
@require_http_methods(["GET", "POST"])
def child_decision(request: ActingRequest, contact_id: uuid.UUID, child_id: uuid.UUID) -> HttpResponse:
    """The threshold decision for one child, with the other children on the contact side by side."""
    record = access.get_contact_for(request, contact_id, to=access.MANAGE)
    child = record.child(child_id)
    existing = record.decisions.get(child.id)
    involvements: list[tuple[str, str]] = []
    if child.row.person_id is not None:
        person = people_access.get_person_for(request, child.row.person_id)
        involvements = [
            (str(i.pk), f"{i.get_kind_display()}, {i.team.name if i.team else i.agency.name}")
            for i in person.involvements
            if i.source != f"contact:{record.contact.pk}"
        ]
    form = forms.DecisionForm(request.POST or None, teams=decision_teams(record.contact), involvements=involvements)
    conflict = None
    if existing is None and not record.contact.is_open:
        raise Http404("This contact is no longer open")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            next_team = (
                Team.objects.get(pk=int(data["next_team"]))
                if data["next_team"] and data["outcome"] in TEAM_OUTCOMES
                else None
            )
            existing_involvement = None
            person_id = child.row.person_id
            if data["outcome"] == Outcome.ALREADY_OPEN and data["existing_involvement"] and person_id is not None:
                from tandem.people.models import Involvement

                existing_involvement = Involvement.objects.filter(
                    pk=data["existing_involvement"], person_id=person_id
                ).first()
            actions.decide_for_child(
                child.row,
                expected_version=versioning.parse_version(request.POST.get("version")) or 0,
                outcome=data["outcome"],
                rationale=data["rationale"],
                child_voice_considered=data["child_voice_considered"],
                equality_considered=data["equality_considered"],
                next_team=next_team,
                transfer_to=data["transfer_to"],
                existing_involvement=existing_involvement,
                by=request.acting,
            )
        except versioning.StaleVersion as stale:
            submitted = {**data, "decided_by": request.acting}
            conflict = versioning.differences(stale.current, submitted, DECISION_LABELS, display=_decision_display)
            existing = stale.current if isinstance(stale.current, ChildDecision) else None
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, f"The decision for {child.full_name} has been recorded")
            following = reverse("frontdoor:contact_detail", args=[record.id])
            shown = saved_with_advice(
                request,
                form=form,
                texts=("rationale", "child_voice_considered", "equality_considered"),
                child_age=child.age,
                continue_url=following,
                change_url=following,
            )
            return shown or HttpResponseRedirect(following)
    siblings = [c for c in record.children if c.id != child.id]
    return render(
        request,
        "frontdoor/decision.html",
        {
            "record": record,
            "contact": record.contact,
            "child": child,
            "siblings": siblings,
            "existing": existing,
            "decisions": record.decisions,
            "form": form,
            "version": existing.version if existing is not None else versioning.NONE_SEEN,
            "conflict": conflict,
            "child_age": child.age,
            "advice": advice_for(
                form, ["rationale", "child_voice_considered", "equality_considered"], child_age=child.age
            )
            if form.is_bound
            else {},
            "official_sensitive": True,
        },
    )


@requires(FRONT_DOOR_MANAGER)
@require_http_methods(["GET", "POST"])
def contact_close(request: ActingRequest, contact_id: uuid.UUID) -> HttpResponse:
    record = _open_for_work(request, contact_id, to=access.MANAGE)
    form = forms.CloseForm(request.POST or None)
    conflict = None
    version = record.contact.version
    if request.method == "POST" and form.is_valid():
        try:
            actions.close_contact(
                record.contact,
                expected_version=versioning.parse_version(request.POST.get("version")) or 0,
                reason=form.cleaned_data["reason"],
                by=request.acting,
            )
        except versioning.StaleVersion as stale:
            conflict = versioning.differences(
                stale.current, {"status": "closed"}, {"status": "Status"}, display=_status_display
            )
            version = stale.current.version if stale.current is not None else version
        else:
            messages.success(request, f"Contact {record.contact.reference} has been closed")
            following = reverse("frontdoor:contact_detail", args=[record.id])
            shown = saved_with_advice(
                request,
                form=form,
                texts=("reason",),
                child_age=record.youngest_age,
                continue_url=following,
                change_url=following,
            )
            return shown or HttpResponseRedirect(following)
    return render(
        request,
        "frontdoor/close.html",
        {"record": record, "form": form, "version": version, "conflict": conflict, "official_sensitive": True},
    )


def _status_display(name: str, value: Any) -> str:
    return str(ContactStatus(value).label) if value in ContactStatus.values else _display(name, value)


# ---------------------------------------------------------------------------------------------------------------------
# Acknowledgement and outcome feedback to the referrer

UPDATE_TITLES = {
    UpdateKind.ACKNOWLEDGEMENT: "Record the acknowledgement to the referrer",
    UpdateKind.OUTCOME: "Record the outcome feedback to the referrer",
}


@requires(FRONT_DOOR_TEAM)
@require_http_methods(["GET", "POST"])
def contact_update(request: ActingRequest, contact_id: uuid.UUID, kind: str) -> HttpResponse:
    if kind not in UpdateKind.values:
        raise Http404("No such page")
    record = access.get_contact_for(request, contact_id, to=access.WORK)
    contact = record.contact
    if kind == UpdateKind.OUTCOME and contact.status not in {ContactStatus.DECIDED, ContactStatus.CLOSED}:
        raise Http404("Outcome feedback follows the decisions")
    now = timezone.localtime()
    form = forms.UpdateForm(
        request.POST or None,
        initial={
            "sent_on": now.date(),
            "sent_time": f"{now:%H:%M}",
            "method": "tandem" if not contact.on_behalf else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_update(
                contact,
                kind=kind,
                method=data["method"],
                sent_at=data["sent_at"],
                message=data["message"],
                by=request.acting,
            )
        except ValidationError as failure:
            form.add_error(None, failure.messages[0])
        else:
            messages.success(request, f"The {UpdateKind(kind).label.lower()} has been recorded")
            following = reverse("frontdoor:contact_detail", args=[contact.pk])
            shown = saved_with_advice(
                request,
                form=form,
                texts=("message",),
                child_age=record.youngest_age,
                continue_url=following,
                change_url=following,
            )
            return shown or HttpResponseRedirect(following)
    return render(
        request,
        "frontdoor/update.html",
        {
            "record": record,
            "form": form,
            "kind": kind,
            "title": UPDATE_TITLES[UpdateKind(kind)],
            "child_age": record.youngest_age,
            "advice": advice_for(form, ["message"], child_age=record.youngest_age) if form.is_bound else {},
            "official_sensitive": True,
        },
    )
