"""The front door in a real browser, end to end, with axe-core and the page checks on every page reached.

A police officer tells the front door about a child found out of area with an older adult (and the child's sister);
the front-door practitioner finds both children on the register and asks health and education what they know; the
health practitioner answers; the manager rates the contact Red and decides a strategy discussion for the child and
early help for the sister; the acknowledgement and the outcome feedback are recorded, and the officer sees them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from playwright.sync_api import expect

from tandem.accounts.models import Membership
from tandem.accounts.tests.factories import PASSWORD
from tandem.frontdoor.models import AgencyCheck, ChildDecision, Contact
from tandem.frontdoor.tests.factories import SIBLING, build_area, register_child
from tests.browser.conftest import Site

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(site: Site, membership: Membership) -> None:
    site.goto("/")
    site.page.get_by_label("Username").fill(membership.user.username)
    site.page.get_by_label("Password", exact=True).fill(PASSWORD)
    with site.navigation():
        site.page.get_by_role("button", name="Sign in").click()


def submit(site: Site, button: str = "Save and continue") -> None:
    with site.navigation():
        site.page.get_by_role("button", name=button).click()


def follow(site: Site, link: str) -> None:
    """Follow a link (GOV.UK start buttons are links with the button role)."""
    target = site.page.get_by_role("link", name=link).or_(site.page.get_by_role("button", name=link))
    with site.navigation():
        target.first.click()


def write(site: Site, label: str, text: str) -> None:
    """Type into a textarea that checks its wording as you type, and wait for the advice to come back (so the form
    is never sent while that request is still running)."""
    with site.page.expect_response(lambda response: "/language/advice" in response.url):
        site.page.get_by_label(label).fill(text)


def add_child(site: Site, given: str, family: str, born: dt.date, sex: str) -> None:
    page = site.page
    expect(page.locator("h1")).to_have_text("About the child")
    page.get_by_label("First name").fill(given)
    page.get_by_label("Last name").fill(family)
    page.get_by_label("Day").fill(str(born.day))
    page.get_by_label("Month").fill(str(born.month))
    page.get_by_label("Year").fill(str(born.year))
    page.get_by_label(sex, exact=True).check()
    page.get_by_label("Address").fill("4 Canal Row")
    page.get_by_label("Town or city").fill("Wyvern Vale")
    page.get_by_label("Postcode").fill("WV3 4AB")
    page.get_by_label("School or college").fill("Riverside Academy")
    submit(site)
    expect(page.locator("h1")).to_have_text(f"Equality and diversity needs of {given} {family}")
    page.get_by_label("First language").fill("English")
    page.get_by_role("group", name="Are they care experienced?").get_by_label("No", exact=True).check()
    submit(site)


def test_a_contact_from_the_police_to_decisions_and_feedback(site: Site, new_site: Callable[..., Site]) -> None:
    area = build_area()
    kai = register_child(area.council)
    lily = register_child(area.council, given_name=SIBLING["given_name"], date_of_birth=SIBLING["date_of_birth"])
    page = site.page

    # The police officer tells the front door, page by page.
    sign_in(site, area.officer)
    expect(page.locator("h1")).to_have_text("Your agency’s open requests")
    follow(site, "Tell the front door about a child")
    submit(site, "Start")
    expect(page.locator("h1")).to_have_text("Who the contact is from")
    expect(page.get_by_label("Full name")).to_have_value("Liam Walsh")
    page.get_by_label("Phone number").fill("01632 960001")
    submit(site)
    expect(page.get_by_label("Police", exact=True)).to_be_checked()
    submit(site)
    expect(page.locator("h1")).to_have_text("Police references")
    page.get_by_label("Police reference (incident or log number)").fill("WV-2611-0042")
    page.get_by_label("Public protection notice (PPN) reference").fill("PPN-26-1187")
    submit(site)
    expect(page.locator("h1")).to_have_text("Children this contact is about")
    page.get_by_label("Yes").check()
    submit(site, "Continue")
    add_child(site, "Kai", "Marsh", kai.date_of_birth, "Male")
    page.get_by_label("Yes").check()
    submit(site, "Continue")
    add_child(site, "Lily", "Marsh", lily.date_of_birth, "Female")
    page.get_by_label("No").check()
    submit(site, "Continue")
    expect(page.locator("h1")).to_have_text("The child’s household and people of concern")
    page.get_by_label("Yes").check()
    submit(site, "Continue")
    page.get_by_label("A person of concern").check()
    page.get_by_label("First name").fill("Dean")
    page.get_by_label("Last name").fill("Cole")
    page.get_by_label("Age, if you do not know their date of birth").fill("24")
    page.get_by_label("Relationship to the child").fill("Associate")
    write(site, "Why are they a concern?", "Known to police for supplying drugs in Northgate.")
    submit(site)
    expect(page.locator("h1")).to_have_text("Saved: check your wording")
    expect(page.locator(".tandem-language-advice")).to_contain_text("‘Known to police’")
    follow(site, "Continue")
    page.get_by_label("No").check()
    submit(site, "Continue")
    expect(page.locator("h1")).to_have_text("The concern")
    write(
        site, "What is the concern?", "Kai was found at 2am in a flat in Northgate, 40 miles away, with a man aged 24."
    )
    write(site, "What have you seen, heard or been told?", "Two phones and £300 in cash.")
    write(site, "What do you think is happening?", "Criminal exploitation through county lines.")
    submit(site)
    page.get_by_label("Found out of area").check()
    page.get_by_label("Older or controlling associates").check()
    submit(site)
    write(site, "What has the child said, or how do they feel?", "Kai said he wanted to go home.")
    submit(site)
    page.get_by_label("Safeguarding, law enforcement processing (DPA 2018 Schedule 8, paragraph 4)").check()
    page.get_by_role("group", name="Has the family been told about this contact?").get_by_label("Yes").check()
    submit(site)
    expect(page.locator("h1")).to_have_text("Have you completed a screening tool?")
    submit(site)
    expect(page.locator("h1")).to_have_text("Check your answers before sending the contact")
    submit(site, "Send to the front door")
    expect(page.locator("h1")).to_have_text("Contact sent")
    contact = Contact.objects.get()
    expect(page.locator(".govuk-panel")).to_contain_text(contact.reference)
    assert contact.is_possible_exploitation

    # The front-door practitioner finds both children and asks health and education.
    front_door = new_site()
    sign_in(front_door, area.practitioner)
    follow(front_door, "Front-door queue")
    expect(front_door.page.locator("tbody")).to_contain_text("Kai Marsh")
    follow(front_door, contact.reference)
    for name in ("Kai Marsh", "Lily Marsh"):
        follow(front_door, f"Find on the register ({name})")
        submit(front_door, "Search the register")
        front_door.page.get_by_label(name, exact=True).check()
        submit(front_door, "Continue")
        expect(front_door.page.locator(".govuk-notification-banner")).to_contain_text(f"{name} is linked")
    follow(front_door, "Ask agencies what they know")
    front_door.page.get_by_label("Vale Health (health provider)").check()
    front_door.page.get_by_label("Vale School (school or college)").check()
    write(front_door, "What do you want to know?", "What do you know about Kai and Lily?")
    submit(front_door, "Send the requests")
    follow(front_door, "Record the acknowledgement")
    front_door.page.get_by_label("In Tandem (the referrer has an account)").check()
    write(front_door, "What was the referrer told?", "Thank you: we will decide today.")
    submit(front_door, "Save")

    # The health practitioner answers from their own queue.
    health = new_site()
    sign_in(health, area.nurse)
    follow(health, f"Answer {contact.reference}")
    expect(health.page.locator("h1")).to_have_text("Answer the front door’s request")
    write(health, "What does your agency know?", "Kai attended A&E twice in October.")
    health.page.get_by_label("Where does this information come from?").fill("Hospital records")
    health.page.get_by_label("Restricted: your agency, and shared with the front door only").check()
    health.page.get_by_label(
        "Safeguarding of children and individuals at risk (DPA 2018 Schedule 1, paragraph 18)"
    ).check()
    health.page.get_by_role("group", name="Has the family been told that your agency is sharing this?").get_by_label(
        "Yes"
    ).check()
    submit(health, "Send your answer")
    expect(health.page.locator(".govuk-notification-banner")).to_contain_text("Your answer has been sent")
    assert AgencyCheck.objects.filter(status="answered").count() == 1

    # The manager rates it Red and decides for each child.
    manager = new_site()
    sign_in(manager, area.manager)
    follow(manager, contact.reference)
    expect(manager.page.locator("main")).to_contain_text("Kai attended A&E twice in October.")
    follow(manager, "Rate this contact")
    manager.page.get_by_label("Red").check()
    write(manager, "Why this rating?", "Found out of area with an adult linked to drug supply.")
    submit(manager, "Save the rating")
    for name, outcome, team in (
        ("Kai Marsh", "Strategy discussion (section 47)", "Risk Outside the Home Team"),
        ("Lily Marsh", "Early help", "Early Help"),
    ):
        follow(manager, f"Decide ({name})")
        expect(manager.page.locator("h1")).to_have_text(f"Decision for {name}")
        manager.page.get_by_label(outcome, exact=True).check()
        manager.page.get_by_label("Which team takes the next step?").select_option(label=team)
        write(manager, "Rationale for the decision", "Reasonable cause to suspect harm.")
        write(manager, "How was the child’s voice considered?", "Seen alone; wants to go home.")
        write(manager, "How were the child’s equality and diversity needs considered?", "None known.")
        submit(manager, "Record the decision")
    assert sorted(ChildDecision.objects.values_list("outcome", flat=True)) == ["early-help", "strategy"]
    expect(manager.page.locator(".govuk-caption-l")).to_have_text("Decided")

    # The practitioner gives the outcome; the officer sees the acknowledgement and the feedback.
    front_door.goto(f"/front-door/contacts/{contact.pk}")
    follow(front_door, "Record the outcome feedback")
    front_door.page.get_by_label("In Tandem (the referrer has an account)").check()
    write(front_door, "What was the referrer told?", "A strategy discussion is being held for Kai.")
    submit(front_door, "Save")
    site.goto("/front-door/my-contacts")
    follow(site, contact.reference)
    expect(page.locator("main")).to_contain_text("Thank you: we will decide today.")
    expect(page.locator("main")).to_contain_text("A strategy discussion is being held for Kai.")
    expect(page.locator("main")).not_to_contain_text("Kai attended A&E twice in October.")
    for visited in (site, front_door, health, manager):
        visited.assert_all_checked()
