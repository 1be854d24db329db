"""The strategy discussion clocks on the working-day calendar of England: bank holidays, both daylight-saving changes,
out-of-hours meetings, and the conference clock running from the last of several discussions."""

from __future__ import annotations

import datetime as dt

import pytest

from tandem.meetings import actions, clocks
from tandem.meetings.models import Section47Enquiry
from tandem.meetings.tests.factories import at, build_world, convened, enquiry_of, full_discussion

UTC = dt.UTC


@pytest.mark.parametrize(
    ("meeting_at", "due"),
    [
        # Thursday before Christmas 2026: Christmas Day (Friday), the weekend and Boxing Day's substitute (Monday 28th).
        (at(2026, 12, 24, 14), at(2026, 12, 29, 17)),
        # A Saturday call: work starts on Monday, so the record is due at the close of Tuesday.
        (at(2026, 12, 19, 11), at(2026, 12, 22, 17)),
        # After the close of a working day: due at the close of the next working day after the next opening.
        (at(2026, 6, 10, 19, 30), at(2026, 6, 12, 17)),
        # Friday before the clocks go forward (Sunday 29 March 2026): 5pm BST on Monday is 4pm UTC.
        (at(2026, 3, 27, 15), dt.datetime(2026, 3, 30, 16, tzinfo=UTC)),
        # Friday before the clocks go back (Sunday 25 October 2026): 5pm GMT on Monday is 5pm UTC.
        (at(2026, 10, 23, 15), dt.datetime(2026, 10, 26, 17, tzinfo=UTC)),
        # The late-summer bank holiday (Monday 31 August 2026).
        (at(2026, 8, 28, 10), at(2026, 9, 1, 17)),
    ],
)
def test_record_is_due_one_working_day_after_the_meeting(meeting_at: dt.datetime, due: dt.datetime) -> None:
    assert clocks.record_due(meeting_at) == due


@pytest.mark.parametrize(
    ("meeting_at", "due_on"),
    [
        # 15 working days across Christmas Day, Boxing Day (substitute Monday 28th) and New Year's Day.
        (at(2026, 12, 10), dt.date(2027, 1, 5)),
        # Across the late-summer bank holiday.
        (at(2026, 8, 17), dt.date(2026, 9, 8)),
        # Half past midnight in London (still the previous day in UTC) counts from the London date.
        (at(2026, 6, 11, 0, 30), dt.date(2026, 7, 2)),
        (at(2026, 6, 10, 23, 30), dt.date(2026, 7, 1)),
        # Across the spring daylight-saving change and Easter (Good Friday 3 April, Easter Monday 6 April 2026).
        (at(2026, 3, 20), dt.date(2026, 4, 14)),
        # Across the autumn daylight-saving change.
        (at(2026, 10, 16), dt.date(2026, 11, 6)),
    ],
)
def test_conference_is_due_15_working_days_after_the_meeting(meeting_at: dt.datetime, due_on: dt.date) -> None:
    assert clocks.conference_due(meeting_at) == due_on


def test_assessment_is_due_45_working_days_after_the_referral_date() -> None:
    assert clocks.assessment_due(dt.date(2026, 1, 5)) == dt.date(2026, 3, 9)
    # Across Easter 2026 (Good Friday 3 April, Easter Monday 6 April) and the early May bank holiday (4 May).
    assert clocks.assessment_due(dt.date(2026, 3, 2)) == dt.date(2026, 5, 7)


def test_participants_relationship_ends_ten_working_days_after_distribution() -> None:
    assert clocks.access_ends(at(2026, 12, 22, 12)) == at(2027, 1, 8, 17)


def test_five_working_days_ahead_skips_bank_holidays() -> None:
    assert clocks.soon_horizon(dt.date(2026, 12, 21)) == dt.date(2026, 12, 30)


@pytest.mark.django_db
def test_conference_clock_runs_from_the_last_of_several_discussions() -> None:
    world = build_world()
    first = full_discussion(world, meeting_at=at(2026, 12, 1))
    enquiry = enquiry_of(first)
    assert enquiry.conference_due_on == dt.date(2026, 12, 22)
    assert enquiry.assessment_due_on == clocks.assessment_due(world.decision.referral_on)

    # A further discussion is convened: until it is held, the clock does not move.
    second = convened(world, meeting_at=at(2026, 12, 10))
    assert Section47Enquiry.objects.get().conference_due_on == dt.date(2026, 12, 22)

    # Held (its decision recorded): the conference is due 15 working days after it, across Christmas.
    second.refresh_from_db()
    actions.record_decision(
        second,
        expected_version=second.version,
        section_47=True,
        investigation="joint",
        decision_rationale="New information: the enquiry continues.",
        immediate_protection="",
        medical_needed=False,
        medical_plan="",
        nrm="considered",
        nrm_note="",
        disruption="",
        enquiry_plan="",
        by=world.manager,
    )
    assert Section47Enquiry.objects.get().conference_due_on == dt.date(2027, 1, 5)

    # An earlier discussion moved later than the last one now leads the clock.
    first.refresh_from_db()
    actions.update_discussion(
        first, expected_version=first.version, changes={"meeting_at": at(2026, 12, 14)}, by=world.manager
    )
    assert Section47Enquiry.objects.get().conference_due_on == dt.date(2027, 1, 7)


@pytest.mark.django_db
def test_a_later_enquiry_starts_with_the_due_date_of_the_last_discussion() -> None:
    world = build_world()
    first = convened(world, meeting_at=at(2026, 8, 17))
    first.refresh_from_db()
    actions.record_decision(
        first,
        expected_version=first.version,
        section_47=True,
        investigation="single",
        decision_rationale="Significant harm is suspected.",
        immediate_protection="",
        medical_needed=False,
        medical_plan="",
        nrm="not-relevant",
        nrm_note="",
        disruption="",
        enquiry_plan="",
        by=world.manager,
    )
    enquiry = actions.start_section_47(first, lead=world.social_worker, by=world.manager)
    assert (enquiry.is_joint, enquiry.conference_due_on) == (False, dt.date(2026, 9, 8))
