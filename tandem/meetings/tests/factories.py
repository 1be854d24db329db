"""Strategy discussions in each state, made through the actions as users make them, on the front door's test area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, cast

from django.utils import timezone

from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import MembershipFactory, UserFactory
from tandem.frontdoor import actions as frontdoor_actions
from tandem.frontdoor.models import ChildDecision
from tandem.frontdoor.tests.factories import CHILD, Area, build_area, resolved, submitted_contact
from tandem.meetings import actions
from tandem.meetings.models import Participant, Section47Enquiry, SharedInformation, StrategyDiscussion
from tandem.people.models import Person

LONDON = timezone.get_default_timezone()

#: What the police share at the discussion: never to be seen outside the police (canary strings).
INTELLIGENCE = "CANARY-INTEL: Kai seen at 14 Ferry Lane with Dean Kerr (PNC 01/234567X); informant SRC-CANARY-77."
SOURCE = "CANARY-SOURCE intelligence log 4471"
SUMMARY = "Police hold information linking Kai to an address used to exploit children."


@dataclass
class World:
    area: Area
    team_manager: Membership
    decision: ChildDecision
    child: Person

    @property
    def manager(self) -> Membership:
        return self.area.manager

    @property
    def officer(self) -> Membership:
        return self.area.officer

    @property
    def nurse(self) -> Membership:
        return self.area.nurse

    @property
    def social_worker(self) -> Membership:
        return self.area.social_worker


def at(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> dt.datetime:
    """A London wall-clock time."""
    return dt.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def strategy_decision(area: Area, **child: Any) -> ChildDecision:
    """A contact about one child, resolved to the register and decided "strategy discussion" by the front door."""
    contact = submitted_contact(area.practitioner, children=[{**CHILD, **child}])
    [row] = resolved(contact, area)
    return frontdoor_actions.decide_for_child(
        row,
        expected_version=0,
        outcome="strategy",
        rationale="Found with an adult in another town with cash and phones: significant harm is suspected.",
        child_voice_considered="Kai said he wanted to go home.",
        equality_considered="No interpreter needed; no known disability.",
        next_team=area.exploitation,
        by=area.manager,
    )


def born_years_ago(years: int) -> dt.date:
    """A date of birth making the child `years` old all this calendar year (1 January, `years` years ago)."""
    return dt.date(timezone.localdate().year - years, 1, 1)


def build_world(**child: Any) -> World:
    """The front door's area, a team manager, and a 15-year-old child decided "strategy discussion" by the front door
    (the decision opens the exploitation team's child protection involvement)."""
    child.setdefault("date_of_birth", born_years_ago(15))
    area = build_area()
    team_manager = cast(
        Membership,
        MembershipFactory(
            user=UserFactory(first_name="Grace", last_name="Adeyemi"),
            agency=area.council,
            team=area.exploitation,
            role="team-manager",
        ),
    )
    decision = strategy_decision(area, **child)
    person = decision.child.person
    assert person is not None
    return World(area, team_manager, decision, person)


def convened(
    world: World, *, meeting_at: dt.datetime | None = None, by: Membership | None = None
) -> StrategyDiscussion:
    return actions.convene_discussion(
        person=world.child,
        decision=world.decision,
        meeting_at=meeting_at or timezone.now() + dt.timedelta(hours=1),
        mode="meeting",
        reason="Kai was found with an adult in another town at 2am with cash and two phones.",
        by=by or world.manager,
    )


def invite_partners(discussion: StrategyDiscussion, world: World) -> tuple[Participant, Participant]:
    police = actions.invite(discussion, membership=world.officer, by=world.manager)
    health = actions.invite(discussion, membership=world.nurse, by=world.manager)
    return police, health


def police_intelligence(discussion: StrategyDiscussion, world: World) -> SharedInformation:
    return actions.add_information(
        discussion,
        information=INTELLIGENCE,
        source=SOURCE,
        marking="restricted",
        sanitised_summary=SUMMARY,
        is_intelligence=True,
        source_evaluation="1",
        intelligence_assessment="B",
        handling_code="C",
        handling_conditions="CANARY-HANDLING: not to be shared outside the strategy discussion",
        lawful_basis="dpa-sch8-para4",
        family_informed="no",
        family_not_informed_reason="Telling the family could alert the people exploiting Kai",
        by=world.officer,
    )


def decided(discussion: StrategyDiscussion, world: World, *, lead: Membership | None = None) -> StrategyDiscussion:
    discussion.refresh_from_db()
    return actions.record_decision(
        discussion,
        expected_version=discussion.version,
        section_47=True,
        investigation="joint",
        decision_rationale="Reasonable cause to suspect Kai is suffering significant harm through exploitation.",
        immediate_protection="Kai to stay with his grandmother tonight.",
        medical_needed=False,
        medical_plan="",
        nrm="refer",
        nrm_note="Refer: indicators of criminal exploitation.",
        disruption="Child abduction warning notice for Dean Kerr.",
        enquiry_plan="Social worker and police to see Kai together within 24 hours.",
        lead=lead or world.social_worker,
        police_lead_name="DC Liam Walsh",
        by=world.manager,
    )


def attended_all(discussion: StrategyDiscussion, world: World) -> StrategyDiscussion:
    discussion.refresh_from_db()
    return actions.record_attendance(
        discussion,
        expected_version=discussion.version,
        attended={p.pk for p in discussion.participants.all()},
        by=world.manager,
    )


def full_discussion(world: World, *, meeting_at: dt.datetime | None = None) -> StrategyDiscussion:
    """Convened, police and health invited and attending, police intelligence shared, joint section 47 decided."""
    discussion = convened(world, meeting_at=meeting_at)
    invite_partners(discussion, world)
    police_intelligence(discussion, world)
    attended_all(discussion, world)
    return decided(discussion, world)


def enquiry_of(discussion: StrategyDiscussion) -> Section47Enquiry:
    return Section47Enquiry.objects.get(discussion=discussion)
