"""Identity in a real browser: a front-door practitioner types a child's details and candidates appear as they type,
each with its explanation; then a front-door manager compares a pair from the review queue and records a decision
(axe and the page checks on every page, and again after each live update)."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from tandem.accounts.tests.factories import TeamFactory, member
from tandem.people.models import MatchReview, Person
from tandem.people.tests.helpers import add_person
from tests.browser.conftest import Site
from tests.browser.test_need_to_know import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_candidates_appear_as_you_type_with_their_explanation(site: Site) -> None:
    worker = member("social-worker", team=TeamFactory())
    child = add_person(worker, given_name="Ottilie", family_name="Brannigan", date_of_birth=dt.date(2012, 6, 9))
    front_door = member("front-door-practitioner", team=TeamFactory(), username="fd.typist")

    sign_in(site, front_door)
    site.goto("/people/search")
    site.page.get_by_label("Finding out whether we already know a child in a new contact").check()
    site.page.get_by_label("First name").fill("Ottilie")
    site.page.get_by_label("Last name").press_sequentially("Branigan", delay=40)
    site.page.get_by_label("Day").fill("9")
    site.page.get_by_label("Month").fill("6")
    site.page.get_by_label("Year").fill("2012")

    row = site.page.get_by_role("row", name="Ottilie Brannigan")
    expect(row).to_be_visible(timeout=10_000)
    expect(row).to_contain_text("Possibly the same person")  # name and date of birth alone never say “likely”
    row.get_by_text("Why this person").click()
    expect(row).to_contain_text("date of birth")
    expect(site.page.get_by_role("button", name="Add a new person")).to_be_visible()
    site.check(again=True)
    assert Person.objects.get(pk=child.pk).superseded_by_id is None


def test_a_manager_compares_a_pair_and_decides(site: Site) -> None:
    worker = member("social-worker", team=TeamFactory())
    add_person(worker, given_name="Ottilie", family_name="Brannigan")
    add_person(
        worker, given_name="Ottilie", family_name="Brannigan", postcode="WY9 1AB", address_line_1="4 Brook Street"
    )
    manager = member("front-door-manager", team=TeamFactory(), username="fd.manager")

    sign_in(site, manager)
    site.goto("/people/reviews")
    expect(site.page.get_by_role("heading", name="Records that may be the same person")).to_be_visible()
    with site.navigation():
        site.page.get_by_role("link", name="Compare pair 1").click()
    expect(site.page.get_by_role("heading", name="Why the matching engine was not sure")).to_be_visible()
    site.page.get_by_label("No, different people").check()
    site.page.get_by_label("How do you know?").fill("Different GP practices and school records")
    with site.navigation():
        site.page.get_by_role("button", name="Record decision").click()
    expect(site.page.get_by_text("Recorded: these are different people")).to_be_visible()
    assert MatchReview.objects.get().status == "different"
