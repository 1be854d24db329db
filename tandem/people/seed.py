"""Seed steps for the people register: synthetic households, and the relationships that give each demo role people
it may see (and leave others it may not). Bulk inserts in batches, so a million people stay within minutes."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator
from itertools import islice

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Agency, Membership, Team, User
from tandem.audit import record
from tandem.audit.record import Actor
from tandem.people import identity
from tandem.people.codes import Ethnicity, Marking
from tandem.people.matching import PersonDescription
from tandem.people.models import (
    Address,
    Allocation,
    Involvement,
    InvolvementKind,
    Note,
    Person,
    PersonKind,
    PersonLink,
    RelationshipKind,
    Share,
)
from tandem.people.synthetic import SyntheticHousehold, households

ACTOR = Actor.system("seed_demo")
BATCH = 5000
ETHNICITIES = [e.value for e in Ethnicity]


def _batches(items: list[object], size: int) -> Iterator[list[object]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def seed_people(
    *, count: int, seed: int, owner: Agency, progress: Callable[[int], None] | None = None
) -> list[SyntheticHousehold]:
    """Add synthetic households until the register holds at least `count` people. Safe to re-run."""
    existing = Person.objects.count()
    if existing >= count:
        return []
    homes = households(seed + existing, count - existing)
    rng = random.Random(seed)
    today = timezone.localdate()
    for chunk in _batches(homes, BATCH // 3):  # type: ignore[arg-type]
        people: list[Person] = []
        addresses: list[Address] = []
        links: list[PersonLink] = []
        for home in chunk:
            assert isinstance(home, SyntheticHousehold)  # noqa: S101 - narrows the type for mypy
            for member in home.members:
                age_years = (today - member.date_of_birth).days // 365
                people.append(
                    Person(
                        id=member.id,
                        kind=PersonKind.CHILD if member.is_child and age_years < 18 else PersonKind.ADULT,
                        given_name=member.given_name,
                        family_name=member.family_name,
                        date_of_birth=member.date_of_birth,
                        sex=member.sex,
                        ethnicity=rng.choice(ETHNICITIES),
                        owning_agency=owner,
                    )
                )
                addresses.append(
                    Address(
                        person_id=member.id,
                        line_1=home.line_1,
                        town=home.town,
                        postcode=home.postcode,
                        from_on=member.date_of_birth
                        if member.is_child
                        else today - dt.timedelta(days=rng.randint(60, 3000)),
                        owning_agency=owner,
                    )
                )
            for child in home.children:
                for adult in home.adults:
                    links.append(
                        PersonLink(
                            person_id=child.id, other_id=adult.id, kind=RelationshipKind.PARENT, owning_agency=owner
                        )
                    )
                for sibling in home.children:
                    if sibling.id != child.id:
                        links.append(
                            PersonLink(
                                person_id=child.id,
                                other_id=sibling.id,
                                kind=RelationshipKind.SIBLING,
                                owning_agency=owner,
                            )
                        )
        by_id = {a.person_id: a for a in addresses}
        descriptions = [
            (
                p,
                PersonDescription(
                    given_names=(p.given_name,),
                    family_names=(p.family_name,),
                    date_of_birth=p.date_of_birth,
                    sex=identity.SEX_CODES.get(p.sex),
                    postcodes=(by_id[p.id].postcode,),
                    address_lines=(f"{by_id[p.id].line_1}, {by_id[p.id].town}",),
                    record_id=str(p.id),
                ),
            )
            for p in people
        ]
        with transaction.atomic():
            Person.objects.bulk_create(people, batch_size=BATCH)
            Address.objects.bulk_create(addresses, batch_size=BATCH)
            PersonLink.objects.bulk_create(links, batch_size=BATCH)
            identity.reindex_many(descriptions)
            record.change(ACTOR, "people.seeded", detail={"people": len(people), "households": len(chunk)})
        if progress:
            progress(len(people))
    return homes


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
