"""The API base: bearer tokens (hashed, expiring, revocable), problem details, authentication first, the schema."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tandem.accounts.models import ApiToken
from tandem.accounts.tests.factories import TeamFactory, enrol_totp, member
from tandem.api.tests.helpers import bearer
from tandem.people.tests.factories import allocated_child

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.fixture
def worker() -> Any:
    return member("social-worker", team=TeamFactory())


def problem(response: Any) -> dict[str, Any]:
    assert response["Content-Type"] == PROBLEM
    body: dict[str, Any] = json.loads(response.content)
    assert set(body) >= {"type", "title", "status", "detail", "errors"}
    assert body["status"] == response.status_code
    return body


def test_create_api_token_prints_the_token_alone_on_its_last_line(worker: Any) -> None:
    out = io.StringIO()
    call_command("create_api_token", worker.user.username, "--days", "7", stdout=out)
    token = out.getvalue().rstrip("\n").split("\n")[-1]
    assert token.startswith("tdm_")
    stored = ApiToken.objects.get()
    assert stored.digest == ApiToken.digest_of(token)
    assert token not in {stored.digest, stored.hint}
    assert dt.timedelta(days=6, hours=23) < stored.expires_at - timezone.now() <= dt.timedelta(days=7)
    child = allocated_child(worker)
    assert (
        Client().get(reverse("api:people_retrieve", args=[child.pk]), HTTP_AUTHORIZATION=f"Bearer {token}").status_code
        == 200
    )


def test_create_api_token_refuses_unknown_users() -> None:
    with pytest.raises(CommandError, match="no active user called nobody"):
        call_command("create_api_token", "nobody")


def test_missing_token_is_401_problem(worker: Any) -> None:
    child = allocated_child(worker)
    response = Client().get(reverse("api:people_retrieve", args=[child.pk]))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="tandem"'
    assert problem(response)["title"] == "You need to authenticate"


@pytest.mark.parametrize("header", ["Token abc", "Bearer", "Bearer not-a-real-token", "Bearer a b"])
def test_bad_tokens_are_refused(worker: Any, header: str) -> None:
    child = allocated_child(worker)
    response = Client().get(reverse("api:people_retrieve", args=[child.pk]), HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert child.family_name not in response.content.decode()


def test_expired_and_revoked_tokens_are_refused(worker: Any) -> None:
    child = allocated_child(worker)
    header = bearer(worker)
    token = ApiToken.objects.get()
    token.expires_at = timezone.now() - dt.timedelta(seconds=1)
    token.save()
    assert Client().get(reverse("api:people_retrieve", args=[child.pk]), HTTP_AUTHORIZATION=header).status_code == 401
    token.expires_at = timezone.now() + dt.timedelta(days=1)
    token.revoked_at = timezone.now()
    token.save()
    assert Client().get(reverse("api:people_retrieve", args=[child.pk]), HTTP_AUTHORIZATION=header).status_code == 401


def test_non_demo_account_without_mfa_cannot_use_the_api() -> None:
    worker = member("social-worker", team=TeamFactory(), is_demo_account=False)
    child = allocated_child(worker)
    header = bearer(worker)
    assert Client().get(reverse("api:people_retrieve", args=[child.pk]), HTTP_AUTHORIZATION=header).status_code == 401
    enrol_totp(worker.user)
    assert Client().get(reverse("api:people_retrieve", args=[child.pk]), HTTP_AUTHORIZATION=header).status_code == 200


def test_authentication_is_checked_before_the_body() -> None:
    response = Client().post(reverse("api:people_search"), "not json", content_type="application/json")
    assert response.status_code == 401


def test_validation_errors_list_each_field(worker: Any) -> None:
    response = Client().post(
        reverse("api:people_search"),
        json.dumps({"given_name": "Ada", "purpose": "sightseeing"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer(worker),
    )
    assert response.status_code == 400
    body = problem(response)
    assert body["errors"] == [
        {"field": "family_name", "code": "required", "message": "This field is required."},
        {"field": "purpose", "code": "invalid_choice", "message": '"sightseeing" is not a valid choice.'},
    ]


def test_unknown_person_is_a_404_problem(worker: Any) -> None:
    response = Client().get(
        reverse("api:people_retrieve", args=["6f1c5a9e-0000-4000-8000-000000000000"]), HTTP_AUTHORIZATION=bearer(worker)
    )
    assert response.status_code == 404
    assert problem(response)["title"] == "Not found"


def test_role_without_the_policy_is_403(worker: Any) -> None:
    analyst = member("performance-analyst")
    response = Client().post(
        reverse("api:people_search"),
        json.dumps({"family_name": "X", "purpose": "casework"}),
        content_type="application/json",
        HTTP_AUTHORIZATION=bearer(analyst),
    )
    assert response.status_code == 403
    assert problem(response)["status"] == 403


def test_trailing_slash_is_not_an_alias() -> None:
    assert Client().get("/api/v1/schema/").status_code == 404


def test_schema_is_public_complete_and_free_of_personal_data(worker: Any) -> None:
    child = allocated_child(worker, family_name="Quillfeather")
    response = Client().get(reverse("api:schema"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Quillfeather" not in body
    assert str(child.pk) not in body
    assert "/api/v1/people/search:" in body
    assert "/api/v1/people/{person_id}:" in body
    assert "bearerAuth" in body
    assert "application/problem+json" in body
    for line in body.splitlines():
        if line.startswith("  /api/"):
            assert not line.rstrip(":").endswith("/"), line


def test_person_search_api_obeys_the_index_tier(worker: Any) -> None:
    child = allocated_child(worker, family_name="Moorcroft")
    front_door = member("front-door-practitioner", team=TeamFactory())
    health = member("health-practitioner", team=TeamFactory())
    request = json.dumps({"family_name": "Moorcroft", "purpose": "identity-resolution"})

    found = Client().post(
        reverse("api:people_search"), request, content_type="application/json", HTTP_AUTHORIZATION=bearer(front_door)
    )
    hidden = Client().post(
        reverse("api:people_search"), request, content_type="application/json", HTTP_AUTHORIZATION=bearer(health)
    )

    assert [r["id"] for r in found.json()["results"]] == [str(child.pk)]
    assert found.json()["results"][0]["is_related"] is False
    assert hidden.json() == {"results": [], "hidden_exact_matches": 0}
