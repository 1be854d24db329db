"""Demo strategy discussions and section 47 enquiries (seed_demo's "Strategy discussions" step), so the demo team
manager's view of today has content:

- Mia Hart (the front door's demo strategy decision): a discussion held earlier today with the police and health,
  police intelligence restricted with a summary for partners, a joint section 47 enquiry led by Tom Hughes; the
  record not yet distributed and Mia not yet seen.
- Jayden Cole: an earlier discussion that decided against an enquiry, then a second one 11 working days ago that
  started a section 47 enquiry; Jayden seen alone; the initial child protection conference due in four working days.

Every change goes through `tandem.meetings.actions` as a demo user. Safe to re-run: nothing is added twice.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.core import clock
from tandem.frontdoor.models import ChildDecision
from tandem.meetings import actions
from tandem.meetings.models import StrategyDiscussion
from tandem.people import identity
from tandem.people.models import Address, Person


def _member(username: str, role: str) -> Membership | None:
    return (
        Membership.objects.select_related("agency", "team", "user").filter(user__username=username, role=role).first()
    )


def working_days_before(day: dt.date, n: int) -> dt.date:
    while n:
        day -= dt.timedelta(days=1)
        if clock.is_working_day(day):
            n -= 1
    return day


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=clock.LONDON)


def _decide(
    discussion: StrategyDiscussion, chair: Membership, *, section_47: bool, lead: Membership | None, joint: bool
) -> StrategyDiscussion:
    discussion.refresh_from_db()
    return actions.record_decision(
        discussion,
        expected_version=discussion.version,
        section_47=section_47,
        investigation=("joint" if joint else "single") if section_47 else "",
        decision_rationale="Reasonable cause to suspect significant harm from adults outside the home."
        if section_47
        else "Concerns are not at the threshold for an enquiry; a child in need assessment continues.",
        immediate_protection="Stays with a grandparent while the enquiry starts." if section_47 else "",
        medical_needed=False,
        medical_plan="",
        nrm="refer" if section_47 else "considered",
        nrm_note="Indicators of exploitation: the social worker is the first responder." if section_47 else "",
        disruption="Police to consider a child abduction warning notice." if section_47 else "",
        enquiry_plan="Social worker and police to see the child together within 24 hours." if section_47 else "",
        lead=lead,
        police_lead_name="DC Liam Walsh" if joint else "",
        by=chair,
    )


def _attended(discussion: StrategyDiscussion, chair: Membership) -> None:
    discussion.refresh_from_db()
    actions.record_attendance(
        discussion,
        expected_version=discussion.version,
        attended={p.pk for p in discussion.participants.all()},
        by=chair,
    )


def _distribute(discussion: StrategyDiscussion, chair: Membership) -> None:
    discussion.refresh_from_db()
    actions.distribute_record(discussion, expected_version=discussion.version, by=chair)


def _jayden(owner: Membership) -> Person:
    today = timezone.localdate()
    person = Person.objects.create(
        given_name="Jayden",
        family_name="Cole",
        date_of_birth=dt.date(today.year - 14, 3, 9),
        sex="1",
        owning_agency=owner.agency,
    )
    Address.objects.create(
        person=person, line_1="7 Lock Street", town="Wyvern Vale", postcode="WV2 6AB", owning_agency=owner.agency
    )
    identity.reindex(person)
    return person


def seed_discussions() -> int:
    """Add the demo discussions (once). Returns how many were added."""
    chair = _member("grace.adeyemi", "team-manager")
    lead = _member("tom.hughes", "social-worker")
    officer = _member("pc.liam.walsh", "police-officer")
    nurse = _member("hannah.price", "health-practitioner")
    if chair is None or lead is None or officer is None or nurse is None:
        return 0
    decision = (
        ChildDecision.objects.filter(outcome="strategy", child__person__isnull=False)
        .select_related("child__person")
        .order_by("decided_at")
        .first()
    )
    if StrategyDiscussion.objects.filter(agency=chair.agency).exists():
        return 0
    now = timezone.now()
    today = timezone.localdate(now)
    added = 0
    with transaction.atomic():
        if decision is not None and decision.child.person is not None:
            mia = decision.child.person
            held_at = min(now - dt.timedelta(hours=1), _at(today, 10))
            discussion = actions.convene_discussion(
                person=mia,
                decision=decision,
                meeting_at=held_at.replace(minute=0, second=0, microsecond=0),
                mode="meeting",
                reason="Mia came to A&E intoxicated at 3am with a man in his thirties who left when asked his name.",
                by=chair,
            )
            actions.invite(discussion, membership=officer, by=chair)
            actions.invite(discussion, membership=nurse, by=chair)
            actions.add_information(
                discussion,
                information="The man is believed to be Carl Dunne, 34, seen with other girls from Mia’s school at "
                "a flat on Mill Road. Intelligence from a source close to the flat.",
                source="Intelligence report WV/2026/0311",
                marking="restricted",
                sanitised_summary="Police hold information that the man is known to be associated with other "
                "children at risk of sexual exploitation.",
                is_intelligence=True,
                source_evaluation="2",
                intelligence_assessment="B",
                handling_code="C",
                handling_conditions="Not to be shared outside this discussion without asking the police.",
                lawful_basis="dpa-sch8-para4",
                family_informed="no",
                family_not_informed_reason="Telling the family now could alert the man and put Mia at more risk.",
                by=officer,
            )
            actions.add_information(
                discussion,
                information="Mia has attended the sexual health clinic twice in a month; she missed her last "
                "appointment.",
                source="Sexual health clinic records",
                marking="partnership",
                lawful_basis="dpa-sch1-para18",
                family_informed="no",
                family_not_informed_reason="Mia asked for her clinic visits not to be shared with her mother.",
                by=nurse,
            )
            _attended(discussion, chair)
            _decide(discussion, chair, section_47=True, lead=lead, joint=True)
            added += 1

        jayden = _jayden(chair)
        first_on = working_days_before(today, 30)
        earlier = actions.convene_discussion(
            person=jayden,
            meeting_at=_at(first_on, 11),
            mode="calls",
            reason="Jayden was found carrying cash and two phones after being missing overnight.",
            referral_on=first_on,
            by=chair,
        )
        actions.invite(earlier, membership=officer, by=chair)
        actions.invite(
            earlier,
            name="Sam Carter",
            job_title="School nurse",
            organisation="Wyvern Vale NHS Foundation Trust",
            agency_kind="health-provider",
            by=chair,
        )
        _attended(earlier, chair)
        _decide(earlier, chair, section_47=False, lead=None, joint=False)
        _distribute(earlier, chair)
        later_on = working_days_before(today, 11)
        later = actions.convene_discussion(
            person=jayden,
            meeting_at=_at(later_on, 10),
            mode="meeting",
            reason="Jayden was arrested in another county with drugs packaged for sale: a further discussion.",
            referral_on=first_on,
            by=chair,
        )
        actions.invite(later, membership=officer, by=chair)
        actions.invite(later, membership=nurse, by=chair)
        _attended(later, chair)
        _decide(later, chair, section_47=True, lead=lead, joint=False)
        _distribute(later, chair)
        enquiry = later.enquiry
        actions.record_child_seen(
            enquiry,
            expected_version=enquiry.version,
            seen_on=clock.next_working_day(later_on),
            seen_alone=True,
            child_words="I only did it because they said they would hurt my brother. I want to go back to school.",
            by=lead,
        )
        added += 2
    return added
