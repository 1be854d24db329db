"""Front door 2 in a real browser, continuing Front door 1's journey from the threshold decision (made with the
actions): the front-door manager convenes a strategy discussion with police and health from the view of today; the
police share graded intelligence that the health attendee sees only as the sanitised summary; the decision starts a
joint section 47 enquiry; the record is distributed; the social worker records the child seen alone, in their words;
and the team manager's view of today shows the initial child protection conference due 15 working days after the
discussion, across Christmas. axe and the page checks run on every page reached.

The live server runs on the real clock, so the discussion has an explicit date: Thursday 11 December 2025. Fifteen
working days later, skipping Christmas Day, Boxing Day and New Year's Day, is Tuesday 6 January 2026.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import PASSWORD
from tandem.meetings.models import Section47Enquiry, SharedInformation, StrategyDiscussion
from tandem.meetings.tests.factories import World, build_world
from tests.browser.conftest import Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

INTELLIGENCE = "Kai was seen at 14 Ferry Lane with Dean Kerr, who is known to run a drug line out of the address."
SUMMARY = "Police hold information linking Kai to an address used to exploit children."
WORDS = "I don’t want to go back to Ferry Lane. Dean says I owe him money. I want to stay at my nan’s."


def sign_in(site: Site, membership: Membership) -> None:
    site.goto("/accounts/login/")
    site.page.get_by_label("Username").fill(membership.user.username)
    site.page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        site.page.get_by_role("button", name="Sign in").click()


def tracked(site: Site) -> Site:
    """Count the tab's requests in flight, so that `settle` can wait for them."""
    in_flight: set[object] = set()
    site.page.on("request", lambda request: in_flight.add(request))
    site.page.on("requestfinished", lambda request: in_flight.discard(request))
    site.page.on("requestfailed", lambda request: in_flight.discard(request))
    site.in_flight = in_flight  # type: ignore[attr-defined]
    return site


def settle(site: Site) -> None:
    """Let language advice requested while typing (htmx, 800ms after the last keystroke) finish before the form is
    sent: the live server shares one in-memory SQLite connection, which refuses overlapping transactions."""
    site.page.wait_for_timeout(900)
    for _ in range(200):
        if not getattr(site, "in_flight", None):
            return
        site.page.wait_for_timeout(50)
    raise AssertionError("requests still in flight after 10 seconds")


def submit(site: Site, name: str) -> None:
    settle(site)
    with site.navigation():
        site.page.get_by_role("button", name=name, exact=True).click()


def follow(site: Site, name: str) -> None:
    with site.navigation():
        site.page.get_by_role("link", name=name, exact=True).click()


def fill_date(page: Page, group: str, day: int, month: int, year: int) -> None:
    fields = page.get_by_role("group", name=group)
    fields.get_by_label("Day").fill(str(day))
    fields.get_by_label("Month").fill(str(month))
    fields.get_by_label("Year").fill(str(year))


def test_strategy_discussion_to_the_child_seen_and_the_conference_clock(
    site: Site, new_site: Callable[..., Site]
) -> None:
    world: World = build_world(given_name="Kai", family_name="Marsh")
    officer, nurse = world.officer, world.nurse

    tracked(site)

    # The front-door manager finds the decision on the view of today and convenes the discussion.
    sign_in(site, world.manager)
    follow(site, "Today: what is due and overdue")
    expect(site.page.locator("h1")).to_have_text("Today")
    with site.navigation():
        site.page.get_by_role("link", name="Convene a strategy discussion for Kai Marsh").click()
    expect(site.page.locator("h1")).to_have_text("Convene a strategy discussion")
    fill_date(site.page, "Date of the discussion", 11, 12, 2025)
    site.page.get_by_label("Time of the discussion").fill("10am")
    site.page.get_by_label("Meeting (in person or online)").check()
    site.page.get_by_label("Why is significant harm suspected?").fill(
        "Kai was found at 2am in a flat in another town with an adult, two phones and cash."
    )
    submit(site, "Convene the discussion")
    expect(site.page.locator("h1")).to_have_text("Strategy discussion on 11 December 2025")
    expect(site.page.locator(".tandem-missing-agencies")).to_contain_text("Not invited yet: Police, Health.")
    for invitee in (officer, nurse):
        follow(site, "Invite someone")
        site.page.get_by_label("Someone with a Tandem account").select_option(
            label=f"{invitee.user.display_name} – {invitee.get_role_display()}, {invitee.agency.name}"
        )
        submit(site, "Invite")
    expect(site.page.locator(".tandem-missing-agencies")).to_have_count(0)
    discussion = StrategyDiscussion.objects.get()
    url = f"/strategy-discussions/{discussion.pk}"

    # The police share graded intelligence, restricted, with a sanitised summary for partners.
    police = tracked(new_site())
    sign_in(police, officer)
    police.goto(url)
    follow(police, "Add information your agency shared")
    page = police.page
    page.get_by_label("What is your agency sharing?").fill(INTELLIGENCE)
    page.get_by_label("Where does it come from?").fill("Intelligence report 4471")
    expect(page.get_by_label("This is police intelligence")).to_be_checked()
    page.get_by_label("1: Reliable").check()
    page.get_by_label("B: Known indirectly to the source but corroborated").check()
    page.get_by_label("C: Lawful sharing permitted with conditions").check()
    page.get_by_label("Conditions for handling code C").fill("Not to be shared beyond the strategy discussion.")
    expect(page.get_by_label("Restricted to my agency: partners see only the sanitised summary")).to_be_checked()
    page.get_by_label("Sanitised summary for partners").fill(SUMMARY)
    page.get_by_label("Safeguarding, law enforcement processing (DPA 2018 Schedule 8, paragraph 4)").check()
    page.get_by_role("group", name="Has the family been told that your agency is sharing this?").get_by_label(
        "No", exact=True
    ).check()
    page.get_by_label("Why has the family not been told?").fill("Telling them could alert the people exploiting Kai.")
    submit(police, "Record and share")
    expect(police.page.locator(".tandem-information__text")).to_have_text(INTELLIGENCE)
    expect(police.page.locator(".tandem-information")).to_contain_text("intelligence graded 1B C")
    assert SharedInformation.objects.get().marking == "restricted"

    # The health attendee sees only the sanitised summary.
    health = new_site()
    sign_in(health, nurse)
    health.goto(url)
    expect(health.page.locator(".tandem-information__summary")).to_have_text(SUMMARY)
    content = health.page.content()
    assert "Ferry Lane" not in content
    assert "4471" not in content
    assert "Not to be shared beyond" not in content

    # The manager records attendance and the decision: a joint section 47 enquiry led by the social worker.
    site.goto(url)
    follow(site, "Record who took part")
    for participant in discussion.participants.all():
        site.page.get_by_label(f"{participant.name} – {participant.organisation}").check()
    submit(site, "Save attendance")
    follow(site, "Record the decision")
    site.page.get_by_role("group", name="Should a section 47 enquiry start?").get_by_label("Yes", exact=True).check()
    site.page.get_by_label("Joint investigation with the police").check()
    site.page.get_by_label("Lead social worker").select_option(
        label="Tom Hughes – Social worker, Risk Outside the Home Team"
    )
    site.page.get_by_label("Police lead for the joint investigation").fill("DC Liam Walsh")
    site.page.get_by_label("Reasons for the decision").fill(
        "Reasonable cause to suspect Kai is suffering significant harm through criminal exploitation."
    )
    site.page.get_by_role("group", name="Is a medical assessment needed?").get_by_label("No", exact=True).check()
    site.page.get_by_label("Refer to the National Referral Mechanism").check()
    submit(site, "Record the decision")
    expect(site.page.locator(".tandem-decision")).to_contain_text("Yes: Joint investigation with the police")
    enquiry = Section47Enquiry.objects.get()
    assert (enquiry.is_joint, enquiry.lead_id) == (True, world.social_worker.pk)

    # The record is distributed (late: the discussion was a year ago).
    with site.navigation():
        site.page.get_by_role("button", name="Distribute the record").click()  # a link styled as a button
    expect(site.page.locator("h1")).to_have_text("Distribute the record")
    submit(site, "Distribute the record")
    expect(site.page.locator(".govuk-tag", has_text="Record distributed")).to_be_visible()
    expect(site.page.locator(".tandem-discussion-summary")).to_contain_text("(late)")
    health.goto(url)
    expect(health.page.locator(".tandem-participants")).to_contain_text("Attended, record sent")
    assert "Ferry Lane" not in health.page.content()

    # The social worker records Kai seen alone, in his words; language advice is offered, never imposed.
    worker = tracked(new_site())
    sign_in(worker, world.social_worker)
    worker.goto(f"/section-47-enquiries/{enquiry.pk}")
    expect(worker.page.locator(".tandem-not-seen")).to_contain_text("Kai Marsh has not been seen yet.")
    follow(worker, "Record the child seen")
    today = timezone.localdate()
    fill_date(worker.page, "When was the child seen?", today.day, today.month, today.year)
    worker.page.get_by_role("group", name="Was the child seen alone?").get_by_label("Yes", exact=True).check()
    worker.page.get_by_label("The child’s wishes and feelings, in their words").fill(WORDS)
    submit(worker, "Save")
    if worker.page.locator("h1").inner_text() == "Saved: check your wording":
        follow(worker, "Continue")
    expect(worker.page.locator(".tandem-child-seen")).to_contain_text(WORDS)
    expect(worker.page.locator(".tandem-child-seen")).to_contain_text("Seen alone Yes")

    # The team manager's view of today: the conference is due on Tuesday 6 January 2026 (15 working days after
    # Thursday 11 December 2025, not counting Christmas Day, Boxing Day and New Year's Day), and is overdue.
    manager = new_site()
    sign_in(manager, world.team_manager)
    follow(manager, "Today: what is due and overdue")
    row = manager.page.locator("#conferences tbody tr", has_text="Kai Marsh")
    expect(row).to_contain_text("6 January 2026")
    expect(row).to_contain_text("Overdue")
    expect(manager.page.locator("#not-seen")).to_have_text("None.")
    assert Section47Enquiry.objects.get().conference_due_on.isoformat() == "2026-01-06"
