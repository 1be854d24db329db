"""Seed steps for the people register: synthetic households, and the relationships that give each demo role people
it may see (and leave others it may not).

`seed_people` streams households from the generator and writes them with raw `executemany` (PostgreSQL: `COPY`) in
large transactions, indexing them for identity matching (`MatchEntry`, `MatchKey`) in the same pass, so a million
people take minutes and a few hundred megabytes. Each transaction is audited as one batch.
"""

from __future__ import annotations

import collections
import datetime as dt
import multiprocessing
import os
import random
import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from tandem.accounts.models import Agency, Membership, Team, User
from tandem.audit import record
from tandem.audit.record import Actor
from tandem.people import bulk, identity
from tandem.people.codes import Ethnicity, Marking
from tandem.people.matching import NORMALISATION_VERSION, PersonDescription
from tandem.people.models import (
    Address,
    Allocation,
    Involvement,
    InvolvementKind,
    MatchEntry,
    Note,
    Person,
    PersonIdentifier,
    PersonKind,
    PersonLink,
    RelationshipKind,
    Share,
)
from tandem.people.synthetic import SyntheticHousehold, iter_households

ACTOR = Actor.system("seed_demo")
#: People per transaction (and per audit event).
BATCH = 20_000
ETHNICITIES = [e.value for e in Ethnicity]
#: Share of people given a (synthetic, never-issued 9xx) NHS number.
NHS_SHARE = 0.9


def synthetic_nhs_number(rng: random.Random) -> str:
    """A 10-digit number in the 999 range the NHS never issues, with a valid check digit."""
    while True:
        body = f"999{rng.randrange(10**6):06d}"
        check = 11 - sum(int(d) * (10 - i) for i, d in enumerate(body)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return body + str(check)


# ---------------------------------------------------------------------------------------------------------------------
# Raw writes: one column list per table, values prepared once per type for the database in use.


@dataclass
class _Batch:
    people: list[tuple[Any, ...]]
    addresses: list[tuple[Any, ...]]
    links: list[tuple[Any, ...]]
    identifiers: list[tuple[Any, ...]]
    index: list[tuple[Any, str, str, list[int]]]  # (person id as written, data, keys text, key hashes)
    households: int


def _rows(
    homes: Sequence[SyntheticHousehold], *, rng: random.Random, owner_id: int, now: dt.datetime, prep: bulk.Prep
) -> _Batch:
    """Every row for a chunk of households, ready to write (pure computation: runs in a worker process)."""
    today = timezone.localdate()
    batch = _Batch([], [], [], [], [], len(homes))
    stamp = prep.stamp(now)
    uid, day = prep.uid, prep.day
    for home in homes:
        for member in home.members:
            age_years = (today - member.date_of_birth).days // 365
            kind = PersonKind.CHILD if member.is_child and age_years < 18 else PersonKind.ADULT
            pid = uid(member.id)
            batch.people.append(
                (
                    pid, stamp, stamp, 1, kind, member.given_name, "", member.family_name, "",
                    day(member.date_of_birth), "day", member.sex, rng.choice(ETHNICITIES), "", "[]", "", "", "",
                    False, Marking.RESTRICTED, owner_id, Marking.PARTNERSHIP, "seed_demo",
                )
            )  # fmt: skip
            from_on = member.date_of_birth if member.is_child else today - dt.timedelta(days=rng.randint(60, 3000))
            batch.addresses.append(
                (
                    uid(_uuid(rng)), stamp, stamp, pid, home.line_1, "", home.town, home.postcode, home.postcode,
                    day(from_on), "seed_demo", owner_id, Marking.PARTNERSHIP,
                )
            )  # fmt: skip
            nhs = synthetic_nhs_number(rng) if rng.random() < NHS_SHARE else ""
            if nhs:
                batch.identifiers.append(
                    (
                        uid(_uuid(rng)), stamp, stamp, pid, "nhs", "", nhs, nhs, True, "seed_demo", owner_id,
                        Marking.PARTNERSHIP,
                    )
                )  # fmt: skip
            description = PersonDescription(
                given_names=(member.given_name,),
                family_names=(member.family_name,),
                date_of_birth=member.date_of_birth,
                sex="M" if member.sex == "1" else "F" if member.sex == "2" else None,
                postcodes=(home.postcode,),
                address_lines=(f"{home.line_1}, {home.town}",),
                nhs_number=nhs or None,
                record_id=str(member.id),
            )
            batch.index.append((pid, *identity.index_row(description)))
        for child in home.children:
            for adult in home.adults:
                batch.links.append(
                    (
                        uid(_uuid(rng)), stamp, stamp, uid(child.id), uid(adult.id), RelationshipKind.PARENT,
                        "seed_demo", owner_id, Marking.PARTNERSHIP,
                    )
                )  # fmt: skip
            for sibling in home.children:
                if sibling.id != child.id:
                    batch.links.append(
                        (
                            uid(_uuid(rng)), stamp, stamp, uid(child.id), uid(sibling.id), RelationshipKind.SIBLING,
                            "seed_demo", owner_id, Marking.PARTNERSHIP,
                        )
                    )  # fmt: skip
    return batch


def _uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _prepare(job: tuple[list[SyntheticHousehold], str, int, dt.datetime, bool]) -> _Batch:
    homes, rng_seed, owner_id, now, sqlite = job
    return _rows(homes, rng=random.Random(rng_seed), owner_id=owner_id, now=now, prep=bulk.Prep(sqlite=sqlite))


def write_batch(batch: _Batch) -> None:
    """Write one batch of people, their addresses, NHS numbers, relationships and index rows (in the caller's
    transaction)."""
    bulk.Writer(Person, bulk.PERSON_FIELDS).write(batch.people)
    bulk.Writer(Address, bulk.ADDRESS_FIELDS).write(batch.addresses)
    bulk.Writer(PersonIdentifier, bulk.IDENTIFIER_FIELDS).write(batch.identifiers)
    bulk.Writer(PersonLink, bulk.LINK_FIELDS).write(batch.links)
    bulk.write_index(batch.index, bulk.Prep.here())


def seed_people(
    *, count: int, seed: int, owner: Agency, progress: Callable[[int], None] | None = None, workers: int | None = None
) -> int:
    """Add synthetic households until the register holds at least `count` people. Safe to re-run. Returns how many
    people were added. Rows are computed in `workers` processes (default: one per CPU, at most 2) while this
    process writes."""
    if Person.objects.exists() and (
        MatchEntry.objects.count() < Person.objects.current().count()
        or MatchEntry.objects.exclude(version=NORMALISATION_VERSION).exists()
    ):
        index_unindexed()
    existing = Person.objects.count()
    if existing >= count:
        return 0
    now = timezone.now()
    sqlite = connection.vendor == "sqlite"
    homes = iter_households(seed + existing, count - existing)
    jobs = (
        (chunk, f"seed_people:{seed}:{existing}:{number}", owner.pk, now, sqlite)
        for number, chunk in enumerate(iter(lambda: _take(homes, BATCH), []))
    )
    if sqlite:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA cache_size=-262144")  # 256 MB of page cache while seeding: random B-tree inserts
    workers = min(2, os.cpu_count() or 1) if workers is None else workers
    added = 0
    for batch in _in_workers(jobs, workers):
        with transaction.atomic():
            write_batch(batch)
            record.change(
                ACTOR,
                "people.seeded",
                detail={"people": len(batch.people), "households": batch.households, "index_rows": len(batch.index)},
            )
        added += len(batch.people)
        if progress:
            progress(len(batch.people))
    bulk.refresh_statistics()
    identity.model_changed()
    return added


def _in_workers(jobs: Iterator[Any], workers: int) -> Iterator[_Batch]:
    """Batches in order, computed `workers` at a time in forked processes (or here, with 0 workers), with at most
    `workers + 1` batches in flight so memory stays bounded."""
    if workers <= 0:
        yield from map(_prepare, jobs)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(workers) as pool:
        pending: collections.deque[Any] = collections.deque()
        for job in jobs:
            pending.append(pool.apply_async(_prepare, (job,)))
            if len(pending) > workers:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def _take(homes: Iterator[SyntheticHousehold], people: int) -> list[SyntheticHousehold]:
    """Households until about `people` people."""
    chunk: list[SyntheticHousehold] = []
    made = 0
    for home in homes:
        chunk.append(home)
        made += len(home.members)
        if made >= people:
            break
    return chunk


def index_unindexed(*, batch_size: int = 2000) -> int:
    """Index current people who have no index entry (after a migration rebuilt the index tables) or whose entry was
    made by another version of the engine's normalisation (its keys would no longer meet the queries')."""
    stale = list(MatchEntry.objects.exclude(version=NORMALISATION_VERSION).values_list("pk", "keys")[: 10**9])
    for start in range(0, len(stale), batch_size):
        with transaction.atomic():
            identity.drop_entries(stale[start : start + batch_size])
    ids = list(Person.objects.current().filter(match_entry__isnull=True).values_list("pk", flat=True))
    done = 0
    for start in range(0, len(ids), batch_size):
        with transaction.atomic():
            people = list(Person.objects.filter(pk__in=ids[start : start + batch_size]))
            done += identity.index_people(identity.describe_many(people))
    return done


def _team(agency_slug: str, team_slug: str) -> Team:
    return Team.objects.select_related("agency").get(agency__slug=agency_slug, slug=team_slug)


def give_demo_roles_people(*, seed: int) -> None:
    """Involvements, allocations, notes and shares so that every demo role has people it may see, and not others."""
    if Involvement.objects.filter(source="seed_demo").exists():
        return
    rng = random.Random(seed * 7919)
    today = timezone.localdate()
    children = list(
        Person.objects.filter(kind=PersonKind.CHILD, date_of_birth__lte=today - dt.timedelta(days=365 * 10)).order_by(
            "id"
        )[:400]
    )
    adults = list(Person.objects.filter(kind=PersonKind.ADULT).order_by("id")[:50])
    if len(children) < 120:
        return
    plan = [
        ("wyvern-vale-csc", "exploitation", InvolvementKind.EXPLOITATION, children[0:25]),
        ("wyvern-vale-csc", "child-protection", InvolvementKind.CHILD_PROTECTION, children[25:40]),
        ("wyvern-vale-csc", "assessment", InvolvementKind.ASSESSMENT, children[40:55]),
        ("wyvern-vale-police", "public-protection", InvolvementKind.POLICE, children[0:10] + children[55:70]),
        ("wyvern-vale-nhs", "safeguarding", InvolvementKind.HEALTH, children[5:15] + children[70:80]),
        ("riverside-academy", "pastoral", InvolvementKind.EDUCATION, children[0:20] + children[80:100]),
        ("wyvern-vale-yjs", "yjs", InvolvementKind.YOUTH_JUSTICE, children[2:8] + children[100:106]),
        ("safe-steps", "rhi", InvolvementKind.VOLUNTARY, children[3:9]),
        ("probation-wyvern-vale", "offender-management", InvolvementKind.PROBATION, adults[0:8]),
    ]
    with transaction.atomic():
        rows = []
        for agency_slug, team_slug, kind, people in plan:
            team = _team(agency_slug, team_slug)
            for person in people:
                rows.append(
                    Involvement(
                        person=person,
                        agency=team.agency,
                        team=team,
                        kind=kind,
                        opened_on=today - dt.timedelta(days=rng.randint(10, 400)),
                        source="seed_demo",
                    )
                )
        Involvement.objects.bulk_create(rows)
        social_worker = User.objects.filter(username="tom.hughes").first()
        if social_worker is not None:
            team = _team("wyvern-vale-csc", "exploitation")
            Allocation.objects.bulk_create(
                [
                    Allocation(person=p, worker=social_worker, team=team, starts_on=today - dt.timedelta(days=30))
                    for p in children[0:6]
                ]
            )
        csc = Agency.objects.get(slug="wyvern-vale-csc")
        police = Agency.objects.get(slug="wyvern-vale-police")
        health = Agency.objects.get(slug="wyvern-vale-nhs")
        author = Membership.objects.filter(user__username="tom.hughes").first()
        officer = Membership.objects.filter(user__username="pc.liam.walsh").first()
        nurse = Membership.objects.filter(user__username="hannah.price").first()
        for child in children[0:10]:
            Note.objects.create(
                person=child,
                owning_agency=csc,
                author=author,
                text=f"Home visit. {child.given_name} was seen alone and talked about school and friends.",
                marking=Marking.PARTNERSHIP,
            )
            Note.objects.create(
                person=child,
                owning_agency=police,
                author=officer,
                text="Intelligence (graded B2): seen getting into a car with older males near the retail park.",
                marking=Marking.RESTRICTED,
            )
            Note.objects.create(
                person=child,
                owning_agency=health,
                author=nurse,
                text="Attended the sexual health clinic; follow-up booked with the school nurse.",
                marking=Marking.RESTRICTED,
            )
        sealed = Note.objects.create(
            person=children[0],
            owning_agency=csc,
            author=author,
            text="Disclosure recorded for the strategy discussion: sealed to the allocated social worker.",
            marking=Marking.SEALED,
        )
        if social_worker is not None:
            sealed.sealed_to.set([social_worker])
        if author is not None:
            now = timezone.now()
            Share.objects.create(
                person=children[1],
                sections=["equality"],
                to_agency=police,
                reason="Police need to know the child’s first language to arrange an interpreter for a visit.",
                lawful_basis="dpa-sch1-para18",
                family_informed="yes",
                starts_at=now - dt.timedelta(days=1),
                ends_at=now + dt.timedelta(days=27),
                shared_by=author,
                source="seed_demo",
            )
        record.change(ACTOR, "demo.relationships_seeded", detail={"involvements": len(rows)})
