"""Demo contacts in different states, so each demo role finds front-door work (seed_demo's "Contacts" step).

- a new Red contact from the police: a child found out of area with an older adult (EDT sees it out of hours);
- an Amber contact from a school awaiting agency checks, with the police and health checks outstanding;
- a contact from a GP by phone two working days ago, not yet rated or resolved (overdue on the queue);
- a decided contact from health: a strategy discussion for one child and early help for the sibling, acknowledged
  and with outcome feedback the referrer sees;
- a draft a police officer has started.

Every change goes through `tandem.frontdoor.actions` as a demo user. Safe to re-run: nothing is added twice.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Membership, Team
from tandem.frontdoor import actions
from tandem.frontdoor.models import Contact
from tandem.people import identity
from tandem.people.models import Address, Person

MARKER = "seed-demo"


def _member(username: str, role: str) -> Membership:
    return Membership.objects.select_related("agency", "team", "user").get(user__username=username, role=role)


def _person(owner: Membership, child: dict[str, object]) -> Person:
    """The child as the register knows them (synthetic), so the front door can find them."""
    person = Person.objects.create(
        given_name=str(child["given_name"]),
        family_name=str(child["family_name"]),
        date_of_birth=child["date_of_birth"],  # type: ignore[misc]
        sex=str(child.get("sex", "0")),
        owning_agency=owner.agency,
    )
    Address.objects.create(
        person=person,
        line_1=str(child.get("address_line_1", "")),
        town=str(child.get("town", "")),
        postcode=str(child.get("postcode", "")),
        owning_agency=owner.agency,
    )
    identity.reindex(person)
    return person


def _child(rng: random.Random, given: str, family: str, age: int, **extra: object) -> dict[str, object]:
    today = timezone.localdate()
    born = dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28))
    return {
        "given_name": given,
        "family_name": family,
        "date_of_birth": born,
        "address_line_1": f"{rng.randint(2, 90)} Canal Row",
        "town": "Wyvern Vale",
        "postcode": f"WV{rng.randint(1, 9)} {rng.randint(1, 9)}AB",
        **extra,
    }


def seed_contacts(*, seed: int) -> int:
    """Add the demo contacts (once). Returns how many were added."""
    officer = _member("pc.liam.walsh", "police-officer")
    if Contact.objects.filter(idempotency_key__startswith=MARKER).exists():
        return 0
    rng = random.Random(seed * 31)
    practitioner = _member("amira.khan", "front-door-practitioner")
    manager = _member("david.osei", "front-door-manager")
    nurse = _member("hannah.price", "health-practitioner")
    dsl = _member("mark.bennett", "designated-safeguarding-lead")
    council = practitioner.agency
    teams = {t.slug: t for t in Team.objects.filter(agency=council)}
    police, health = officer.agency, nurse.agency
    added = 0

    with transaction.atomic():
        # 1. New, Red, possible exploitation: found out of area with an older adult. The child is on the register.
        kai = _child(rng, "Kai", "Marsh", 14, sex="1", school="Riverside Academy")
        _person(practitioner, kai)
        red = actions.create_contact(
            fields={
                "source": "6",
                "police_reference": "WV-2611-0042",
                "ppn_reference": "PPN-26-1187",
                "concern": "Kai was found at 2am in a flat in Northgate, 40 miles away, with a man aged 24 who is "
                "known to police for supplying drugs.",
                "evidence": "Officers found two phones and £300 in cash on Kai. He had been reported missing at 6pm.",
                "opinion": "I believe Kai is being criminally exploited through county lines.",
                "indicators": ["missing", "out-of-area", "older-associates", "unexplained-items"],
                "child_voice": "Kai said he was “just visiting a mate” and wanted to go home to his mum.",
                "lawful_basis": "dpa-sch8-para4",
                "family_informed": "yes",
            },
            people=[
                ("child", kai),
                (
                    "of-concern",
                    {"given_name": "Dean", "family_name": "Cole", "age_years": 24, "relationship": "Associate"},
                ),
            ],
            by=officer,
            idempotency_key=f"{MARKER}-red",
        )
        actions.rate_contact(
            red,
            expected_version=1,
            rag="red",
            rationale="Found out of area with an adult linked to drug supply: risk of serious harm tonight.",
            by=manager,
        )
        added += 1

        # 2. Amber, awaiting checks: police and health outstanding, education answered.
        ruby = _child(rng, "Ruby", "Lane", 13, sex="2", school="Riverside Academy")
        amber = actions.create_contact(
            fields={
                "source": "2A",
                "concern": "Ruby’s attendance has fallen to 60% this term and she has a new phone she will not "
                "explain.",
                "evidence": "Seen getting into a car with older teenagers after school twice this week.",
                "indicators": ["education", "unexplained-items", "older-associates"],
                "child_voice": "Ruby says she is fine and that her friends look after her.",
                "lawful_basis": "dpa-sch1-para18",
                "family_informed": "no",
                "family_not_informed_reason": "We do not yet know whether someone at home is involved.",
                "screening_tool": "pan-cheshire-screening",
                "screening_summary": "Screening completed: moderate risk of exploitation.",
            },
            people=[("child", ruby)],
            by=dsl,
            idempotency_key=f"{MARKER}-amber",
        )
        for row in amber.people.children():
            actions.link_child(row, person=_person(practitioner, ruby), by=practitioner)
        actions.rate_contact(
            amber, expected_version=1, rag="amber", rationale="No immediate danger; checks needed today.", by=manager
        )
        actions.take_contact(amber, by=practitioner)
        for agency in (police, health):
            actions.request_check(
                amber,
                agency=agency,
                question="What do you know about Ruby and anyone she spends time with?",
                by=practitioner,
            )
        added += 1

        # 3. From a GP by phone two working days ago: not rated, not resolved (overdue on the queue).
        gp_call = actions.start_contact(by=practitioner, on_behalf=True)
        actions.save_draft(
            gp_call,
            changes={
                "arrival_method": "phone",
                "received_at": timezone.now() - dt.timedelta(days=2, hours=3),
                "source": "3A",
                "referrer_name": "Dr Priya Nair",
                "referrer_role": "GP",
                "referrer_organisation": "Canal Street Surgery",
                "referrer_phone": "01632 960123",
                "concern": "Jay asked for testing for a sexually transmitted infection and said his partner is older.",
                "indicators": ["sexual-health", "older-associates"],
                "child_voice": "Jay said he did not want his parents to know.",
                "lawful_basis": "dpa-sch1-para18",
                "family_informed": "no",
                "family_not_informed_reason": "Jay asked us not to tell his parents; we are assessing the risk.",
            },
            by=practitioner,
        )
        actions.save_described_person(gp_call, changes=_child(rng, "Jay", "Okafor", 15, sex="1"), by=practitioner)
        actions.submit_contact(gp_call, by=practitioner)
        added += 1

        # 4. Decided: strategy discussion for one child, early help for the sibling; acknowledged, with feedback.
        mia = _child(rng, "Mia", "Hart", 15, sex="2", gp="Canal Street Surgery")
        leo = _child(rng, "Leo", "Hart", 9, sex="1", address_line_1=mia["address_line_1"], postcode=mia["postcode"])
        decided = actions.create_contact(
            fields={
                "source": "3E",
                "concern": "Mia came to A&E intoxicated at 3am with a man in his thirties who left when staff "
                "asked his name.",
                "indicators": ["substances", "older-associates", "missing"],
                "child_voice": "Mia said the man is her boyfriend and that she loves him.",
                "lawful_basis": "dpa-sch1-para18",
                "family_informed": "yes",
            },
            people=[("child", mia), ("child", leo)],
            by=nurse,
            idempotency_key=f"{MARKER}-decided",
        )
        rows = list(decided.people.children())
        for row, description in zip(rows, (mia, leo), strict=True):
            actions.link_child(row, person=_person(practitioner, description), by=practitioner)
        actions.rate_contact(
            decided, expected_version=1, rag="red", rationale="Sexual exploitation suspected.", by=manager
        )
        actions.record_update(
            decided,
            kind="acknowledgement",
            method="tandem",
            sent_at=timezone.now(),
            message="Thank you. We have received your contact and will decide today.",
            by=practitioner,
        )
        outcomes = (("strategy", teams["exploitation"]), ("early-help", teams["early-help"]))
        for row, (outcome, team) in zip(rows, outcomes, strict=True):
            actions.decide_for_child(
                row,
                expected_version=0,
                outcome=outcome,
                rationale="Reasonable cause to suspect significant harm from an adult."
                if outcome == "strategy"
                else "Leo is safe at home; the family would benefit from support.",
                child_voice_considered="Mia’s view of the man as her boyfriend is recorded; she will be seen alone.",
                equality_considered="No interpreter needed. No disability known.",
                next_team=team,
                by=manager,
            )
        actions.record_update(
            decided,
            kind="outcome",
            method="tandem",
            sent_at=timezone.now(),
            message="A strategy discussion is being held for Mia today. Leo has been offered early help.",
            by=practitioner,
        )
        added += 1

        # 5. A draft the police officer has started.
        draft = actions.start_contact(by=officer)
        actions.save_draft(
            draft,
            changes={"concern": "A boy aged about 12 was seen carrying a knife near the station."},
            by=officer,
        )
        added += 1
    return added
