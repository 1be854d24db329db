"""Writes about people and access to them. Each is atomic and audited inside its transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from tandem.accounts import roles
from tandem.accounts.models import Agency, Membership, Team, User
from tandem.audit import record
from tandem.people import identifiers as identifiers_mod
from tandem.people import identity, merging
from tandem.people.codes import Marking
from tandem.people.matching import NO_MATCH
from tandem.people.models import (
    Address,
    Allocation,
    EmergencyAccess,
    IdentitySearch,
    Involvement,
    Judgement,
    MatchReview,
    Merge,
    NameKind,
    Note,
    Person,
    PersonIdentifier,
    PersonLink,
    PersonName,
    PhoneKind,
    PhoneNumber,
    RelationshipKind,
    ReviewOrigin,
    ReviewStatus,
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


@dataclass(frozen=True)
class NewIdentifier:
    scheme: str
    value: str
    issuer: str = ""
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    marking: str = Marking.PARTNERSHIP


@dataclass(frozen=True)
class NewName:
    kind: str
    given_name: str = ""
    family_name: str = ""
    middle_names: str = ""
    from_on: dt.date | None = None
    to_on: dt.date | None = None
    marking: str = Marking.PARTNERSHIP


def _actor_membership(by: Any) -> Membership | None:
    return by if isinstance(by, Membership) else None


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
    expected_delivery_on: dt.date | None = None,
    marking: str = Marking.PARTNERSHIP,
    nhs_number: str = "",
    identifiers: Sequence[NewIdentifier] = (),
    other_names: Sequence[NewName] = (),
    phone: str = "",
) -> Person:
    """Add a person to the register — only after `find_candidates` has searched for them (`after_search`).

    Identifiers are checked (`tandem.people.identifiers`): an invalid one refuses the whole request with its message.
    A postcode that is not a valid UK postcode is kept as supplied (for matching) rather than refused, because
    callers such as the front door record what a referrer said."""
    search = (
        IdentitySearch.objects.filter(
            pk=after_search, membership=by, created_at__gte=timezone.now() - SEARCH_VALID_FOR
        ).first()
        if after_search
        else None
    )
    if search is None:
        raise ValidationError("Search the register for this person before adding a new record")
    checked = _check_identifiers(
        [*identifiers, *([NewIdentifier(identifiers_mod.NHS, nhs_number, marking=marking)] if nhs_number else [])]
    )
    phone_number = _checked(identifiers_mod.check_phone, phone) if phone.strip() else ""
    with transaction.atomic():
        person = Person.objects.create(
            kind=kind,
            given_name=given_name.strip(),
            middle_names=middle_names.strip(),
            family_name=family_name.strip(),
            known_as=known_as.strip(),
            date_of_birth=date_of_birth,
            dob_precision=dob_precision if date_of_birth else "unknown",
            expected_delivery_on=expected_delivery_on,
            sex=sex,
            owning_agency=owning_agency,
            marking=marking,
        )
        if address_line_1 or postcode:
            Address.objects.create(
                person=person,
                line_1=address_line_1.strip(),
                line_2=address_line_2.strip(),
                town=town.strip(),
                postcode=identifiers_mod.postcode_or_blank(postcode),
                postcode_as_supplied=postcode.strip(),
                from_on=timezone.localdate(),
                owning_agency=owning_agency,
                marking=marking,
            )
        for new, result in checked:
            _make_identifier(person, new, result, owner=owning_agency, by=by)
        for name in other_names:
            _make_name(person, name, owner=owning_agency, by=by)
        if phone_number:
            PhoneNumber.objects.create(
                person=person,
                number=phone_number,
                number_as_supplied=phone.strip(),
                owning_agency=owning_agency,
                marking=marking,
                recorded_by=by,
            )
        identity.reindex(person)
        record.change(
            by,
            "person.created",
            obj=person,
            person=person,
            detail={"after_search": str(search.pk), "candidates_shown": len(search.candidate_ids)},
        )
        _queue_passed_over(person, search=search, by=by)
    return person


def _queue_passed_over(person: Person, *, search: IdentitySearch, by: Membership) -> None:
    """A new person whom the engine still finds likely or possibly the same as someone on the register goes to the
    review queue with them (the practitioner chose "new"; someone who may compare both records decides)."""
    origin = ReviewOrigin.FRONT_DOOR if by.role in roles.FRONT_DOOR_DUTY else ReviewOrigin.PRACTITIONER
    current = identity.model()
    for ranked in identity.rank(identity.describe(person), limit=3):
        if ranked.person_id == person.pk or ranked.score.decision == NO_MATCH:
            continue
        queue_for_review(
            person,
            Person.objects.get(pk=ranked.person_id),
            probability=ranked.score.probability,
            match_weight=ranked.score.match_weight,
            decision=ranked.score.decision,
            explanation=current.explain(ranked.score),
            guards=ranked.score.guards,
            origin=origin,
            source=f"added after search {search.pk}",
            by=by,
        )


def _checked(check: Any, value: str) -> Any:
    try:
        return check(value)
    except identifiers_mod.InvalidValue as error:
        raise ValidationError(str(error)) from None


def _check_identifiers(items: Sequence[NewIdentifier]) -> list[tuple[NewIdentifier, identifiers_mod.Checked]]:
    return [
        (item, _checked(lambda v, s=item.scheme: identifiers_mod.check_identifier(s, v), item.value)) for item in items
    ]


def _make_identifier(
    person: Person, new: NewIdentifier, result: identifiers_mod.Checked, *, owner: Agency, by: Any, source: str = ""
) -> PersonIdentifier:
    return PersonIdentifier.objects.create(
        person=person,
        scheme=result.scheme,
        issuer=new.issuer.strip(),
        value=result.value,
        value_as_supplied=result.as_supplied,
        verified=result.verified,
        valid_from=new.valid_from,
        valid_to=new.valid_to,
        source=source,
        owning_agency=owner,
        marking=new.marking,
        recorded_by=_actor_membership(by),
    )


def _make_name(person: Person, new: NewName, *, owner: Agency, by: Any, source: str = "") -> PersonName:
    if not (new.given_name.strip() or new.family_name.strip()):
        raise ValidationError("Enter a first name or a last name")
    if new.kind not in NameKind.values:
        raise ValidationError("Select what kind of name this is")
    return PersonName.objects.create(
        person=person,
        kind=new.kind,
        given_name=new.given_name.strip(),
        middle_names=new.middle_names.strip(),
        family_name=new.family_name.strip(),
        from_on=new.from_on,
        to_on=new.to_on,
        source=source,
        owning_agency=owner,
        marking=new.marking,
        recorded_by=_actor_membership(by),
    )


def _editable(person: Person) -> None:
    if person.superseded_by_id is not None:
        raise ValidationError("This record has been merged into another: change the record it was merged into")


IDENTITY_FIELDS = (
    "kind",
    "given_name",
    "middle_names",
    "family_name",
    "known_as",
    "date_of_birth",
    "dob_precision",
    "expected_delivery_on",
    "sex",
)


def update_identity(
    person: Person, *, version: int, by: Membership, keep_previous_name: bool = True, **changes: Any
) -> Person:
    """Change who a person is recorded as (names, date of birth, sex, kind). Refuses a stale `version` (409 in the
    API); a changed name is kept as a previous name, so nothing is lost."""
    unknown = set(changes) - set(IDENTITY_FIELDS)
    if unknown:
        raise ValueError(f"Not identity fields: {sorted(unknown)}")
    with transaction.atomic():
        locked = Person.objects.select_for_update().get(pk=person.pk)
        _editable(locked)
        if locked.version != version:
            raise StaleVersion(locked)
        before = {f: getattr(locked, f) for f in changes}
        changed = {f: v for f, v in changes.items() if getattr(locked, f) != v}
        if not changed:
            return locked
        if keep_previous_name and ({"given_name", "family_name"} & set(changed)):
            PersonName.objects.create(
                person=locked,
                kind=NameKind.PREVIOUS,
                given_name=locked.given_name,
                middle_names=locked.middle_names,
                family_name=locked.family_name,
                to_on=timezone.localdate(),
                source="edit",
                owning_agency_id=locked.owning_agency_id,
                marking=locked.marking,
                recorded_by=by,
            )
        for f, v in changed.items():
            setattr(locked, f, v)
        locked.version += 1
        locked.save()
        identity.reindex(locked)
        record.change(
            by,
            "person.identity_changed",
            obj=locked,
            person=locked,
            detail={"fields": sorted(changed), "before": {f: str(before[f]) for f in changed}},
        )
    return locked


class StaleVersion(ValidationError):
    """Someone else saved the record first; `current` is what they saved."""

    def __init__(self, current: Person) -> None:
        super().__init__("Someone else changed this record while you were editing it")
        self.current = current


def add_identifier(person: Person, new: NewIdentifier, *, by: Membership, source: str = "") -> PersonIdentifier:
    [(item, result)] = _check_identifiers([new])
    with transaction.atomic():
        _editable(person)
        identifier = _make_identifier(person, item, result, owner=by.agency, by=by, source=source)
        identity.reindex(person)
        record.change(
            by,
            "person.identifier_added",
            obj=identifier,
            person=person,
            detail={"scheme": result.scheme, "verified": result.verified},
        )
    return identifier


def add_name(person: Person, new: NewName, *, by: Membership, source: str = "") -> PersonName:
    with transaction.atomic():
        _editable(person)
        name = _make_name(person, new, owner=by.agency, by=by, source=source)
        identity.reindex(person)
        record.change(by, "person.name_added", obj=name, person=person, detail={"kind": new.kind})
    return name


def add_address(
    person: Person,
    *,
    line_1: str,
    postcode: str,
    by: Membership,
    line_2: str = "",
    town: str = "",
    from_on: dt.date | None = None,
    to_on: dt.date | None = None,
    marking: str = Marking.PARTNERSHIP,
    end_current: bool = True,
) -> Address:
    """A new address period; the current one (if any) ends the day before (`end_current`). The postcode must be a
    real UK postcode."""
    normalised = _checked(identifiers_mod.check_postcode, postcode)
    start = from_on or timezone.localdate()
    with transaction.atomic():
        _editable(person)
        if end_current:
            Address.objects.filter(person=person, to_on__isnull=True, owning_agency_id=by.agency_id).exclude(
                from_on__gt=start
            ).update(to_on=start - dt.timedelta(days=1))
        address = Address.objects.create(
            person=person,
            line_1=line_1.strip(),
            line_2=line_2.strip(),
            town=town.strip(),
            postcode=normalised,
            postcode_as_supplied=postcode.strip(),
            from_on=start,
            to_on=to_on,
            owning_agency=by.agency,
            marking=marking,
        )
        identity.reindex(person)
        record.change(by, "person.address_added", obj=address, person=person)
    return address


def add_phone(
    person: Person, *, number: str, by: Membership, kind: str = PhoneKind.MOBILE, marking: str = Marking.PARTNERSHIP
) -> PhoneNumber:
    normalised = _checked(identifiers_mod.check_phone, number)
    with transaction.atomic():
        _editable(person)
        phone = PhoneNumber.objects.create(
            person=person,
            number=normalised,
            number_as_supplied=number.strip(),
            kind=kind,
            from_on=timezone.localdate(),
            owning_agency=by.agency,
            marking=marking,
            recorded_by=by,
        )
        record.change(by, "person.phone_added", obj=phone, person=person)
    return phone


def link_people(
    person: Person,
    *,
    other: Person,
    kind: str,
    by: Membership,
    from_on: dt.date | None = None,
    to_on: dt.date | None = None,
    marking: str = Marking.PARTNERSHIP,
) -> PersonLink:
    """Record a relationship: `other` is `person`'s `kind` (household, parent, sibling, carer, peer …)."""
    if person.pk == other.pk:
        raise ValidationError("A person cannot be related to themselves")
    if kind not in RelationshipKind.values:
        raise ValidationError("Select the relationship")
    with transaction.atomic():
        link = PersonLink.objects.create(
            person=person,
            other=other,
            kind=kind,
            from_on=from_on,
            to_on=to_on,
            recorded_by=by,
            owning_agency=by.agency,
            marking=marking,
        )
        record.change(by, "person.link_added", obj=link, person=person, detail={"kind": kind, "other": str(other.pk)})
    return link


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


# ---------------------------------------------------------------------------------------------------------------------
# Identity decisions: the review queue, merges and unmerges. People decide; nothing here runs on its own.


def queue_for_review(
    a: Person,
    b: Person,
    *,
    probability: float,
    decision: str,
    explanation: str,
    guards: Sequence[str] = (),
    match_weight: float = 0.0,
    origin: str,
    source: str = "",
    by: Any,
) -> MatchReview | None:
    """Put a pair the engine could not settle in front of a person. A pair already waiting is updated, a pair people
    decided are different is not asked again, and a pair already merged is skipped. Returns the review (or None)."""
    if a.pk == b.pk:
        return None
    first, second = merging.ordered_pair(a, b)
    pair = MatchReview.objects.filter(person_a=first, person_b=second)
    if pair.filter(status=ReviewStatus.DIFFERENT).exists():
        return None
    if _root_of(first).pk == _root_of(second).pk:
        return None
    with transaction.atomic():
        waiting = pair.filter(status__in=[ReviewStatus.OPEN, ReviewStatus.UNSURE]).first()
        values = {
            "probability": probability,
            "match_weight": match_weight,
            "decision": decision,
            "explanation": explanation,
            "guards": list(guards),
            "origin": origin,
            "source": source[:200],
        }
        if waiting is None:
            waiting = MatchReview.objects.create(person_a=first, person_b=second, **values)
            verb = "identity.review_queued"
        else:
            for k, v in values.items():
                setattr(waiting, k, v)
            waiting.save()
            verb = "identity.review_updated"
        record.change(
            by,
            verb,
            obj=waiting,
            person=first,
            detail={"other": str(second.pk), "origin": origin, "probability": round(probability, 6)},
        )
    return waiting


def _root_of(person: Person) -> Person:
    seen = {person.pk}
    while person.superseded_by_id is not None and person.superseded_by_id not in seen:
        seen.add(person.superseded_by_id)
        person = Person.objects.get(pk=person.superseded_by_id)
    return person


def merge_people(
    survivor: Person, merged: Person, *, by: Membership, reason: str = "", review: MatchReview | None = None
) -> Merge:
    """Record that two records are the same person. Non-destructive: `merged` is marked superseded by `survivor`;
    both are kept with their own data, owners and markings; nothing is moved. Both records' data at this moment is
    kept (`Merge.snapshot`) so `unmerge` can restore them exactly."""
    if survivor.pk == merged.pk:
        raise ValidationError("A record cannot be merged into itself")
    with transaction.atomic():
        locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[survivor.pk, merged.pk])}
        if len(locked) != 2:
            raise ValidationError("One of the records no longer exists")
        if any(p.superseded_by_id is not None for p in locked.values()):
            raise ValidationError("One of the records has already been merged into another: search again")
        snapshot = {"survivor": merging.snapshot(locked[survivor.pk]), "merged": merging.snapshot(locked[merged.pk])}
        now = timezone.now()
        merge = Merge.objects.create(
            survivor=locked[survivor.pk],
            merged=locked[merged.pk],
            review=review,
            reason=reason.strip(),
            snapshot=snapshot,
            merged_by=by,
            merged_at=now,
        )
        Person.objects.filter(pk=merged.pk).update(superseded_by=locked[survivor.pk])
        merged.superseded_by_id = survivor.pk
        identity.reindex(Person.objects.get(pk=merged.pk))
        identity.reindex(Person.objects.get(pk=survivor.pk))
        detail = {
            "survivor": str(survivor.pk),
            "merged": str(merged.pk),
            "review": str(review.pk) if review else None,
            "owning_agencies": sorted({p.owning_agency_id for p in locked.values()}),
        }
        record.change(by, "person.merged", obj=merge, person=survivor, detail=detail)
        record.change(by, "person.merged_into", obj=merge, person=merged, detail=detail)
    return merge


def unmerge(merge: Merge, *, by: Membership, reason: str) -> Merge:
    """Undo a merge: both records get back exactly their own fields, names, addresses, identifiers, phone numbers,
    relationships and markings as they were when merged. Whatever was attached to the survivor after the merge is
    listed (`Merge.to_assign`) for a practitioner to assign to one of the two records (`assign_after_unmerge`)."""
    if not reason.strip():
        raise ValidationError("Enter why the records are not the same person")
    with transaction.atomic():
        locked = Merge.objects.select_for_update().get(pk=merge.pk)
        if locked.unmerged_at is not None:
            raise ValidationError("These records have already been separated")
        merged = Person.objects.select_for_update().get(pk=locked.merged_id)
        if merged.merged_from.exists() and Merge.objects.filter(merged__superseded_by=merged).exists():
            pass  # records merged into the merged record stay with it
        survivor = Person.objects.select_for_update().get(pk=locked.survivor_id)
        if survivor.superseded_by_id is not None:
            raise ValidationError("The surviving record has since been merged into another: separate that first")
        attached = merging.attached_since(survivor, locked.merged_at)
        changed = {
            "survivor": merging.restore(locked.snapshot["survivor"]),
            "merged": merging.restore(locked.snapshot["merged"]),
        }
        locked.unmerged_at = timezone.now()
        locked.unmerged_by = by
        locked.unmerge_reason = reason.strip()
        locked.to_assign = [[a.label, a.id] for a in attached]
        locked.save()
        identity.reindex(Person.objects.get(pk=locked.merged_id))
        identity.reindex(Person.objects.get(pk=locked.survivor_id))
        detail = {
            "survivor": str(locked.survivor_id),
            "merged": str(locked.merged_id),
            "to_assign": len(attached),
            "restored_fields": changed,
        }
        record.change(by, "person.unmerged", obj=locked, person=locked.survivor_id, detail=detail)
        record.change(by, "person.unmerged", obj=locked, person=locked.merged_id, detail=detail)
    return locked


def assign_after_unmerge(merge: Merge, *, label: str, item_id: str, to: Person, by: Membership) -> Merge:
    """Assign one item attached to the survivor after a merge to one of the two separated records."""
    with transaction.atomic():
        locked = Merge.objects.select_for_update().get(pk=merge.pk)
        if locked.unmerged_at is None:
            raise ValidationError("The records are still merged")
        if to.pk not in (locked.survivor_id, locked.merged_id):
            raise ValidationError("Assign it to one of the two records")
        if [label, item_id] not in locked.to_assign:
            raise ValidationError("That item is not waiting to be assigned")
        merging.move(label, item_id, to)
        locked.assignments = {**locked.assignments, f"{label}|{item_id}": str(to.pk)}
        locked.to_assign = [pair for pair in locked.to_assign if pair != [label, item_id]]
        locked.save(update_fields=["assignments", "to_assign", "updated_at"])
        for person_id in (locked.survivor_id, locked.merged_id):
            identity.reindex(Person.objects.get(pk=person_id))
        record.change(by, "person.item_assigned", obj=locked, person=to, detail={"item": label, "id": item_id})
    return locked


def decide_review(
    review: MatchReview, *, decision: str, by: Membership, note: str = "", survivor: Person | None = None
) -> MatchReview:
    """A person's decision on a pair: the same person (the records are merged, `survivor` kept as the main record —
    by default the older one), different people (recorded, and used as a labelled pair when the model is trained),
    or not sure (the pair stays in the queue)."""
    if decision not in (ReviewStatus.SAME, ReviewStatus.DIFFERENT, ReviewStatus.UNSURE):
        raise ValidationError("Select whether these are the same person")
    if decision == ReviewStatus.DIFFERENT and not note.strip():
        raise ValidationError("Enter how you know these are different people")
    with transaction.atomic():
        locked = MatchReview.objects.select_for_update().get(pk=review.pk)
        if not locked.is_waiting:
            raise ValidationError("This pair has already been decided")
        a, b = Person.objects.get(pk=locked.person_a_id), Person.objects.get(pk=locked.person_b_id)
        locked.labelled_pair = {
            "a": identity.normalise(identity.describe(a)).as_dict(),
            "b": identity.normalise(identity.describe(b)).as_dict(),
        }
        locked.status = decision
        locked.decided_by = by
        locked.decided_at = timezone.now()
        locked.note = note.strip()
        locked.save()
        record.change(
            by,
            "identity.review_decided",
            obj=locked,
            person=a,
            detail={"other": str(b.pk), "decision": decision},
        )
        if decision == ReviewStatus.SAME:
            root_a, root_b = _root_of(a), _root_of(b)
            if root_a.pk != root_b.pk:
                keep = survivor if survivor is not None else min((root_a, root_b), key=lambda p: p.created_at)
                if keep.pk not in (root_a.pk, root_b.pk):
                    raise ValidationError("Choose one of the two records to keep")
                other = root_b if keep.pk == root_a.pk else root_a
                merge_people(keep, other, by=by, reason=note, review=locked)
    return locked
