"""Person search (POST, never personal identifiers in URLs) with live candidates, adding a person after a search, the
person record and its identity data, break-glass, recording a share, and identity decisions: the review queue,
separating merged records and assigning what was added after a merge."""

from __future__ import annotations

import contextlib
import datetime as dt
import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from tandem.accounts.models import Agency
from tandem.accounts.policies import BREAK_GLASS, PRACTITIONER, SIGNED_IN, requires
from tandem.accounts.requests import ActingRequest
from tandem.people import access, actions, identifiers, merging
from tandem.people.codes import Marking
from tandem.people.forms import (
    AddressForm,
    AliasForm,
    AssignForm,
    EmergencyAccessForm,
    IdentifierForm,
    NewPersonForm,
    PersonSearchForm,
    PhoneForm,
    ReviewDecisionForm,
    SeparateForm,
    ShareForm,
)
from tandem.people.models import EmergencyAccess, IdentitySearch, Merge, Person, ReviewStatus
from tandem.people.policies import IDENTITY_REVIEW
from tandem.people.search import search_people

#: Fields of the search form carried to "add a new person" (prefilled there).
CARRIED = ("given_name", "family_name", "postcode", "nhs_number")


def _search_context(request: ActingRequest, form: PersonSearchForm) -> dict[str, object]:
    context: dict[str, object] = {"form": form, "searched": False, "result": None}
    if request.method == "POST" and form.is_valid():
        result = search_people(request, form.criteria())
        born = form.cleaned_data.get("date_of_birth")
        context.update(
            result=result,
            searched=True,
            official_sensitive=True,
            carried={
                **{k: form.cleaned_data.get(k) or "" for k in CARRIED},
                "date_of_birth": born.isoformat() if born else "",
            },
        )
    context["may_break_glass"] = access.may_request_emergency_access(request.acting)
    context["may_review"] = access.may_review_identity(request.acting)
    return context


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def person_search(request: ActingRequest) -> HttpResponse:
    """The search page; without JavaScript the form posts here and the page shows the results."""
    context = _search_context(request, PersonSearchForm(request.POST or None))
    if access.may_review_identity(request.acting):
        context["waiting_reviews"] = access.review_queue(request.acting).count()
    return render(request, "people/person_search.html", context)


@requires(PRACTITIONER)
@require_http_methods(["POST"])
def person_candidates(request: ActingRequest) -> HttpResponse:
    """Candidates as the practitioner types (htmx, debounced in the page so one pause is one search and one access
    event). Nothing is searched until a last name is entered; errors are shown in the fragment. Other pages (the
    front door's contact) may post their own fields here, or include `people/_candidates.html` themselves."""
    form = PersonSearchForm(request.POST)
    if not (request.POST.get("family_name") or "").strip() or not request.POST.get("purpose"):
        response = render(request, "people/_candidates.html", {"result": None, "hint": True})
    else:
        context = _search_context(request, form)
        response = render(request, "people/_candidates.html", {**context, "fragment_errors": form.errors})
    response["Cache-Control"] = "no-store"
    return response


def _valid_search(request: ActingRequest, search_id: str | None) -> IdentitySearch | None:
    try:
        pk = uuid.UUID(str(search_id))
    except ValueError:
        return None
    return IdentitySearch.objects.filter(
        pk=pk, membership=request.acting, created_at__gte=timezone.now() - actions.SEARCH_VALID_FOR
    ).first()


@requires(PRACTITIONER)
@require_http_methods(["POST"])
def person_new(request: ActingRequest) -> HttpResponse:
    """Add a person to the register: reached only from a search's results (it carries the search id)."""
    starting = request.POST.get("step") != "save"
    if starting:
        born = request.POST.get("date_of_birth", "")
        initial: dict[str, object] = {
            "search_id": request.POST.get("search_id"),
            **{k: request.POST.get(k, "") for k in CARRIED},
            "kind": "child",
        }
        if born:
            with contextlib.suppress(ValueError):
                initial["date_of_birth"] = dt.date.fromisoformat(born)
        form = NewPersonForm(initial=initial)
    else:
        form = NewPersonForm(request.POST)
    search = _valid_search(request, request.POST.get("search_id"))
    if search is None:
        messages.info(request, "Search the register again before adding a new person: the search has expired")
        return HttpResponseRedirect(reverse("people:person_search"))
    if not starting and form.is_valid():
        data = form.cleaned_data
        try:
            person = actions.create_person(
                kind=data["kind"],
                given_name=data["given_name"],
                middle_names=data["middle_names"],
                family_name=data["family_name"],
                known_as=data["known_as"],
                date_of_birth=data["date_of_birth"],
                dob_precision=data.get("dob_precision") or "day",
                expected_delivery_on=data["expected_delivery_on"],
                sex=data["sex"],
                address_line_1=data["address_line_1"],
                address_line_2=data["address_line_2"],
                town=data["town"],
                postcode=data["postcode"],
                nhs_number=data["nhs_number"],
                identifiers=[actions.NewIdentifier(identifiers.UPN, data["upn"], marking=data["marking"])]
                if data["upn"]
                else [],
                phone=data["phone"],
                marking=data["marking"],
                owning_agency=request.acting.agency,
                after_search=search.pk,
                by=request.acting,
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            if request.acting.team_id:
                actions.open_involvement(
                    person,
                    agency=request.acting.agency,
                    team=request.acting.team,
                    kind=_involvement_kind(request.acting),
                    source="person_new",
                    by=request.acting,
                )
            messages.success(request, f"{person.full_name} has been added to the register")
            if access.visible_to(request.acting).filter(pk=person.pk).exists():
                return HttpResponseRedirect(reverse("people:person_detail", args=[person.pk]))
            return HttpResponseRedirect(reverse("people:person_search"))
    return render(request, "people/person_new.html", {"form": form, "official_sensitive": True})


def _involvement_kind(membership: object) -> str:
    from tandem.accounts.roles import Role
    from tandem.people.models import InvolvementKind

    role = str(getattr(membership, "role", ""))
    kinds: dict[str, str] = {
        Role.FRONT_DOOR_PRACTITIONER: InvolvementKind.ASSESSMENT,
        Role.FRONT_DOOR_MANAGER: InvolvementKind.ASSESSMENT,
        Role.EMERGENCY_DUTY_SOCIAL_WORKER: InvolvementKind.ASSESSMENT,
        Role.POLICE_OFFICER: InvolvementKind.POLICE,
        Role.HEALTH_PRACTITIONER: InvolvementKind.HEALTH,
        Role.DESIGNATED_SAFEGUARDING_LEAD: InvolvementKind.EDUCATION,
        Role.YOUTH_JUSTICE_OFFICER: InvolvementKind.YOUTH_JUSTICE,
        Role.PROBATION_OFFICER: InvolvementKind.PROBATION,
        Role.VOLUNTARY_SECTOR_WORKER: InvolvementKind.VOLUNTARY,
        Role.EXPLOITATION_LEAD: InvolvementKind.EXPLOITATION,
    }
    return kinds.get(role, InvolvementKind.CHILD_IN_NEED)


@requires(SIGNED_IN)
def person_detail(request: ActingRequest, person_id: uuid.UUID) -> HttpResponse:
    record = access.get_person_for(request, person_id)
    emergency = None
    if record.grant.is_break_glass:
        emergency = (
            EmergencyAccess.objects.active()
            .filter(person_id=record.id, membership=request.acting)
            .order_by("-ends_at")
            .first()
        )
    merges = []
    if access.may_review_identity(request.acting):
        merges = list(Merge.objects.filter(survivor_id=record.id, unmerged_at__isnull=True).select_related("merged"))
    return render(
        request,
        "people/person_detail.html",
        {
            "record": record,
            "emergency": emergency,
            "official_sensitive": True,
            "Marking": Marking,
            "merges": merges,
            "scheme_label": identifiers.scheme_label,
        },
    )


@requires(BREAK_GLASS)
@require_http_methods(["GET", "POST"])
def emergency_access(request: ActingRequest, person_id: uuid.UUID) -> HttpResponse:
    person = access.emergency_access_target(request, person_id)
    if access.visible_to(request.acting).filter(pk=person.pk).exists():
        return HttpResponseRedirect(reverse("people:person_detail", args=[person.pk]))
    form = EmergencyAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.request_emergency_access(
                person, reason=form.cleaned_data["reason"], by=request.acting, request=request
            )
        except ValidationError as error:
            form.add_error("reason", error)
        else:
            return HttpResponseRedirect(reverse("people:person_detail", args=[person.pk]))
    [entry] = access.index_entries(request, [person], purpose="Requesting emergency access")
    return render(
        request,
        "people/emergency_access.html",
        {"form": form, "entry": entry, "hours": actions.break_glass_hours(), "official_sensitive": True},
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def share_record(request: ActingRequest, person_id: uuid.UUID) -> HttpResponse:
    record = access.get_person_for(request, person_id, to="edit")
    membership = request.acting
    agencies = [(a.pk, a.name) for a in Agency.objects.filter(is_active=True).exclude(pk=membership.agency_id)]
    own_restricted = [
        (str(n.pk), f"{timezone.localtime(n.occurred_at):%d %B %Y}: {n.text[:60]}")
        for n in record.notes
        if n.owning_agency_id == membership.agency_id and n.marking == Marking.RESTRICTED
    ]
    form = ShareForm(request.POST or None, agencies=agencies, notes=own_restricted)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        notes = [n for n in record.notes if str(n.pk) in set(data["notes"])]
        actions.share_information(
            record.person,
            sections=data["sections"],
            notes=notes,
            to_agency=Agency.objects.get(pk=data["to_agency"]),
            reason=data["reason"],
            lawful_basis=data["lawful_basis"],
            family_informed=data["family_informed"],
            family_not_informed_reason=data["family_not_informed_reason"],
            ends_at=timezone.now() + dt.timedelta(days=data["days"]),
            by=membership,
        )
        messages.success(request, "The share has been recorded")
        return HttpResponseRedirect(reverse("people:person_detail", args=[record.id]))
    return render(request, "people/share_record.html", {"form": form, "record": record, "official_sensitive": True})


# ---------------------------------------------------------------------------------------------------------------------
# Adding identity data to a record (the owning agency's team, allocated worker or front door: `to="edit"`)


def _identity_page(
    request: ActingRequest, person_id: uuid.UUID, form_class: type, heading: str, save: object
) -> HttpResponse:
    record = access.get_person_for(request, person_id, to="edit")
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            save(record.person, form.cleaned_data)  # type: ignore[operator]
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "The record has been updated")
            return HttpResponseRedirect(reverse("people:person_detail", args=[record.id]))
    return render(
        request,
        "people/identity_add.html",
        {"form": form, "record": record, "heading": heading, "official_sensitive": True},
    )


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def identifier_add(request: ActingRequest, person_id: uuid.UUID) -> HttpResponse:
    def save(person: Person, data: dict[str, object]) -> None:
        actions.add_identifier(
            person,
            actions.NewIdentifier(
                scheme=str(data["scheme"]),
                value=str(data["value"]),
                issuer=str(data.get("issuer") or ""),
                valid_from=data.get("valid_from"),  # type: ignore[arg-type]
                valid_to=data.get("valid_to"),  # type: ignore[arg-type]
                marking=str(data["marking"]),
            ),
            by=request.acting,
        )

    return _identity_page(request, person_id, IdentifierForm, "Add an identifier", save)


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def alias_add(request: ActingRequest, person_id: uuid.UUID) -> HttpResponse:
    def save(person: Person, data: dict[str, object]) -> None:
        actions.add_name(
            person,
            actions.NewName(
                kind=str(data["kind"]),
                given_name=str(data.get("given_name") or ""),
                middle_names=str(data.get("middle_names") or ""),
                family_name=str(data.get("family_name") or ""),
                from_on=data.get("from_on"),  # type: ignore[arg-type]
                to_on=data.get("to_on"),  # type: ignore[arg-type]
                marking=str(data["marking"]),
            ),
            by=request.acting,
        )

    return _identity_page(request, person_id, AliasForm, "Add another name", save)


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def address_add(request: ActingRequest, person_id: uuid.UUID) -> HttpResponse:
    def save(person: Person, data: dict[str, object]) -> None:
        actions.add_address(
            person,
            line_1=str(data["line_1"]),
            line_2=str(data.get("line_2") or ""),
            town=str(data.get("town") or ""),
            postcode=str(data["postcode"]),
            from_on=data.get("from_on"),  # type: ignore[arg-type]
            marking=str(data["marking"]),
            by=request.acting,
        )

    return _identity_page(request, person_id, AddressForm, "Add an address", save)


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def phone_add(request: ActingRequest, person_id: uuid.UUID) -> HttpResponse:
    def save(person: Person, data: dict[str, object]) -> None:
        actions.add_phone(
            person, number=str(data["number"]), kind=str(data["kind"]), marking=str(data["marking"]), by=request.acting
        )

    return _identity_page(request, person_id, PhoneForm, "Add a phone number", save)


# ---------------------------------------------------------------------------------------------------------------------
# Identity decisions


@requires(IDENTITY_REVIEW)
def review_queue(request: ActingRequest) -> HttpResponse:
    """Pairs waiting for a decision. Listing them shows nothing about either person (names appear on the
    comparison page, which is disclosed)."""
    reviews = list(access.review_queue(request.acting).order_by("-probability", "created_at")[:200])
    return render(request, "people/review_queue.html", {"reviews": reviews})


@requires(IDENTITY_REVIEW)
@require_http_methods(["GET", "POST"])
def review_pair(request: ActingRequest, review_id: uuid.UUID) -> HttpResponse:
    review = access.review_for(request, review_id)
    a = access.identity_for_review(request, review.person_a)
    b = access.identity_for_review(request, review.person_b)
    survivors = [
        (str(side.id), f"{side.full_name}, record owned by {side.owning_agency}")
        for side in (a, b)
        if side.superseded_by_id is None
    ]
    form = ReviewDecisionForm(request.POST or None, survivors=survivors)
    if request.method == "POST" and form.is_valid() and review.is_waiting:
        data = form.cleaned_data
        survivor = Person.objects.filter(pk=str(data["survivor"])).first() if data.get("survivor") else None
        try:
            actions.decide_review(
                review, decision=data["decision"], note=data.get("note") or "", survivor=survivor, by=request.acting
            )
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(
                request,
                {
                    ReviewStatus.SAME: "The records have been merged. Both are kept and can be separated again",
                    ReviewStatus.DIFFERENT: "Recorded: these are different people",
                    ReviewStatus.UNSURE: "The pair stays in the queue",
                }[data["decision"]],
            )
            return HttpResponseRedirect(reverse("people:review_queue"))
    return render(
        request,
        "people/review_pair.html",
        {
            "review": review,
            "a": a,
            "b": b,
            "form": form,
            "official_sensitive": True,
            "scheme_label": identifiers.scheme_label,
        },
    )


@requires(IDENTITY_REVIEW)
@require_http_methods(["GET", "POST"])
def merge_separate(request: ActingRequest, merge_id: uuid.UUID) -> HttpResponse:
    merge = access.merge_for(request, merge_id)
    if merge.unmerged_at is not None:
        return HttpResponseRedirect(reverse("people:merge_assign", args=[merge.pk]))
    survivor = access.identity_for_review(request, merge.survivor)
    merged = access.identity_for_review(request, merge.merged)
    form = SeparateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.unmerge(merge, reason=form.cleaned_data["reason"], by=request.acting)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "The records have been separated")
            return HttpResponseRedirect(reverse("people:merge_assign", args=[merge.pk]))
    attached = merging.attached_since(merge.survivor, merge.merged_at)
    return render(
        request,
        "people/merge_separate.html",
        {
            "merge": merge,
            "survivor": survivor,
            "merged": merged,
            "attached": attached,
            "form": form,
            "official_sensitive": True,
            "scheme_label": identifiers.scheme_label,
        },
    )


@requires(IDENTITY_REVIEW)
@require_http_methods(["GET", "POST"])
def merge_assign(request: ActingRequest, merge_id: uuid.UUID) -> HttpResponse:
    """After separating: each item added to the main record while merged is assigned to one of the two."""
    merge = access.merge_for(request, merge_id)
    if merge.unmerged_at is None:
        return HttpResponseRedirect(reverse("people:merge_separate", args=[merge.pk]))
    survivor = access.identity_for_review(request, merge.survivor)
    merged = access.identity_for_review(request, merge.merged)
    waiting = {(label, item_id) for label, item_id in merge.to_assign}
    items = [a for a in merging.attached_since(merge.survivor, merge.merged_at) if (a.label, a.id) in waiting]
    people = [
        (str(survivor.id), f"{survivor.full_name} (record owned by {survivor.owning_agency})"),
        (str(merged.id), f"{merged.full_name} (record owned by {merged.owning_agency})"),
    ]
    form = AssignForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        label, item_id = request.POST.get("label", ""), request.POST.get("item", "")
        to = Person.objects.get(pk=form.cleaned_data["to"])
        try:
            actions.assign_after_unmerge(merge, label=label, item_id=item_id, to=to, by=request.acting)
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(request, "Assigned")
            return HttpResponseRedirect(reverse("people:merge_assign", args=[merge.pk]))
    return render(
        request,
        "people/merge_assign.html",
        {
            "merge": merge,
            "survivor": survivor,
            "merged": merged,
            "items": items,
            "form": form,
            "official_sensitive": True,
        },
    )
