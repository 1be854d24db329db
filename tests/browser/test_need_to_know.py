"""Need-to-know in a real browser: a social worker opens an allocated child, an unrelated child is a 404, the front
door finds that child through the person index and uses emergency access, and the IG lead reviews it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import PASSWORD, TeamFactory, member
from tandem.people.models import EmergencyAccess
from tandem.people.tests.factories import AddressFactory, allocated_child
from tests.browser.conftest import Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Police report her missing tonight and found with an older man; I need her address history."


def sign_in(site: Site, membership: Membership) -> None:
    site.goto("/accounts/login/")
    site.page.get_by_label("Username").fill(membership.user.username)
    site.page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        site.page.get_by_role("button", name="Sign in").click()


def test_need_to_know_break_glass_and_review(site: Site, new_site: Callable[..., Site]) -> None:
    worker = member("social-worker", team=TeamFactory(), username="sam.worker")
    mine = allocated_child(worker, given_name="Leah", family_name="Marsden")
    other_worker = member("social-worker", team=TeamFactory())
    theirs = allocated_child(other_worker, given_name="Tia", family_name="Rowntree")
    AddressFactory(person=theirs, postcode="WY5 3HD")
    ig = member("information-governance-lead", agency=other_worker.agency, username="ig.lead")
    front_door = member("front-door-practitioner", team=TeamFactory(), username="fd.practitioner")

    # The social worker opens the child allocated to them, and an unrelated child's address is a 404.
    sign_in(site, worker)
    site.goto("/people/search")
    site.page.get_by_label("Last name").fill("Marsden")
    site.page.get_by_label("Finding a child or adult I work with").check()
    with site.navigation():
        site.page.get_by_role("button", name="Search").click()
    expect(site.page.get_by_role("heading", name="1 person found")).to_be_visible()
    with site.navigation():
        site.page.get_by_role("link", name="Open record for Leah Marsden").click()
    expect(site.page.locator("h1")).to_have_text("Leah Marsden")
    assert site.page.url.endswith(f"/people/{mine.pk}")
    expect(site.page.get_by_text("OFFICIAL-SENSITIVE")).to_be_visible()
    site.goto(f"/people/{theirs.pk}")
    expect(site.page.locator("h1")).to_have_text("Page not found")
    assert "Rowntree" not in site.page.content()

    # The front door finds her through the person index and requests emergency access with a reason.
    desk = new_site()
    sign_in(desk, front_door)
    desk.goto("/people/search")
    desk.page.get_by_label("First name").fill("Tia")
    desk.page.get_by_label("Last name").fill("Rowntree")
    desk.page.get_by_label("An out-of-hours enquiry about a child’s safety").check()
    with desk.navigation():
        desk.page.get_by_role("button", name="Search").click()
    row = desk.page.get_by_role("row", name="Tia Rowntree")
    expect(row).to_contain_text("WY5 3")
    expect(row).to_contain_text("You do not have access to this record")
    with desk.navigation():
        row.get_by_role("link", name="request emergency access to the record of Tia Rowntree").click()
    expect(desk.page.locator("h1")).to_have_text("Request emergency access")
    desk.page.get_by_label("Why do you need emergency access to this record?").fill(REASON)
    with desk.navigation():
        desk.page.get_by_role("button", name="Request emergency access").click()
    expect(desk.page.locator("h1")).to_have_text("Tia Rowntree")
    expect(desk.page.get_by_text("You are using emergency access until")).to_be_visible()

    # The owning agency's IG lead sees it at once and records a judgement.
    review = new_site()
    sign_in(review, ig)
    review.goto("/ig/emergency-access")
    expect(review.page.get_by_role("heading", name="Waiting for review (1)")).to_be_visible()
    with review.navigation():
        review.page.get_by_role("link", name="Review emergency access by").click()
    expect(review.page.get_by_text(REASON)).to_be_visible()
    review.page.get_by_label("Justified", exact=True).check()
    review.page.get_by_label("Your note").fill("Missing episode out of hours: proportionate and necessary.")
    with review.navigation():
        review.page.get_by_role("button", name="Record judgement").click()
    expect(review.page.get_by_role("heading", name="Waiting for review (0)")).to_be_visible()
    assert EmergencyAccess.objects.get().judgement == "justified"
    desk.assert_all_checked()
    review.assert_all_checked()
