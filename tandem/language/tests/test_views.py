"""POST /language/advice: the fragment for htmx, the whole page without JavaScript, and who may use it."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from bs4 import BeautifulSoup, Tag
from django.test import Client
from django.urls import reverse

from tandem.audit.models import AccessEvent

URL = "/language/advice"
HTMX = {"HX-Request": "true"}


def test_the_url_is_language_advice() -> None:
    assert reverse("language:advice") == URL


def one(soup: Tag, selector: str) -> Tag:
    found = soup.select_one(selector)
    assert found is not None, selector
    return found


def advice_items(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [" ".join(one(li, "p").get_text(" ").split()) for li in soup.select(".tandem-language-advice li")]


def test_htmx_post_returns_only_the_advice_fragment(client_for: Callable[..., Client]) -> None:
    client = client_for("social-worker")
    response = client.post(URL, {"text": "She keeps putting herself at risk.", "child_age": "14"}, headers=HTMX)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "<html" not in html
    assert advice_items(html) == ["‘putting herself at risk’"]
    assert "Consider ‘may have been groomed’" in html
    assert 'href="https://docsbay.net/suggested-alternatives-for-describing-behaviour-around-cse-concerns"' in html


def test_htmx_post_reads_another_forms_field(client_for: Callable[..., Client]) -> None:
    client = client_for("police-officer")
    response = client.post(URL, {"field": "summary", "summary": "He absconded.", "text": ""}, headers=HTMX)
    assert response.status_code == 200
    assert advice_items(response.content.decode()) == ["‘absconded’"]


def test_htmx_post_of_empty_text_clears_the_advice(client_for: Callable[..., Client]) -> None:
    response = client_for("social-worker").post(URL, {"text": ""}, headers=HTMX)
    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_htmx_post_with_a_wrong_age_is_422_with_the_message(client_for: Callable[..., Client]) -> None:
    response = client_for("social-worker").post(URL, {"text": "absconded", "child_age": "fourteen"}, headers=HTMX)
    assert response.status_code == 422
    text = " ".join(BeautifulSoup(response.content, "html.parser").get_text(" ").split())
    assert text == "Error: Enter the child’s age as a whole number, like 14"


def test_age_changes_the_advice_in_the_fragment(client_for: Callable[..., Client]) -> None:
    client = client_for("health-practitioner")
    under_13 = client.post(URL, {"text": "She is sexually active.", "child_age": "12"}, headers=HTMX).content.decode()
    adult = client.post(URL, {"text": "She is sexually active.", "child_age": "19"}, headers=HTMX).content.decode()
    assert "Consider ‘has been raped’ or ‘has been sexually abused’." in under_13
    assert adult.strip() == ""


def test_the_check_page_without_javascript(client_for: Callable[..., Client]) -> None:
    response = client_for("social-worker").get(URL)
    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    soup = BeautifulSoup(response.content, "html.parser")
    assert one(soup, "title").get_text() == "Check wording – Tandem"
    assert one(soup, "h1").get_text() == "Check wording"
    assert one(soup, f'form[action="{URL}"] textarea[name="text"]')["hx-post"] == URL


def test_posting_without_javascript_shows_the_whole_page_with_advice_and_keeps_the_text(
    client_for: Callable[..., Client],
) -> None:
    text = "Her 24-year-old boyfriend says she is streetwise."
    response = client_for("social-worker").post(URL, {"text": text, "child_age": "15"})
    assert response.status_code == 200
    html = response.content.decode()
    soup = BeautifulSoup(html, "html.parser")
    assert one(soup, "title").get_text() == "Check wording – Tandem"
    assert one(soup, 'textarea[name="text"]').get_text() == text
    assert advice_items(html) == ["‘24-year-old boyfriend’", "‘streetwise’"]
    assert "OFFICIAL-SENSITIVE" in html


def test_posting_text_with_nothing_to_advise_says_so(client_for: Callable[..., Client]) -> None:
    response = client_for("social-worker").post(URL, {"text": "The risk assessment was reviewed."})
    assert "We found no wording to suggest changes to." in response.content.decode()
    assert advice_items(response.content.decode()) == []


def test_posting_no_text_without_javascript_shows_the_error_summary(client_for: Callable[..., Client]) -> None:
    response = client_for("social-worker").post(URL, {"text": "", "child_age": "30"})
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert one(soup, "title").get_text() == "Error: Check wording – Tandem"
    assert [a.get_text() for a in soup.select(".govuk-error-summary__list a")] == [
        "Enter the text you want to check",
        "The child’s age must be 25 or less",
    ]
    assert one(soup, 'input[name="child_age"]')["value"] == "30"


def test_straight_quotes_typed_by_the_user_are_shown_curly(client_for: Callable[..., Client]) -> None:
    response = client_for("social-worker").post(URL, {"text": "She didn't engage."})
    assert advice_items(response.content.decode()) == ["‘didn’t engage’"]


def test_anonymous_users_are_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.post(URL, {"text": "She absconded."})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert b"absconded" not in response.content


@pytest.mark.parametrize("role", ["performance-analyst", "inspector", "system-administrator"])
def test_roles_that_are_not_practitioners_are_refused(client_for: Callable[..., Client], role: str) -> None:
    response = client_for(role).post(URL, {"text": "She absconded."}, headers=HTMX)
    assert response.status_code == 403
    assert b"absconded" not in response.content
    assert b"went missing" not in response.content


def test_other_methods_are_not_allowed(client_for: Callable[..., Client]) -> None:
    assert client_for("social-worker").put(URL, "text=x").status_code == 405


def test_advice_discloses_no_person_record(client_for: Callable[..., Client]) -> None:
    client_for("social-worker").post(URL, {"text": "She absconded."}, headers=HTMX)
    assert AccessEvent.objects.count() == 0


def test_the_fragment_for_every_entry_passes_the_page_checks() -> None:
    from django.template.loader import render_to_string

    from tandem.govuk import pagecheck
    from tandem.language import advise
    from tandem.language.lexicon import get_lexicon

    text = " ".join(example for entry in get_lexicon().entries for example in entry.examples)
    findings = advise(text)
    fragment = render_to_string("language/_advice.html", {"advice": findings})
    page = f"<html><head><title>Notes – Tandem</title></head><body><h1>Notes</h1>{fragment}</body></html>"
    assert pagecheck.problems(page) == []
    assert len(advice_items(fragment)) == len(findings)
