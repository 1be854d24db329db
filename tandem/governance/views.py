"""Information governance: the emergency-access review queue, who looked at a record (with CSV export), and denials."""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from tandem.accounts.policies import IG_LEAD, requires
from tandem.accounts.requests import ActingRequest
from tandem.audit import record
from tandem.audit.models import AccessEvent
from tandem.governance import access
from tandem.governance.forms import FindOwnedPersonForm, JudgementForm
from tandem.people import access as people_access
from tandem.people import actions as people_actions
from tandem.people.models import Section

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\0")


def csv_safe(value: object) -> str:
    """Escape spreadsheet formula injection: a leading = + - @ tab or CR is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@requires(IG_LEAD)
def review_queue(request: ActingRequest) -> HttpResponse:
    accesses = list(access.emergency_accesses_for(request.acting).order_by("judged_at", "-starts_at")[:200])
    for item in accesses:
        record.disclose(
            request, item.person_id, sections=[Section.INDEX], relationship=people_access.Rel.INFORMATION_GOVERNANCE
        )
    waiting = [a for a in accesses if not a.judgement]
    reviewed = [a for a in accesses if a.judgement]
    return render(
        request,
        "governance/review_queue.html",
        {"waiting": waiting, "reviewed": reviewed, "official_sensitive": True},
    )


@requires(IG_LEAD)
@require_http_methods(["GET", "POST"])
def review_emergency_access(request: ActingRequest, access_id: uuid.UUID) -> HttpResponse:
    item = access.get_emergency_access_for(request, access_id)
    record.disclose(
        request, item.person_id, sections=[Section.INDEX], relationship=people_access.Rel.INFORMATION_GOVERNANCE
    )
    form = JudgementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            people_actions.judge_emergency_access(
                item, judgement=form.cleaned_data["judgement"], note=form.cleaned_data["note"], by=request.acting
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your judgement has been recorded")
            return HttpResponseRedirect(reverse("governance:review_queue"))
    events = AccessEvent.objects.filter(
        is_break_glass=True,
        membership_id=item.membership_id,
        occurred_at__gte=item.starts_at,
        subject_rows__person_id=item.person_id,
    ).order_by("occurred_at")[:500]
    return render(
        request,
        "governance/review_emergency_access.html",
        {"item": item, "form": form, "events": events, "official_sensitive": True},
    )


@requires(IG_LEAD)
@require_http_methods(["GET", "POST"])
def find_person(request: ActingRequest) -> HttpResponse:
    form = FindOwnedPersonForm(request.POST or None)
    found = []
    if request.method == "POST" and form.is_valid():
        people = people_access.visible_to(request.acting).filter(
            owning_agency_id=request.acting.agency_id,
            family_name__iexact=form.cleaned_data["family_name"].strip(),
        )
        if form.cleaned_data["given_name"]:
            people = people.filter(given_name__istartswith=form.cleaned_data["given_name"].strip())
        found = people_access.index_entries(
            request, people[:25], purpose="Information governance: reviewing who looked at a record"
        )
    return render(
        request,
        "governance/find_person.html",
        {"form": form, "found": found, "searched": form.is_bound and form.is_valid()},
    )


@dataclass(frozen=True)
class LogRow:
    event: AccessEvent
    relationship: str
    sections: str


def _log_rows(person_id: uuid.UUID) -> list[LogRow]:
    rows = []
    for event in access.access_events_for_person(person_id)[:2000]:
        relationship, sections = access.relationship_in(event, person_id)
        rows.append(LogRow(event, relationship, sections))
    return rows


@requires(IG_LEAD)
def person_access_log(request: ActingRequest, person_id: uuid.UUID) -> HttpResponse:
    person = people_access.get_person_for(request, person_id)
    if people_access.Rel.INFORMATION_GOVERNANCE not in person.grant.relationships:
        raise people_access.Http404("Not a record your agency owns")
    identity = person.identity
    return render(
        request,
        "governance/person_access_log.html",
        {"identity": identity, "rows": _log_rows(person.id), "official_sensitive": True},
    )


@requires(IG_LEAD)
def person_access_log_csv(request: ActingRequest, person_id: uuid.UUID) -> HttpResponse:
    person = people_access.get_person_for(request, person_id)
    if people_access.Rel.INFORMATION_GOVERNANCE not in person.grant.relationships:
        raise people_access.Http404("Not a record your agency owns")
    record.set_channel(request, "export")
    record.set_purpose(request, "Information governance export of who looked at a record")
    identity = person.identity
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "person",
            "when (UTC)",
            "user",
            "acting role",
            "agency id",
            "relationship",
            "sections",
            "purpose",
            "break-glass",
            "channel",
        ]
    )
    for row in _log_rows(person.id):
        event = row.event
        writer.writerow(
            [
                csv_safe(identity.full_name),
                event.occurred_at.isoformat(),
                csv_safe(event.actor_username),
                csv_safe(event.acting_role),
                event.agency_id or "",
                csv_safe(row.relationship),
                csv_safe(row.sections),
                csv_safe(event.purpose),
                "yes" if event.is_break_glass else "no",
                event.channel,
            ]
        )
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="access-log.csv"'
    return response


@requires(IG_LEAD)
def denials(request: ActingRequest) -> HttpResponse:
    rows = list(access.repeated_denials(request.acting)[:100])
    return render(request, "governance/denials.html", {"rows": rows})
