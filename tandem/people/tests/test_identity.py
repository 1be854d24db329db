"""The identity index in the register: what `describe` gives the engine, re-indexing on every change, what searches
may show (index tier, related only, restricted and sealed records), the estimated model, and two processes."""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from conftest import signed_in_client
from tandem.accounts.tests.factories import TeamFactory, member
from tandem.audit.models import AccessEvent
from tandem.people import actions, identity
from tandem.people.codes import Marking
from tandem.people.models import MatchEntry, MatchKey, MatchModelVersion, MatchReview, Person
from tandem.people.tests.factories import allocated_child
from tandem.people.tests.helpers import add_person, describe, searching_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker() -> Any:
    return member("social-worker", team=TeamFactory())


@pytest.fixture
def front_door() -> Any:
    return member("front-door-practitioner", team=TeamFactory())


def test_describe_uses_every_name_address_and_identifier(worker: Any) -> None:
    person = add_person(worker, known_as="Tilly", nhs_number="943 476 5919", middle_names="Rose")
    actions.add_name(person, actions.NewName("previous", given_name="Maya", family_name="Price"), by=worker)
    actions.add_address(person, line_1="4 Brook Street", town="Ashbrook", postcode="wy9 1ab", by=worker)
    actions.add_identifier(person, actions.NewIdentifier("upn", "H801200001001"), by=worker)
    actions.add_identifier(person, actions.NewIdentifier("la-person", "LA-77", issuer="Wyvern Vale"), by=worker)

    d = identity.describe(person)

    assert d.given_names == ("Maya", "Rose", "Tilly")
    assert d.family_names == ("Lockwood", "Price")
    assert d.postcodes == ("WY9 1AB", "WY7 2QX")
    assert d.address_lines == ("4 Brook Street, Ashbrook", "12 Mill Lane")
    assert d.nhs_number == "9434765919"
    assert set(d.other_identifiers) == {("upn", "H801200001001"), ("la-person:wyvern vale", "LA-77")}


def test_every_change_to_identity_data_reindexes(worker: Any) -> None:
    person = add_person(worker)
    keys = set(MatchKey.objects.filter(entry=person.match_entry.pk).values_list("key", flat=True))

    actions.add_address(person, line_1="4 Brook Street", postcode="WY9 1AB", by=worker)

    entry = MatchEntry.objects.get(person=person)
    after = set(MatchKey.objects.filter(entry=entry.pk).values_list("key", flat=True))
    assert identity.key_hash("p:WY9 1AB") in after - keys
    assert json.loads(entry.data)["p"] == ["WY9 1AB", "WY7 2QX"]
    assert {int(k) for k in entry.keys.split()} == after
    person = actions.update_identity(person, version=person.version, family_name="Price", by=worker)
    assert json.loads(MatchEntry.objects.get(person=person).data)["f"][:2] == ["price", "lockwood"]


def test_reindex_people_rebuilds_entries_of_another_normalisation_version(worker: Any) -> None:
    person = add_person(worker)
    entry = MatchEntry.objects.get(person=person)
    MatchEntry.objects.filter(pk=entry.pk).update(version=0)
    MatchKey.objects.create(key=identity.key_hash("old:key"), entry=entry.pk)
    MatchEntry.objects.filter(pk=entry.pk).update(keys=f"{entry.keys} {identity.key_hash('old:key')}")
    out = io.StringIO()

    call_command("reindex_people", stdout=out)

    fresh = MatchEntry.objects.get(person=person)
    assert fresh.version == identity.NORMALISATION_VERSION
    assert not MatchKey.objects.filter(key=identity.key_hash("old:key")).exists()
    assert MatchKey.objects.filter(entry=fresh.pk).count() == len(fresh.keys.split())
    assert out.getvalue() == "Indexed 1 people\n"


def test_a_stale_edit_is_refused(worker: Any) -> None:
    person = add_person(worker)
    actions.update_identity(person, version=1, known_as="Tilly", by=worker)
    with pytest.raises(actions.StaleVersion):
        actions.update_identity(person, version=1, known_as="Milly", by=worker)


def test_front_door_finds_anyone_in_the_index_with_an_explanation(worker: Any, front_door: Any) -> None:
    person = add_person(worker)

    found = identity.find_candidates(describe(), by=searching_request(front_door), purpose="test")

    [candidate] = found.candidates
    assert (candidate.person_id, candidate.decision, candidate.label) == (person.pk, "match", "Likely the same person")
    assert candidate.entry.is_related is False
    assert candidate.entry.partial_postcode == "WY7 2"
    assert "date of birth" in candidate.explanation
    assert found.index_tier is True


def test_roles_without_the_index_find_only_people_they_work_with(worker: Any) -> None:
    mine = allocated_child(worker, given_name="Maya", family_name="Lockwood", date_of_birth=dt.date(2010, 3, 14))
    identity.reindex(mine)
    other = add_person(member("social-worker", team=TeamFactory()), date_of_birth=dt.date(2010, 3, 15))

    found = identity.find_candidates(describe(), by=searching_request(worker), purpose="test")

    assert [c.person_id for c in found.candidates] == [mine.pk]
    assert other.pk not in {c.person_id for c in found.candidates}
    assert found.candidates[0].entry.is_related is True


def test_restricted_and_sealed_records_stay_out_of_the_index_for_others(worker: Any, front_door: Any) -> None:
    restricted = add_person(worker, marking=Marking.RESTRICTED)
    sealed = add_person(worker, given_name="Mia", marking=Marking.SEALED)
    request = searching_request(front_door)

    found = identity.find_candidates(describe(), by=request, purpose="test", include_same_family_name=True)

    shown = {c.person_id for c in found.candidates} | {c.person_id for c in found.same_family_name}
    assert shown.isdisjoint({restricted.pk, sealed.pk})
    assert set(request.tandem_audit.disclosures).isdisjoint({str(restricted.pk), str(sealed.pk)})
    sealed.sealed_to.add(front_door.user)
    found = identity.find_candidates(describe(given_names=("Mia",)), by=searching_request(front_door), purpose="t")
    assert sealed.pk in {c.person_id for c in found.candidates}


def test_nothing_below_the_lower_threshold_is_shown_and_nothing_is_decided(worker: Any, front_door: Any) -> None:
    add_person(worker)
    found = identity.find_candidates(
        describe(given_names=("Zachary",), date_of_birth=dt.date(1990, 1, 1), postcodes=("LS1 1AA",)),
        by=searching_request(front_door),
        purpose="test",
    )
    assert found.candidates == []
    assert Person.objects.filter(superseded_by__isnull=False).count() == 0


def test_adding_a_person_the_engine_still_matches_queues_the_pair_for_review(worker: Any, front_door: Any) -> None:
    first = add_person(worker)
    second = add_person(front_door, given_name="Maya", family_name="Lockwood")

    review = MatchReview.objects.get()
    assert {review.person_a_id, review.person_b_id} == {first.pk, second.pk}
    assert (review.origin, review.status) == ("front-door", "open")


def test_estimate_match_model_installs_a_version_the_lookups_use(worker: Any) -> None:
    for i, name in enumerate(("Maya", "Omar", "Ada", "Ben", "Cy", "Dee")):
        add_person(worker, given_name=name, family_name=f"Fam{i}", date_of_birth=dt.date(2010, 1, i + 1))
    out = io.StringIO()

    call_command("estimate_match_model", "--seed", "3", stdout=out)

    installed = MatchModelVersion.objects.get()
    assert (installed.version, installed.is_active, installed.register_size) == (1, True, 6)
    assert "Installed matching model version 1" in out.getvalue()
    assert identity.installed_model_version() == 1
    assert identity.model().prior == pytest.approx(0.5 / identity.MIN_PRIOR_REGISTER)


def test_training_uses_pairs_practitioners_decided(worker: Any) -> None:
    add_person(worker, given_name="Omar", family_name="Haddad", date_of_birth=dt.date(2009, 11, 2))
    first = add_person(worker)
    second = add_person(worker, given_name="Maya", family_name="Lockwood", postcode="WY9 1AB")
    review = MatchReview.objects.get()
    manager = member("team-manager", team=worker.team, agency=worker.agency)
    actions.decide_review(review, decision="same", note="Same NHS number on both files", by=manager)
    out = io.StringIO()

    call_command("estimate_match_model", "--train", "--dry-run", stdout=out)

    assert "1 practitioner-decided pairs" in out.getvalue()
    assert "trained on 1 confirmed matches" in out.getvalue()
    assert MatchModelVersion.objects.count() == 0
    assert Person.objects.get(pk=second.pk).superseded_by_id == first.pk


def test_the_candidates_fragment_and_the_api_make_a_constant_number_of_queries(
    worker: Any, front_door: Any, django_assert_num_queries: Any
) -> None:
    from tandem.api.tests.helpers import bearer

    client = signed_in_client(front_door)
    form = {
        "given_name": "Maya",
        "family_name": "Lockwood",
        "date_of_birth-day": "14",
        "date_of_birth-month": "3",
        "date_of_birth-year": "2010",
        "purpose": "identity-resolution",
    }
    body = json.dumps(
        {"given_names": ["Maya"], "family_names": ["Lockwood"], "date_of_birth": "2010-03-14", "purpose": "casework"}
    )
    api = {"content_type": "application/json", "HTTP_AUTHORIZATION": bearer(front_door)}
    add_person(worker)
    identity.model()
    api_client = Client()
    client.post(reverse("people:person_candidates"), form, HTTP_HX_REQUEST="true")  # the session's first save
    api_client.post(reverse("api:person_matches"), body, **api)  # the token's first "last used"
    counts = []
    for extra in range(2):
        if extra:
            for day in (15, 16, 17):
                add_person(worker, date_of_birth=dt.date(2010, 3, day), given_name="Maya")
            identity.model()
        with django_assert_num_queries(FRAGMENT_QUERIES) as fragment:
            response = client.post(reverse("people:person_candidates"), form, HTTP_HX_REQUEST="true")
        assert response.status_code == 200
        with django_assert_num_queries(API_QUERIES) as api_queries:
            answer = api_client.post(reverse("api:person_matches"), body, **api)
        assert answer.status_code == 200
        counts.append((len(fragment), len(api_queries), len(answer.json()["candidates"])))
    assert counts[0][:2] == counts[1][:2]
    assert counts[1][2] > counts[0][2]


# Session, user, membership; block sizes, candidates; the people with their visibility, then their agencies and
# addresses; the search record; the access event (chain head, event, subjects) — and on PostgreSQL the audit chain's
# advisory lock.
FRAGMENT_QUERIES = 17 + (1 if connection.vendor == "postgresql" else 0)
API_QUERIES = 14 + (1 if connection.vendor == "postgresql" else 0)


def test_search_fragment_is_one_access_event_per_search(worker: Any, front_door: Any) -> None:
    person = add_person(worker)
    client = signed_in_client(front_door)

    response = client.post(
        reverse("people:person_candidates"),
        {"given_name": "Maya", "family_name": "Lockwood", "purpose": "identity-resolution"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Why this person" in response.content.decode()
    [event] = AccessEvent.objects.all()
    assert event.channel == "fragment"
    assert [s["person"] for s in event.subjects] == [str(person.pk)]
    assert event.purpose == "Finding out whether we already know a child in a new contact"


def test_nothing_is_searched_until_a_last_name_is_typed(front_door: Any) -> None:
    client = signed_in_client(front_door)
    response = client.post(reverse("people:person_candidates"), {"given_name": "Ma"}, HTTP_HX_REQUEST="true")
    assert "Enter a last name to see possible matches" in response.content.decode()
    assert AccessEvent.objects.count() == 0


# ---------------------------------------------------------------------------------------------------------------------
# Two processes: a person committed by one process is found by the next lookup of another.

WRITER = """
import datetime as dt, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from tandem.accounts.models import Membership
from tandem.people import actions
from tandem.people.models import IdentitySearch
membership = Membership.objects.get(pk=int(sys.argv[1]))
search = IdentitySearch.objects.create(membership=membership, description={}, candidate_ids=[])
person = actions.create_person(given_name="Ottilie", family_name="Brannigan", date_of_birth=dt.date(2012, 6, 9),
    postcode="WY4 6TR", address_line_1="9 Foundry Lane", owning_agency=membership.agency, after_search=search.pk,
    by=membership)
print(person.pk)
"""
READER = """
import datetime as dt, os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()
from tandem.accounts.models import Membership
from tandem.people import identity
from tandem.people.matching import PersonDescription
from tandem.people.tests.helpers import searching_request
membership = Membership.objects.get(pk=int(sys.argv[1]))
identity.model()  # warm, as a long-running web process is
print("ready", flush=True)
sys.stdin.readline()
found = identity.find_candidates(PersonDescription(given_names=("Ottilie",), family_names=("Brannigan",),
    date_of_birth=dt.date(2012, 6, 9), postcodes=("WY4 6TR",)), by=searching_request(membership), purpose="test")
print(" ".join(str(c.person_id) for c in found.candidates))
"""


def _database_url(tmp_path: Path) -> str:
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        # The test database lives in memory: copy it (schema and the committed rows) to a file both processes open.
        path = tmp_path / "shared.sqlite3"
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        return f"sqlite:///{path}"
    return f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.mark.django_db(transaction=True)
def test_two_processes_see_each_others_committed_people(tmp_path: Path) -> None:
    front_door = member("front-door-practitioner", team=TeamFactory())
    env = {**os.environ, "DATABASE_URL": _database_url(tmp_path), "PYTHONPATH": str(settings.BASE_DIR)}
    reader = subprocess.Popen(  # noqa: S603 - our own scripts, with our interpreter
        [sys.executable, "-c", READER, str(front_door.pk)],
        cwd=settings.BASE_DIR,
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert reader.stdout is not None
    assert reader.stdin is not None
    assert reader.stdout.readline().strip() == "ready"

    written = subprocess.run(  # noqa: S603 - our own script, with our interpreter
        [sys.executable, "-c", WRITER, str(front_door.pk)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    reader.stdin.write("go\n")
    reader.stdin.flush()
    found, _ = reader.communicate(timeout=120)

    assert found.split() == [written.stdout.strip()]
