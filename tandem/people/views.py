"""Person search (POST, never personal identifiers in URLs), the person record, break-glass and recording a share."""

from __future__ import annotations

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
from tandem.people import access, actions
from tandem.people.codes import Marking
from tandem.people.forms import EmergencyAccessForm, PersonSearchForm, ShareForm
from tandem.people.models import EmergencyAccess
from tandem.people.search import search_people


@requires(PRACTITIONER)
@require_http_methods(["GET", "POST"])
def person_search(request: ActingRequest) -> HttpResponse:
    form = PersonSearchForm(request.POST or None)
    context: dict[str, object] = {"form": form, "searched": False}
    if request.method == "POST" and form.is_valid():
        result = search_people(request, form.criteria())
        context.update(
            entries=result.entries,
            hidden=result.hidden,
            index_tier=result.index_tier,
            searched=True,
            official_sensitive=True,
        )
    context["may_break_glass"] = access.may_request_emergency_access(request.acting)
    return render(request, "people/person_search.html", context)


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
    return render(
        request,
        "people/person_detail.html",
        {"record": record, "emergency": emergency, "official_sensitive": True, "Marking": Marking},
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
