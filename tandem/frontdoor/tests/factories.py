"""A small fictional area for front-door tests, and contacts in each state (through the actions, as users make them)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from tandem.accounts.models import Agency, Membership, Team
from tandem.accounts.roles import AgencyKind
from tandem.accounts.tests.factories import AgencyFactory, MembershipFactory, TeamFactory, UserFactory
from tandem.frontdoor import actions
from tandem.frontdoor.models import AgencyCheck, Contact, ContactPerson
from tandem.people.models import Person
from tandem.people.tests.factories import AddressFactory, PersonFactory


@dataclass
class Area:
    council: Agency
    police: Agency
    health: Agency
    school: Agency
    probation: Agency
    front_door: Team
    edt: Team
    early_help: Team
    exploitation: Team
    assessment: Team
    practitioner: Membership
    manager: Membership
    edt_worker: Membership
    officer: Membership
    nurse: Membership
    dsl: Membership
    probation_officer: Membership
    social_worker: Membership

    def member(self, role: str, **kwargs: Any) -> Membership:
        """Another membership in the area (by role), for tests that need two people in one role."""
        agency = {
            "front-door-practitioner": self.council,
            "front-door-manager": self.council,
            "emergency-duty-social-worker": self.council,
            "social-worker": self.council,
            "police-officer": self.police,
            "health-practitioner": self.health,
            "designated-safeguarding-lead": self.school,
        }[role]
        team = {
            "front-door-practitioner": self.front_door,
            "front-door-manager": self.front_door,
            "emergency-duty-social-worker": self.edt,
            "social-worker": self.exploitation,
        }.get(role)
        return cast(Membership, MembershipFactory(user=UserFactory(**kwargs), agency=agency, team=team, role=role))


def _agency(slug: str, kind: str) -> Agency:
    return cast(Agency, AgencyFactory(slug=slug, name=slug.replace("-", " ").title(), kind=kind))


def _member(role: str, agency: Agency, team: Team | None = None, **user: Any) -> Membership:
    return cast(Membership, MembershipFactory(user=UserFactory(**user), agency=agency, team=team, role=role))


def build_area() -> Area:
    council = _agency("vale-council", AgencyKind.CHILDRENS_SOCIAL_CARE)
    police = _agency("vale-police", AgencyKind.POLICE)
    health = _agency("vale-health", AgencyKind.HEALTH_PROVIDER)
    school = _agency("vale-school", AgencyKind.SCHOOL)
    probation = _agency("vale-probation", AgencyKind.PROBATION)
    front_door = TeamFactory(agency=council, slug="front-door", name="Integrated Front Door", is_front_door=True)
    edt = TeamFactory(agency=council, slug="edt", name="Emergency Duty Team", is_emergency_duty=True)
    early_help = TeamFactory(agency=council, slug="early-help", name="Early Help")
    exploitation = TeamFactory(agency=council, slug="exploitation", name="Risk Outside the Home Team")
    assessment = TeamFactory(agency=council, slug="assessment", name="Assessment Team")
    police_team = TeamFactory(agency=police, slug="ppu", name="Public Protection Unit")
    health_team = TeamFactory(agency=health, slug="safeguarding", name="Safeguarding Children Team")
    return Area(
        council=council,
        police=police,
        health=health,
        school=school,
        probation=probation,
        front_door=front_door,
        edt=edt,
        early_help=early_help,
        exploitation=exploitation,
        assessment=assessment,
        practitioner=_member("front-door-practitioner", council, front_door, first_name="Amira", last_name="Khan"),
        manager=_member("front-door-manager", council, front_door, first_name="David", last_name="Osei"),
        edt_worker=_member("emergency-duty-social-worker", council, edt, first_name="Nia", last_name="Roberts"),
        officer=_member("police-officer", police, police_team, first_name="Liam", last_name="Walsh"),
        nurse=_member("health-practitioner", health, health_team, first_name="Hannah", last_name="Price"),
        dsl=_member("designated-safeguarding-lead", school, None, first_name="Mark", last_name="Bennett"),
        probation_officer=_member("probation-officer", probation, None, first_name="Owen", last_name="Davies"),
        social_worker=_member("social-worker", council, exploitation, first_name="Tom", last_name="Hughes"),
    )


CHILD = {
    "given_name": "Kai",
    "family_name": "Marsh",
    "date_of_birth": dt.date(2011, 6, 2),
    "sex": "1",
    "address_line_1": "4 Canal Row",
    "town": "Wyvern Vale",
    "postcode": "WV3 4AB",
    "school": "Riverside Academy",
    "gp": "Canal Street Surgery",
}
SIBLING = {**CHILD, "given_name": "Lily", "date_of_birth": dt.date(2015, 1, 9), "sex": "2"}

CONTACT = {
    "source": "6",
    "police_reference": "WV-2611-0042",
    "crime_number": "CR/123/26",
    "ppn_reference": "PPN-77",
    "concern": "Kai was found in a flat in another town at 2am with an adult aged 24.",
    "evidence": "Officers found Kai with two phones and £300 in cash.",
    "opinion": "I think Kai is being criminally exploited.",
    "indicators": ["out-of-area", "older-associates", "unexplained-items"],
    "child_voice": "Kai said he was ‘just visiting a mate’ and wanted to go home.",
    "lawful_basis": "dpa-sch8-para4",
    "family_informed": "yes",
}


def submitted_contact(
    by: Membership,
    *,
    children: list[dict[str, Any]] | None = None,
    others: list[tuple[str, dict[str, Any]]] | None = None,
    **fields: Any,
) -> Contact:
    people: list[tuple[str, dict[str, Any]]] = [("child", dict(c)) for c in (children or [CHILD])]
    people += others or []
    return actions.create_contact(fields={**CONTACT, **fields}, people=people, by=by)


def register_child(owner: Agency, **kwargs: Any) -> Person:
    """The child as the register already knows them (for identity resolution)."""
    data = {**CHILD, **kwargs}
    person = cast(
        Person,
        PersonFactory(
            given_name=data["given_name"],
            family_name=data["family_name"],
            date_of_birth=data["date_of_birth"],
            sex=data["sex"],
            owning_agency=owner,
        ),
    )
    AddressFactory(person=person, line_1=data["address_line_1"], town=data["town"], postcode=data["postcode"])
    from tandem.people import identity

    identity.reindex(person)
    return person


def resolved(contact: Contact, area: Area) -> list[ContactPerson]:
    """Resolve every child on the contact to a person on the register (made for the test)."""
    rows = []
    for child in contact.people.children():
        person = register_child(area.council, given_name=child.given_name, date_of_birth=child.date_of_birth)
        rows.append(actions.link_child(child, person=person, by=area.practitioner))
    return rows


def asked(contact: Contact, agency: Agency, by: Membership, question: str = "What do you know?") -> AgencyCheck:
    return actions.request_check(contact, agency=agency, question=question, by=by)
