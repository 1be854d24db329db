"""Writes about people and access to them. Each is atomic and audited inside its transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Agency, Membership, Team, User
from tandem.audit import record
from tandem.people import identity
from tandem.people.models import (
    Address,
    Allocation,
    EmergencyAccess,
    IdentitySearch,
    Involvement,
    Judgement,
    Note,
    Person,
    Share,
)

SEARCH_VALID_FOR = dt.timedelta(hours=2)
MIN_REASON_LENGTH = 20
MAX_BREAK_GLASS_HOURS = 24


def break_glass_hours() -> int:
    hours = int(settings.TANDEM_BREAK_GLASS_HOURS)
    if not 1 <= hours <= MAX_BREAK_GLASS_HOURS:
        raise ValidationError(f"TANDEM_BREAK_GLASS_HOURS must be between 1 and {MAX_BREAK_GLASS_HOURS}")
    return hours


def create_person(
    *,
    given_name: str,
    family_name: str,
    owning_agency: Agency,
    after_search: uuid.UUID | None,
    by: Membership,
    middle_names: str = "",
    known_as: str = "",
    date_of_birth: dt.date | None = None,
    dob_precision: str = "day",
    sex: str = "0",
    kind: str = "child",
    address_line_1: str = "",
    address_line_2: str = "",
    town: str = "",
    postcode: str = "",
) -> Person:
    """Add a person to the register — only after `find_candidates` has searched for them (`after_search`)."""
    search = (
        IdentitySearch.objects.filter(
            pk=after_search, membership=by, created_at__gte=timezone.now() - SEARCH_VALID_FOR
        ).first()
        if after_search
        else None
    )
    if search is None:
        raise ValidationError("Search the register for this person before adding a new record")
    with transaction.atomic():
        person = Person.objects.create(
            kind=kind,
            given_name=given_name.strip(),
            middle_names=middle_names.strip(),
            family_name=family_name.strip(),
            known_as=known_as.strip(),
            date_of_birth=date_of_birth,
            dob_precision=dob_precision if date_of_birth else "unknown",
            sex=sex,
            owning_agency=owning_agency,
        )
        if address_line_1 or postcode:
            Address.objects.create(
                person=person,
                line_1=address_line_1.strip(),
                line_2=address_line_2.strip(),
                town=town.strip(),
                postcode=postcode.strip().upper(),
                from_on=timezone.localdate(),
                owning_agency=owning_agency,
            )
        identity.reindex(person)
        record.change(
            by,
            "person.created",
            obj=person,
            person=person,
            detail={"after_search": str(search.pk), "candidates_shown": len(search.candidate_ids)},
        )
    return person


def open_involvement(
    person: Person,
    *,
    agency: Agency,
    kind: str,
    team: Team | None = None,
    opened_on: dt.date | None = None,
    source: str = "",
    by: Any,
) -> Involvement:
    with transaction.atomic():
        involvement = Involvement.objects.create(
            person=person,
            agency=agency,
            team=team,
            kind=kind,
            opened_on=opened_on or timezone.localdate(),
            source=source,
        )
        record.change(by, "involvement.opened", obj=involvement, person=person, detail={"kind": kind, "source": source})
    return involvement


def close_involvement(involvement: Involvement, *, on: dt.date | None = None, by: Any) -> Involvement:
    with transaction.atomic():
        involvement.closed_on = on or timezone.localdate()
        involvement.save(update_fields=["closed_on", "updated_at"])
        record.change(by, "involvement.closed", obj=involvement, person=involvement.person_id)
    return involvement


def allocate_worker(
    person: Person, *, worker: User, team: Team | None = None, starts_on: dt.date | None = None, by: Any
) -> Allocation:
    with transaction.atomic():
        allocation = Allocation.objects.create(
            person=person, worker=worker, team=team, starts_on=starts_on or timezone.localdate()
        )
        record.change(by, "allocation.made", obj=allocation, person=person, detail={"worker": worker.pk})
    return allocation


def add_note(
    person: Person,
    *,
    text: str,
    marking: str,
    author: Membership,
    sealed_to: list[User] | None = None,
    occurred_at: dt.datetime | None = None,
    by: Any,
) -> Note:
    with transaction.atomic():
        note = Note.objects.create(
            person=person,
            owning_agency_id=author.agency_id,
            author=author,
            text=text,
            marking=marking,
            occurred_at=occurred_at or timezone.now(),
        )
        if sealed_to:
            note.sealed_to.set(sealed_to)
        record.change(by, "note.added", obj=note, person=person, detail={"marking": marking})
    return note


def share_information(
    person: Person,
    *,
    sections: list[str],
    notes: list[Note] | None = None,
    to_agency: Agency | None = None,
    to_user: User | None = None,
    reason: str,
    lawful_basis: str,
    family_informed: str,
    family_not_informed_reason: str = "",
    starts_at: dt.datetime | None = None,
    ends_at: dt.datetime,
    source: str = "",
    by: Membership,
) -> Share:
    """Record a decision to share named information (golden rule 7): what, with whom, why, and the lawful basis."""
    if to_agency is None and to_user is None:
        raise ValidationError("Say who the information is shared with")
    if not reason.strip():
        raise ValidationError("Say why the information is shared")
    if family_informed != "yes" and not family_not_informed_reason.strip():
        raise ValidationError("Say why the family has not been told")
    with transaction.atomic():
        share = Share.objects.create(
            person=person,
            sections=sorted(set(sections)),
            to_agency=to_agency,
            to_user=to_user,
            reason=reason,
            lawful_basis=lawful_basis,
            family_informed=family_informed,
            family_not_informed_reason=family_not_informed_reason if family_informed != "yes" else "",
            starts_at=starts_at or timezone.now(),
            ends_at=ends_at,
            shared_by=by,
            source=source,
        )
        if notes:
            share.notes.set(notes)
        record.change(
            by,
            "share.recorded",
            obj=share,
            person=person,
            detail={
                "sections": share.sections,
                "notes": sorted(str(n.pk) for n in notes or []),
                "to_agency": to_agency.pk if to_agency else None,
                "to_user": to_user.pk if to_user else None,
                "lawful_basis": lawful_basis,
                "family_informed": family_informed,
                "ends_at": ends_at.isoformat(),
            },
        )
    return share


def request_emergency_access(person: Person, *, reason: str, by: Membership, request: Any = None) -> EmergencyAccess:
    """Break-glass: a typed reason of at least 20 characters; 4 hours by default (configurable up to 24)."""
    reason = reason.strip()
    if len(reason) < MIN_REASON_LENGTH:
        raise ValidationError(f"The reason must be at least {MIN_REASON_LENGTH} characters")
    now = timezone.now()
    with transaction.atomic():
        access = EmergencyAccess.objects.create(
            person=person,
            membership=by,
            owning_agency_id=person.owning_agency_id,
            reason=reason,
            starts_at=now,
            ends_at=now + dt.timedelta(hours=break_glass_hours()),
        )
        record.change(
            request or by,
            "emergency_access.started",
            obj=access,
            person=person,
            detail={"ends_at": access.ends_at.isoformat(), "owning_agency": person.owning_agency_id},
        )
    return access


def judge_emergency_access(access: EmergencyAccess, *, judgement: str, note: str, by: Membership) -> EmergencyAccess:
    if judgement not in Judgement.values:
        raise ValidationError("Select whether the access was justified")
    if access.judgement:
        raise ValidationError("This emergency access has already been reviewed")
    with transaction.atomic():
        locked = EmergencyAccess.objects.select_for_update().get(pk=access.pk)
        if locked.judgement:
            raise ValidationError("This emergency access has already been reviewed")
        locked.judgement = judgement
        locked.judgement_note = note
        locked.judged_by = by
        locked.judged_at = timezone.now()
        locked.save(update_fields=["judgement", "judgement_note", "judged_by", "judged_at", "updated_at"])
        record.change(
            by, "emergency_access.judged", obj=locked, person=locked.person_id, detail={"judgement": judgement}
        )
    return locked
