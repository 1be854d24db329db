"""Language advice on the child's words is for the child's age, and never stops the save."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import signed_in_client
from tandem.govuk.testing import page
from tandem.meetings.models import Section47Enquiry
from tandem.meetings.tests.factories import born_years_ago, build_world, enquiry_of, full_discussion

pytestmark = pytest.mark.django_db

WORDS = "My 24-year-old boyfriend looks after me. I had sex with him because I wanted to."


@pytest.mark.parametrize(
    ("age", "suggestion"),
    [
        (12, "Consider ‘was raped by’ or ‘was sexually abused by’."),
        (15, "Consider ‘was sexually abused by’"),
        (17, "Say whether there was coercion, exchange or a power imbalance"),
    ],
)
def test_advice_on_the_childs_words_depends_on_their_age(age: int, suggestion: str) -> None:
    world = build_world(date_of_birth=born_years_ago(age))
    enquiry = enquiry_of(full_discussion(world))
    today = timezone.localdate()

    client = signed_in_client(world.social_worker)
    response = client.post(
        reverse("meetings:child_seen", args=[enquiry.pk]),
        {
            "seen_on-day": today.day,
            "seen_on-month": today.month,
            "seen_on-year": today.year,
            "seen_alone": "yes",
            "child_words": WORDS,
            "version": enquiry.version,
        },
    )

    assert response["Location"] == reverse("meetings:saved")
    shown = page(client.get(response["Location"]))
    assert shown.h1 == "Saved: check your wording"
    assert f"(advice for a child aged {age})" in shown.text("main")
    assert shown.texts(".tandem-language-advice__list li strong") == ["‘24-year-old boyfriend’", "‘had sex with’"]
    assert suggestion in shown.texts(".tandem-language-advice__list > li")[1]
    assert Section47Enquiry.objects.get().child_words == WORDS
    assert shown.link("Continue") == reverse("meetings:enquiry_detail", args=[enquiry.pk])


def test_words_with_nothing_to_advise_on_go_straight_back_to_the_enquiry() -> None:
    world = build_world()
    enquiry = enquiry_of(full_discussion(world))
    today = timezone.localdate()

    response = signed_in_client(world.social_worker).post(
        reverse("meetings:child_seen", args=[enquiry.pk]),
        {
            "seen_on-day": today.day,
            "seen_on-month": today.month,
            "seen_on-year": today.year,
            "seen_alone": "no",
            "child_words": "I miss my nan and I want to go back to school.",
            "version": enquiry.version,
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("meetings:enquiry_detail", args=[enquiry.pk])
