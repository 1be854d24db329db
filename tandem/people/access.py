"""Who may see and change what about a person: the one place Tandem decides.

Pages, lists, search, the API and exports all use it.

Decision = acting role × the acting membership's relationship to the person × the marking of each piece of
information × the action. Deny by default.

Relationships (strongest first): allocated worker; member of a team with an open involvement (the front door's
involvement, opened when the person is linked to an open contact, is labelled `front-door`); member of a panel while
the person is on its agenda (registered by the meetings app); recipient of a time-limited share; information
governance review of the owning agency's records; break-glass (emergency access).

Markings: `partnership` — anyone with a relationship; `restricted` — the owning agency's members with a relationship,
or a share that names the item; `sealed` — only the named people. Roles without a practitioner duty hold no case
relationship, whatever their team does; they see a person only through a share (or, for IG leads, review).

Every function that returns person data registers a disclosure (`tandem.audit.record.disclose`) for exactly what it
returns, so the response's access event lists every person and section shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db import connection
from django.db.models import Exists, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.utils import timezone

from tandem.accounts import roles
from tandem.accounts.models import Agency, Membership
from tandem.accounts.roles import Role
from tandem.audit import record
from tandem.people.codes import Marking
from tandem.people.models import (
    Address,
    Allocation,
    EmergencyAccess,
    Involvement,
    InvolvementKind,
    MatchReview,
    Merge,
    Note,
    Person,
    PersonIdentifier,
    PersonLink,
    PersonName,
    PhoneNumber,
    Section,
    Share,
)


class Rel:
    ALLOCATED = "allocated"
    TEAM = "team"
    FRONT_DOOR = "front-door"
    PANEL = "panel"
    SHARE = "share"
    INFORMATION_GOVERNANCE = "information-governance"
    BREAK_GLASS = "break-glass"
    PERSON_INDEX = "person-index"
    IDENTITY_REVIEW = "identity-review"


#: Strongest first: the access event records the strongest relationship that granted the view.
STRENGTH = [Rel.ALLOCATED, Rel.TEAM, Rel.FRONT_DOOR, Rel.PANEL, Rel.SHARE, Rel.INFORMATION_GOVERNANCE, Rel.BREAK_GLASS]
#: Relationships that open the whole record (subject to markings); a share opens only what it names.
CASE_RELATIONSHIPS = frozenset({Rel.ALLOCATED, Rel.TEAM, Rel.FRONT_DOOR, Rel.PANEL, Rel.BREAK_GLASS})
#: Relationships that allow editing the owning agency's own information.
EDIT_RELATIONSHIPS = frozenset({Rel.ALLOCATED, Rel.TEAM, Rel.FRONT_DOOR})
#: Sections a share always includes (who the person is), besides those it names.
SHARE_BASE_SECTIONS = frozenset({Section.IDENTITY})

# Other apps (e.g. meetings) register sources of relationships: a function from a membership to a queryset of
# person ids, and a label. They are consulted for single records and lists alike. A source is called as
# `source(membership, at=moment)` and must take any time of day it compares with from `at` (see `visible_ids_sql`).
RelationshipSource = Callable[..., QuerySet[Any]]
_SOURCES: dict[str, RelationshipSource] = {}


def register_relationship_source(label: str, source: RelationshipSource) -> None:
    """Register the one source of a relationship label; registering a different one under the same label is a bug."""
    existing = _SOURCES.get(label)
    if existing is not None and existing is not source:
        raise ValueError(f"The relationship {label!r} already has a source ({existing.__module__}.{existing.__name__})")
    _SOURCES[label] = source


def _today() -> dt.date:
    return timezone.localdate()


def _is_practitioner(membership: Membership) -> bool:
    return membership.role in roles.PRACTITIONERS


# ---------------------------------------------------------------------------------------------------------------------
# Relationship queries: one subquery per relationship, so lists filter in the database.


def _allocated_ids(membership: Membership) -> QuerySet[Any]:
    today = _today()
    return Allocation.objects.current(today).filter(worker_id=membership.user_id).values("person_id")


def _team_ids(membership: Membership, *, front_door: bool) -> QuerySet[Any]:
    if membership.team_id is None:
        return Involvement.objects.none().values("person_id")
    qs = Involvement.objects.open(_today()).filter(team_id=membership.team_id)
    qs = qs.filter(kind=InvolvementKind.FRONT_DOOR) if front_door else qs.exclude(kind=InvolvementKind.FRONT_DOOR)
    return qs.values("person_id")


def _share_ids(membership: Membership, at: dt.datetime | None = None) -> QuerySet[Any]:
    return (
        Share.objects.active(at)
        .filter(Q(to_user_id=membership.user_id) | Q(to_agency_id=membership.agency_id))
        .values("person_id")
    )


def _break_glass_ids(membership: Membership, at: dt.datetime | None = None) -> QuerySet[Any]:
    return EmergencyAccess.objects.active(at).filter(membership_id=membership.pk).values("person_id")


def _ig_ids(membership: Membership) -> QuerySet[Any]:
    return Person.objects.filter(owning_agency_id=membership.agency_id).values("id")


def relationship_subqueries(membership: Membership, *, at: dt.datetime | None = None) -> dict[str, QuerySet[Any]]:
    """Each relationship this membership can hold, as a subquery of person ids (time-limited ones as at `at`, by
    default now)."""
    at = at or timezone.now()
    subqueries: dict[str, QuerySet[Any]] = {}
    if _is_practitioner(membership):
        subqueries[Rel.ALLOCATED] = _allocated_ids(membership)
        subqueries[Rel.TEAM] = _team_ids(membership, front_door=False)
        subqueries[Rel.FRONT_DOOR] = _team_ids(membership, front_door=True)
        for label, source in _SOURCES.items():
            subqueries[label] = source(membership, at=at)
    subqueries[Rel.SHARE] = _share_ids(membership, at)
    if membership.role == Role.INFORMATION_GOVERNANCE_LEAD:
        subqueries[Rel.INFORMATION_GOVERNANCE] = _ig_ids(membership)
    if membership.role in roles.BREAK_GLASS:
        subqueries[Rel.BREAK_GLASS] = _break_glass_ids(membership, at)
    return subqueries


def _marking_filter(membership: Membership) -> Q:
    """The person record's own marking: restricted records to the owning agency, sealed ones to the named people."""
    return (
        Q(marking=Marking.PARTNERSHIP)
        | Q(marking=Marking.RESTRICTED, owning_agency_id=membership.agency_id)
        | Q(marking=Marking.SEALED, sealed_to=membership.user_id)
    )


#: How long a chain of merges (A into B, B into C) access follows to the surviving record.
MERGE_DEPTH = 3


def _with_survivors(related: Q) -> Q:
    """A relationship with a record that was merged into another carries over to the record it was merged into
    (through chains of up to MERGE_DEPTH merges): each related record stands for its surviving record, found by
    following `superseded_by` (a current record is its own survivor). `related` is compiled once."""
    path = "superseded_by"
    hops = []
    for _ in range(MERGE_DEPTH):
        hops.append(path)
        path += "__superseded_by"
    survivor = Coalesce(*(F(f"{hop}__id") for hop in reversed(hops)), F("id"))
    roots = Person.objects.filter(related).annotate(survivor=survivor).values("survivor")
    return Q(pk__in=roots)


def merged_ids_query(person_id: uuid.UUID | str) -> QuerySet[Any]:
    """The person and every record merged into them (through chains of up to MERGE_DEPTH merges), as a subquery."""
    q = Q(pk=person_id)
    path = "superseded_by"
    for _ in range(MERGE_DEPTH):
        q |= Q(**{path: person_id})
        path += "__superseded_by"
    return Person.objects.filter(q).values("pk")


def visible_to(membership: Membership | None, *, at: dt.datetime | None = None) -> QuerySet[Person]:
    """People this membership has a relationship with and whose record marking it may see (time-limited
    relationships as at `at`, by default now)."""
    if membership is None:
        return Person.objects.none()
    # One subquery (a UNION of the relationships), not one per relationship joined by OR: PostgreSQL cannot use an
    # index for ORed subqueries, so it scanned every person (~O(register) per lookup); a union it looks up.
    subqueries = [subquery.order_by() for subquery in relationship_subqueries(membership, at=at).values()]
    related = Q(pk__in=subqueries[0].union(*subqueries[1:], all=True)) if subqueries else Q(pk__in=[])
    return Person.objects.current().filter(_with_survivors(related)).filter(_marking_filter(membership)).distinct()


#: Two moments no request has: `visible_ids_sql` compiles with each to find the parameters that hold the time of day.
_COMPILE_AT = (
    dt.datetime(1901, 2, 3, 4, 5, 6, 789012, tzinfo=dt.UTC),
    dt.datetime(1902, 3, 4, 5, 6, 7, 890123, tzinfo=dt.UTC),
)
#: Compiled `visible_to` SQL per (membership, day): (sql, parameters, positions of the time of day), or None when it
#: cannot be reused (a relationship source that reads the clock itself). Bounded; cleared when full.
_VISIBLE_SQL: dict[tuple[Any, ...], tuple[str, tuple[Any, ...], tuple[int, ...]] | None] = {}
VISIBLE_SQL_CACHE_SIZE = 2_000


def visible_ids_sql(membership: Membership) -> tuple[str, list[Any]]:
    """`visible_to(membership).values("pk")` as SQL and parameters, for raw statements about a handful of people
    (identity lookups). Building and compiling that ORM query costs ~10 ms, running it well under 1 ms, so the SQL
    is compiled once per membership and day (everything it depends on is in the cache key) and the time of day is
    bound on each call. It is compiled twice at two made-up moments: only parameters that follow the moment differ,
    and those are rebound; if any other parameter differs (something read the clock itself), nothing is cached."""
    today = _today()
    key = (
        connection.vendor,
        membership.pk,
        membership.role,
        membership.user_id,
        membership.agency_id,
        membership.team_id,
        today,
        tuple(_SOURCES.items()),
    )
    if key not in _VISIBLE_SQL:
        compiled = [visible_to(membership, at=at).values("pk").query.sql_with_params() for at in _COMPILE_AT]
        (sql, params), (sql_2, params_2) = compiled
        markers = [connection.ops.adapt_datetimefield_value(at) for at in _COMPILE_AT]
        slots = tuple(i for i, p in enumerate(params) if p == markers[0])
        same_shape = sql == sql_2 and len(params) == len(params_2)
        follows_at = same_shape and all(
            (p_2 == markers[1]) if i in slots else (p == p_2)
            for i, (p, p_2) in enumerate(zip(params, params_2, strict=True))
        )
        if len(_VISIBLE_SQL) >= VISIBLE_SQL_CACHE_SIZE:
            _VISIBLE_SQL.clear()
        _VISIBLE_SQL[key] = (sql, tuple(params), slots) if follows_at else None
    cached = _VISIBLE_SQL[key]
    if cached is None:
        sql, params = visible_to(membership).values("pk").query.sql_with_params()
        return sql, list(params)
    sql, params, slots = cached
    bound = list(params)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    for i in slots:
        bound[i] = now
    return sql, bound


def relationships_of(membership: Membership, person_id: uuid.UUID) -> frozenset[str]:
    """Every relationship the membership holds with one person, or with a record merged into them (one query)."""
    subqueries = relationship_subqueries(membership)
    if not subqueries:
        return frozenset()
    family = merged_ids_query(person_id)
    annotations = {f"rel_{i}": Exists(sq.filter(**_pk_filter(sq, family))) for i, sq in enumerate(subqueries.values())}
    row = Person.objects.filter(pk=person_id).annotate(**annotations).values(*annotations).first()
    if row is None:
        return frozenset()
    labels = list(subqueries)
    return frozenset(labels[i] for i in range(len(labels)) if row[f"rel_{i}"])


def _pk_filter(subquery: QuerySet[Any], people: QuerySet[Any]) -> dict[str, Any]:
    field_name = "id__in" if subquery.model is Person else "person_id__in"
    return {field_name: people}


# ---------------------------------------------------------------------------------------------------------------------
# Grants: what a membership may do with one person's record.


@dataclass
class Grant:
    membership: Membership
    person: Person
    relationships: frozenset[str]
    shared_sections: frozenset[str] = frozenset()
    shared_note_ids: frozenset[uuid.UUID] = frozenset()

    @property
    def relationship(self) -> str:
        return next(r for r in STRENGTH + sorted(self.relationships) if r in self.relationships)

    @property
    def is_break_glass(self) -> bool:
        return self.relationship == Rel.BREAK_GLASS

    @property
    def opens_case(self) -> bool:
        return bool(self.relationships & CASE_RELATIONSHIPS)

    def may_view_section(self, section: str) -> bool:
        if self.opens_case:
            return True
        if Rel.INFORMATION_GOVERNANCE in self.relationships:
            return section in {Section.IDENTITY, Section.INVOLVEMENTS}
        return section in SHARE_BASE_SECTIONS or section in self.shared_sections

    def may_see(
        self, *, owning_agency_id: int, marking: str, sealed_to: Iterable[int] = (), shared: bool = False
    ) -> bool:
        if marking == Marking.PARTNERSHIP:
            return True
        if marking == Marking.RESTRICTED:
            return owning_agency_id == self.membership.agency_id or shared
        if marking == Marking.SEALED:
            return self.membership.user_id in set(sealed_to)
        return False

    def may_edit(self, *, owning_agency_id: int) -> bool:
        return (
            _is_practitioner(self.membership)
            and bool(self.relationships & EDIT_RELATIONSHIPS)
            and owning_agency_id == self.membership.agency_id
        )


def grant_for(membership: Membership | None, person: Person) -> Grant | None:
    if membership is None:
        return None
    relationships = relationships_of(membership, person.pk)
    if not relationships:
        return None
    if not Grant(membership, person, relationships).may_see(
        owning_agency_id=person.owning_agency_id,
        marking=person.marking,
        sealed_to=person.sealed_to.values_list("id", flat=True) if person.marking == Marking.SEALED else (),
    ):
        return None
    shared_sections: set[str] = set()
    shared_notes: set[uuid.UUID] = set()
    # Shares are read for every relationship: a share can open a restricted item to someone already involved.
    shares = (
        Share.objects.active()
        .filter(person_id__in=merged_ids_query(person.pk))
        .filter(Q(to_user_id=membership.user_id) | Q(to_agency_id=membership.agency_id))
    )
    for share in shares.prefetch_related("notes"):
        shared_sections.update(share.sections)
        shared_notes.update(n.pk for n in share.notes.all())
    return Grant(membership, person, relationships, frozenset(shared_sections), frozenset(shared_notes))


def _deny(request: HttpRequest, person_id: uuid.UUID | str, why: str) -> Http404:
    """Refuse as if the record did not exist; record a security event when it does."""
    if Person.objects.filter(pk=person_id).exists():
        record.security_event(request, "access.denied", person=person_id, detail={"why": why, "path": request.path})
    return Http404("No such person, or you do not have access")


def get_person_for(request: HttpRequest, person_id: uuid.UUID | str, *, to: str = "view") -> PersonRecord:
    """The only way a view reaches one person's record. Raises 404 (and records the denial) without access."""
    membership = getattr(request, "acting", None)
    try:
        pid = uuid.UUID(str(person_id))
    except ValueError:
        raise Http404("No such person") from None
    person = Person.objects.select_related("owning_agency", "superseded_by").filter(pk=pid).first()
    if person is None or membership is None:
        raise Http404("No such person")
    grant = grant_for(membership, person)
    if grant is None:
        raise _deny(request, pid, "no relationship")
    if to == "edit" and not grant.may_edit(owning_agency_id=person.owning_agency_id):
        raise _deny(request, pid, "no edit rights")
    return PersonRecord(request, person, grant)


# ---------------------------------------------------------------------------------------------------------------------
# The record as a viewer may see it. Each property registers the disclosure of its section when read.


@dataclass(frozen=True)
class IdentityView:
    id: uuid.UUID
    kind: str
    given_name: str
    middle_names: str
    family_name: str
    known_as: str
    date_of_birth: dt.date | None
    dob_precision: str
    sex: str
    sex_label: str
    age: int | None
    addresses: tuple[Address, ...]
    owning_agency: str
    superseded_by_id: uuid.UUID | None
    names: tuple[PersonName, ...] = ()
    identifiers: tuple[PersonIdentifier, ...] = ()
    phones: tuple[PhoneNumber, ...] = ()
    expected_delivery_on: dt.date | None = None
    merged_ids: tuple[uuid.UUID, ...] = ()

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)

    def from_merged(self, item: Any) -> bool:
        """Whether an item (address, name, identifier…) belongs to a record merged into this one."""
        return getattr(item, "person_id", self.id) != self.id


@dataclass(frozen=True)
class EqualityView:
    ethnicity: str
    ethnicity_label: str
    religion: str
    disabilities: tuple[str, ...]
    sexual_orientation: str
    gender_identity: str
    first_language: str
    needs_interpreter: bool


@dataclass(frozen=True)
class LinkView:
    kind: str
    kind_label: str
    other_id: uuid.UUID
    other_name: str
    other_visible: bool


@dataclass
class PersonRecord:
    request: HttpRequest
    person: Person = field(repr=False)
    grant: Grant

    @property
    def id(self) -> uuid.UUID:
        return self.person.pk

    @property
    def relationship(self) -> str:
        return self.grant.relationship

    def _disclose(self, section: str) -> None:
        record.disclose(self.request, self.person.pk, sections=[section], relationship=self.grant.relationship)

    def may_view(self, section: str) -> bool:
        return self.grant.may_view_section(section)

    @cached_property
    def merged_ids(self) -> tuple[uuid.UUID, ...]:
        """Records merged into this one (their items show here, each still filtered by its marking)."""
        return tuple(pk for pk in merged_ids_query(self.person.pk).values_list("pk", flat=True) if pk != self.person.pk)

    @property
    def family_ids(self) -> list[uuid.UUID]:
        return [self.person.pk, *self.merged_ids]

    def _visible(self, items: Iterable[Any]) -> tuple[Any, ...]:
        return tuple(i for i in items if self.grant.may_see(owning_agency_id=i.owning_agency_id, marking=i.marking))

    @cached_property
    def identity(self) -> IdentityView:
        self._disclose(Section.IDENTITY)
        p = self.person
        ids = self.family_ids
        addresses = self._visible(Address.objects.filter(person_id__in=ids).order_by("-from_on"))
        return IdentityView(
            id=p.pk,
            kind=p.kind,
            given_name=p.given_name,
            middle_names=p.middle_names,
            family_name=p.family_name,
            known_as=p.known_as,
            date_of_birth=p.date_of_birth,
            dob_precision=p.dob_precision,
            sex=p.sex,
            sex_label=p.get_sex_display(),
            age=p.age_on(),
            addresses=addresses,
            owning_agency=p.owning_agency.name,
            superseded_by_id=p.superseded_by_id,
            names=self._visible(PersonName.objects.filter(person_id__in=ids).select_related("owning_agency")),
            identifiers=self._visible(
                PersonIdentifier.objects.filter(person_id__in=ids)
                .select_related("owning_agency")
                .order_by("scheme", "-valid_from")
            ),
            phones=self._visible(PhoneNumber.objects.filter(person_id__in=ids).select_related("owning_agency")),
            expected_delivery_on=p.expected_delivery_on,
            merged_ids=self.merged_ids,
        )

    @cached_property
    def equality(self) -> EqualityView | None:
        p = self.person
        if not self.may_view(Section.EQUALITY) and Section.EQUALITY not in self.grant.shared_sections:
            return None
        shared = Section.EQUALITY in self.grant.shared_sections
        if not self.grant.may_see(owning_agency_id=p.owning_agency_id, marking=p.equality_marking, shared=shared):
            return None
        self._disclose(Section.EQUALITY)
        return EqualityView(
            ethnicity=p.ethnicity,
            ethnicity_label=p.get_ethnicity_display(),
            religion=p.religion,
            disabilities=tuple(p.disability_labels()),
            sexual_orientation=p.sexual_orientation,
            gender_identity=p.gender_identity,
            first_language=p.first_language,
            needs_interpreter=p.needs_interpreter,
        )

    @cached_property
    def involvements(self) -> list[Involvement]:
        if not self.may_view(Section.INVOLVEMENTS):
            return []
        self._disclose(Section.INVOLVEMENTS)
        return list(
            Involvement.objects.open()
            .filter(person_id__in=self.family_ids)
            .select_related("agency", "team")
            .order_by("opened_on")
        )

    @cached_property
    def notes(self) -> list[Note]:
        if not self.may_view(Section.NOTES) and not self.grant.shared_note_ids:
            return []
        candidates = (
            Note.objects.filter(person_id__in=self.family_ids)
            .select_related("owning_agency", "author__user")
            .prefetch_related("sealed_to")
        )
        visible = []
        for note in candidates:
            shared = note.pk in self.grant.shared_note_ids
            if not self.may_view(Section.NOTES) and not shared:
                continue
            if self.grant.may_see(
                owning_agency_id=note.owning_agency_id,
                marking=note.marking,
                sealed_to=[u.pk for u in note.sealed_to.all()],
                shared=shared,
            ):
                visible.append(note)
        if visible:
            self._disclose(Section.NOTES)
        return visible

    @cached_property
    def links(self) -> list[LinkView]:
        if not self.may_view(Section.RELATIONSHIPS):
            return []
        links = [
            link
            for link in PersonLink.objects.filter(person_id__in=self.family_ids).select_related("other")
            if self.grant.may_see(owning_agency_id=link.owning_agency_id, marking=link.marking)
        ]
        if not links:
            return []
        self._disclose(Section.RELATIONSHIPS)
        views = []
        for link in links:
            other = link.other
            # The other person's name is part of this record; it is a disclosure about them too.
            record.disclose(self.request, other.pk, sections=[Section.INDEX], relationship=self.grant.relationship)
            visible = visible_to(self.grant.membership).filter(pk=other.pk).exists()
            views.append(
                LinkView(
                    kind=link.kind,
                    kind_label=link.get_kind_display(),
                    other_id=other.pk,
                    other_name=other.full_name,
                    other_visible=visible,
                )
            )
        return views

    def may_edit(self) -> bool:
        return self.grant.may_edit(owning_agency_id=self.person.owning_agency_id)


# ---------------------------------------------------------------------------------------------------------------------
# Lists and search.


@dataclass(frozen=True)
class IndexEntry:
    """Minimal demographics from the person index: enough to tell people apart, no case content."""

    id: uuid.UUID
    full_name: str
    date_of_birth: dt.date | None
    dob_precision: str
    sex_label: str
    partial_postcode: str
    agencies_involved: tuple[str, ...]
    is_related: bool
    relationship: str
    may_request_emergency_access: bool


def may_search_index(membership: Membership | None) -> bool:
    return membership is not None and membership.role in roles.FRONT_DOOR_DUTY


@dataclass(frozen=True)
class _Listed:
    """What an index entry shows of the person record itself."""

    id: uuid.UUID
    full_name: str
    date_of_birth: dt.date | None
    dob_precision: str
    sex_label: str


def index_entries(
    request: HttpRequest, people: Iterable[Person], *, purpose: str, related_ids: set[uuid.UUID] | None = None
) -> list[IndexEntry]:
    """Minimal demographics for people found by a search, each disclosed with the search's purpose."""
    membership: Membership = request.acting  # type: ignore[attr-defined]
    listed = [_Listed(p.pk, p.full_name, p.date_of_birth, p.dob_precision, p.get_sex_display()) for p in people]
    if related_ids is None:
        related_ids = related_among(membership, [p.id for p in listed])
    return _index_entries(request, listed, purpose=purpose, related_ids=related_ids)


def index_entries_by_id(
    request: HttpRequest, ids: Iterable[uuid.UUID], *, purpose: str, related_ids: set[uuid.UUID] | None = None
) -> list[IndexEntry]:
    """`index_entries` for people known by id (identity lookups, which hold only ids): the people, and whether the
    caller has a relationship with each (`visible_to`) unless `related_ids` says, in one statement."""
    membership: Membership = request.acting  # type: ignore[attr-defined]
    ids = list(ids)
    if not ids:
        return []
    table = Person._meta.db_table
    pk = Person._meta.pk
    assert pk is not None  # noqa: S101 - every model has one
    params: list[Any] = []
    related_column = "0"
    if related_ids is None:
        sql, params = visible_ids_sql(membership)
        related_column = f"CASE WHEN p.id IN ({sql}) THEN 1 ELSE 0 END"
    params += [pk.get_db_prep_value(i, connection) for i in ids]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id, p.given_name, p.family_name, p.date_of_birth, p.dob_precision, p.sex, {related_column} "  # noqa: S608 - our SQL
            f"FROM {table} p WHERE p.id IN ({', '.join(['%s'] * len(ids))})",
            params,
        )
        rows = cursor.fetchall()
    born = Person._meta.get_field("date_of_birth")
    sexes = dict(Person._meta.get_field("sex").flatchoices)
    found: dict[uuid.UUID, _Listed] = {}
    related: set[uuid.UUID] = set()
    for pid, given, family, dob, precision, sex, is_related in rows:
        person_id = pid if isinstance(pid, uuid.UUID) else pk.to_python(pid)
        found[person_id] = _Listed(
            person_id,
            " ".join(n for n in (given, family) if n),  # Person.full_name
            born.to_python(dob),
            precision,
            str(sexes.get(sex, sex)),
        )
        if is_related:
            related.add(person_id)
    listed = [found[i] for i in ids if i in found]
    return _index_entries(request, listed, purpose=purpose, related_ids=related if related_ids is None else related_ids)


def _involved_and_postcodes(ids: list[uuid.UUID]) -> tuple[dict[uuid.UUID, set[str]], dict[uuid.UUID, str]]:
    """For each person: the agencies with an open involvement (`Involvement.objects.open()`: opened on or before
    today, not closed before today) and the partial postcode of their latest address marked partnership (latest
    `from_on` first, undated last) — in one statement."""
    if not ids:
        return {}, {}
    pk = Person._meta.pk
    assert pk is not None  # noqa: S101 - every model has one
    today = connection.ops.adapt_datefield_value(_today())
    values = [pk.get_db_prep_value(i, connection) for i in ids]
    placeholders = ", ".join(["%s"] * len(ids))
    involvement, agency, address = Involvement._meta.db_table, Agency._meta.db_table, Address._meta.db_table
    sql = (
        f"SELECT 0, i.person_id, g.name, NULL FROM {involvement} i JOIN {agency} g ON g.id = i.agency_id "  # noqa: S608 - our SQL
        f"WHERE i.person_id IN ({placeholders}) AND i.opened_on <= %s AND (i.closed_on IS NULL OR i.closed_on >= %s) "
        f"UNION ALL SELECT 1, a.person_id, a.postcode, a.from_on FROM {address} a "
        f"WHERE a.person_id IN ({placeholders}) AND a.marking = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, today, today, *values, Marking.PARTNERSHIP.value])
        rows = cursor.fetchall()
    agencies: dict[uuid.UUID, set[str]] = {}
    addresses: dict[uuid.UUID, list[tuple[bool, str, str]]] = {}
    for kind, pid, text, from_on in rows:
        person_id = pid if isinstance(pid, uuid.UUID) else pk.to_python(pid)
        if kind == 0:
            agencies.setdefault(person_id, set()).add(text)
        else:
            # ISO dates (text on SQLite) order as dates; an undated address sorts after every dated one.
            addresses.setdefault(person_id, []).append((from_on is not None, str(from_on or ""), text))
    postcodes = {}
    for person_id, found in addresses.items():
        _, _, postcode = max(found, key=lambda a: (a[0], a[1]))
        postcodes[person_id] = Address(postcode=postcode).partial_postcode
    return agencies, postcodes


def _index_entries(
    request: HttpRequest, people: list[_Listed], *, purpose: str, related_ids: set[uuid.UUID]
) -> list[IndexEntry]:
    membership: Membership = request.acting  # type: ignore[attr-defined]
    agencies, postcodes = _involved_and_postcodes([p.id for p in people])
    record.set_purpose(request, purpose)
    entries = []
    for p in people:
        related = p.id in related_ids
        relationship = Rel.PERSON_INDEX
        record.disclose(request, p.id, sections=[Section.INDEX], relationship=relationship)
        entries.append(
            IndexEntry(
                id=p.id,
                full_name=p.full_name,
                date_of_birth=p.date_of_birth,
                dob_precision=p.dob_precision,
                sex_label=p.sex_label,
                partial_postcode=postcodes.get(p.id, ""),
                agencies_involved=tuple(sorted(agencies.get(p.id, ()))),
                is_related=related,
                relationship=relationship,
                may_request_emergency_access=not related and membership.role in roles.BREAK_GLASS,
            )
        )
    return entries


def related_among(membership: Membership, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these people `visible_to(membership)` includes (one statement; see `visible_ids_sql`)."""
    ids = list(ids)
    if not ids:
        return set()
    sql, params = visible_ids_sql(membership)
    table = Person._meta.db_table
    pk = Person._meta.pk
    assert pk is not None  # noqa: S101 - every model has one
    placeholders = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT p.id FROM {table} p WHERE p.id IN ({placeholders}) AND p.id IN ({sql})",  # noqa: S608 - our SQL
            [pk.get_db_prep_value(i, connection) for i in ids] + params,
        )
        return {i if isinstance(i, uuid.UUID) else pk.to_python(i) for (i,) in cursor.fetchall()}


def index_searchable(membership: Membership) -> QuerySet[Person]:
    """The whole register as the person index tier sees it (records marked restricted or sealed stay hidden)."""
    return Person.objects.current().filter(_marking_filter(membership)).distinct()


def may_request_emergency_access(membership: Membership | None) -> bool:
    return membership is not None and membership.role in roles.BREAK_GLASS


def emergency_access_target(request: HttpRequest, person_id: uuid.UUID | str) -> Person:
    """A person the acting membership may request emergency access to: visible in the index, not already related."""
    membership = getattr(request, "acting", None)
    if membership is None or not may_request_emergency_access(membership):
        raise Http404("Emergency access is not available in your role")
    try:
        pid = uuid.UUID(str(person_id))
    except ValueError:
        raise Http404("No such person") from None
    person = index_searchable(membership).filter(pk=pid).first()
    if person is None:
        raise _deny(request, pid, "emergency access target not in index")
    return person


def hidden_exact_matches(request: HttpRequest, people: QuerySet[Person]) -> list[uuid.UUID]:
    """For roles without the person index: people matching a search exactly (full name and date of birth) whom the
    user cannot see. Only the fact that such a record exists is disclosed, so that break-glass can start from it."""
    membership: Membership = request.acting  # type: ignore[attr-defined]
    visible = visible_to(membership).values("pk")
    ids = list(people.filter(_marking_filter(membership)).exclude(pk__in=visible).values_list("pk", flat=True)[:5])
    for pid in ids:
        record.disclose(request, pid, sections=[Section.EXISTENCE], relationship=Rel.PERSON_INDEX)
    return ids


# ---------------------------------------------------------------------------------------------------------------------
# Identity review: deciding whether two records are the same person (the review queue, merges and unmerges).

#: Roles that may decide: front-door practitioners and managers (they resolve contacts against the whole person index)
#: and team managers (for people their teams work with).
IDENTITY_REVIEWERS = frozenset({Role.FRONT_DOOR_PRACTITIONER, Role.FRONT_DOOR_MANAGER, Role.TEAM_MANAGER})
REVIEW_PURPOSE = "Deciding whether two records are the same person"


def may_review_identity(membership: Membership | None) -> bool:
    return membership is not None and membership.role in IDENTITY_REVIEWERS


def reviewable_people(membership: Membership) -> QuerySet[Person]:
    """Records a reviewer may compare: for front-door roles the register (records restricted or sealed to others
    stay hidden, merged records included); for team managers only people they have a relationship with."""
    if not may_review_identity(membership):
        return Person.objects.none()
    if may_search_index(membership):
        return Person.objects.filter(_marking_filter(membership)).distinct()
    return visible_to(membership)


def review_queue(membership: Membership) -> QuerySet[MatchReview]:
    """Pairs waiting for a decision whose two records the membership may compare."""
    allowed = reviewable_people(membership).values("pk")
    return MatchReview.objects.filter(
        status__in=["open", "unsure"], person_a_id__in=allowed, person_b_id__in=allowed
    ).select_related("person_a", "person_b")


def review_for(request: HttpRequest, review_id: uuid.UUID | str) -> MatchReview:
    membership = getattr(request, "acting", None)
    review = MatchReview.objects.filter(pk=review_id).select_related("person_a", "person_b").first()
    if review is None or membership is None:
        raise Http404("No such review")
    allowed = reviewable_people(membership).filter(pk__in=[review.person_a_id, review.person_b_id]).count()
    if allowed != 2:
        raise _deny(request, review.person_a_id, "identity review without access to both records")
    return review


def identity_for_review(request: HttpRequest, person: Person) -> IdentityView:
    """One side of a side-by-side comparison: the identity section (each item filtered by its marking), disclosed
    with the relationship `identity-review`. Callers have checked the person is reviewable (`review_for`,
    `merge_for`)."""
    record.set_purpose(request, REVIEW_PURPOSE)
    grant = Grant(request.acting, person, frozenset({Rel.IDENTITY_REVIEW}))  # type: ignore[attr-defined]
    return PersonRecord(request, person, grant).identity


def merge_for(request: HttpRequest, merge_id: uuid.UUID | str) -> Merge:
    """A merge a reviewer may separate: they may compare the surviving record (and so the merged one)."""
    membership = getattr(request, "acting", None)
    merge = Merge.objects.filter(pk=merge_id).select_related("survivor", "merged").first()
    if merge is None or membership is None or not may_review_identity(membership):
        raise Http404("No such merge")
    people = reviewable_people(membership)
    if may_search_index(membership):
        ok = people.filter(pk__in=[merge.survivor_id, merge.merged_id]).count() == 2
    else:
        ok = people.filter(pk=merge.survivor_id).exists() or people.filter(pk=merge.merged_id).exists()
    if not ok:
        raise _deny(request, merge.survivor_id, "unmerge without access")
    return merge
