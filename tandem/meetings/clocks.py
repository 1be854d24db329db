"""The clocks of strategy discussions and section 47 enquiries, all counted on `tandem.core.clock` (working days in
England: bank holidays from `holidays` with `subdiv="ENG"`, and configured local closure days).

- The record of a strategy discussion is due one working day after the meeting: the close of working hours on the
  first working day after work could start at the meeting time, `clock.working_days_deadline(meeting_at, 1)`.
- The initial child protection conference is due 15 working days after the child's **last** strategy discussion:
  `clock.add_working_days(meeting date, 15)`, the meeting day itself not counted.
- The child and family assessment is due 45 working days after the referral date (`ChildDecision.referral_on`, or
  the date the convener gives when a discussion is convened without a front-door decision).
- Participants keep their relationship with the child until `ACCESS_WORKING_DAYS` working days after the record is
  distributed (and while a section 47 enquiry the discussion started is open): see ADR 0008.
- The manager's view shows conferences due within `SOON_WORKING_DAYS` working days.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tandem.core import clock

RECORD_WORKING_DAYS = 1
CONFERENCE_WORKING_DAYS = 15
ASSESSMENT_WORKING_DAYS = 45
ACCESS_WORKING_DAYS = 10
SOON_WORKING_DAYS = 5


def local_date(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment, clock.LONDON).date()


def record_due(meeting_at: dt.datetime) -> dt.datetime:
    return clock.working_days_deadline(meeting_at, RECORD_WORKING_DAYS)


def conference_due(last_meeting_at: dt.datetime) -> dt.date:
    return clock.add_working_days(local_date(last_meeting_at), CONFERENCE_WORKING_DAYS)


def assessment_due(referral_on: dt.date) -> dt.date:
    return clock.add_working_days(referral_on, ASSESSMENT_WORKING_DAYS)


def access_ends(distributed_at: dt.datetime) -> dt.datetime:
    return clock.working_days_deadline(distributed_at, ACCESS_WORKING_DAYS)


def soon_horizon(today: dt.date) -> dt.date:
    """The last date counted as "due soon": five working days after today."""
    return clock.add_working_days(today, SOON_WORKING_DAYS)
