"""Lookup latency: one noisy person description against a register of 10,000 / 100,000 / 1,000,000 people.

    python bench/lookup_latency.py --people 1000000                          # SQLite files under bench/out/lookup
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem python bench/lookup_latency.py --people 1000000
    .venv-bench/bin/python bench/lookup_latency.py --people 1000000 --splink-queries 30   # with Splink alongside

For each register size, in a fresh child process (so memory is that size's alone):

1. build the register with the demo's seed generator (`tandem.people.seed.seed_people`: households, addresses, NHS
   numbers, relationships, and the identity index in the same pass), timing it and recording peak memory. With
   `--reuse` a register seeded by an earlier run (same size, seed and engine normalisation version) is kept;
2. draw `--queries` people at random (seeded) and make each a noisy description, as a referrer would type it: a
   first-name typo or nickname, a last-name typo, the day and month swapped or one digit wrong, no NHS number half
   the time, a move to another postcode or a postcode typo;
3. time `identity.find_candidates()` in this process (front-door practitioner, index tier: blocking, fetch with the
   access filter, scoring, explanation, the search record), then the same descriptions end to end through
   `POST /api/v1/person-matches` (Django's test client: authentication, policy, validation, the access event, JSON);
4. optionally time Splink 5's one-record `predict_between` against the same register (DuckDB, the usual recipe:
   name, date-of-birth, postcode, NHS and sex comparisons; u by random sampling; EM on date of birth and postcode).

Prints ONE JSON line: per size the build time and memory, latency p50/p95/p99 (ms), candidates per query, and the
ratio of Splink's per-query time to Tandem's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SEED = 1


def _quantiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 3)

    return {"p50": at(0.50), "p95": at(0.95), "p99": at(0.99), "max": round(ordered[-1], 3), "n": len(ordered)}


def _peak_rss_mb() -> dict[str, float]:
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(me, 1), "largest_child_mb": round(children, 1)}


# ---------------------------------------------------------------------------------------------------------------------
# Noise: how a referrer's description differs from the register (independent of the engine's own tables).

NICKNAMES = {
    "william": "Bill", "robert": "Bob", "elizabeth": "Beth", "katherine": "Kate", "catherine": "Kate",
    "margaret": "Maggie", "michael": "Mike", "thomas": "Tom", "joseph": "Joe", "daniel": "Dan", "samuel": "Sam",
    "benjamin": "Ben", "alexander": "Alex", "jessica": "Jess", "rebecca": "Becky", "christopher": "Chris",
    "matthew": "Matt", "jennifer": "Jen", "victoria": "Vicky", "oliver": "Ollie", "charlotte": "Lottie",
}  # fmt: skip


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text))
    kind = rng.random()
    if kind < 0.33:
        return text[:i] + text[i + 1 :]
    if kind < 0.66:
        return text[:i] + rng.choice("aeiourstln") + text[i:]
    return text[: i - 1] + text[i] + text[i - 1] + text[i + 1 :] if i < len(text) else text


def noisy(rng: random.Random, person: dict[str, Any], postcodes: list[str]) -> dict[str, Any]:
    given, family, born = person["given"], person["family"], person["dob"]
    if rng.random() < 0.2 and given.lower() in NICKNAMES:
        given = NICKNAMES[given.lower()]
    elif rng.random() < 0.25:
        given = _typo(rng, given)
    if rng.random() < 0.15:
        family = _typo(rng, family)
    if born is not None:
        roll = rng.random()
        if roll < 0.08 and born.day <= 12 and born.day != born.month:
            born = dt.date(born.year, born.day, born.month)
        elif roll < 0.16:
            born = born + dt.timedelta(days=rng.choice([-10, -1, 1, 10]))
    postcode = person["postcode"]
    if rng.random() < 0.3:
        postcode = rng.choice(postcodes)
    elif rng.random() < 0.1 and postcode:
        postcode = postcode[:-1] + rng.choice("ABDEFGHJLNPQRSTUWXYZ")
    return {
        "given_names": [given],
        "family_names": [family],
        "date_of_birth": born.isoformat() if born else None,
        "sex": person["sex"],
        "postcodes": [postcode] if postcode else [],
        "nhs_number": person["nhs"] if person["nhs"] and rng.random() < 0.5 else "",
        "purpose": "identity-resolution",
    }


# ---------------------------------------------------------------------------------------------------------------------
# The child: one register size.


def child(args: argparse.Namespace) -> dict[str, Any]:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from tandem.accounts.models import Agency, ApiToken, Membership, Team, User
    from tandem.people import bulk, identity, seed
    from tandem.people.matching import NORMALISATION_VERSION
    from tandem.people.models import MatchEntry, MatchKey, Person

    size = args.size
    result: dict[str, Any] = {"people": size, "database": connection.vendor}
    call_command("migrate", verbosity=0)
    agency, _ = Agency.objects.get_or_create(
        slug="bench-csc", defaults={"name": "Bench children’s services", "kind": "childrens-social-care"}
    )
    marker = Path(args.marker) if args.marker else None
    expected = {"size": size, "seed": SEED, "normalisation": NORMALISATION_VERSION}
    reused = marker is not None and marker.exists() and json.loads(marker.read_text()).get("key") == expected
    if reused:
        assert marker is not None
        result["build"] = {**json.loads(marker.read_text())["build"], "reused": True}
    else:
        started = time.perf_counter()
        seed.seed_people(count=size, seed=SEED, owner=agency)
        result["build"] = {
            "seed_and_index_s": round(time.perf_counter() - started, 1),
            "peak_rss": _peak_rss_mb(),
            "people": Person.objects.count(),
            "match_keys": MatchKey.objects.count(),
        }
        if marker is not None:
            marker.write_text(json.dumps({"key": expected, "build": result["build"]}))
    # PostgreSQL's planner statistics as the seed leaves them (a register kept from an older run may predate that).
    bulk.refresh_statistics()
    if connection.vendor == "postgresql":
        # What autovacuum does after a large load on a production server (it is off on the CI server): set the
        # visibility map, so the lookups' index-only scans need not visit the table (refresh_statistics has already
        # analysed them). Measured at 1M: block sizes 1.7 → 1.1 ms and the candidate fetch 7.7 → 7.1 ms at the median.
        with connection.cursor() as cursor:
            for model in (Person, MatchEntry, MatchKey):
                cursor.execute(f"VACUUM {connection.ops.quote_name(model._meta.db_table)}")
    if connection.vendor == "sqlite":
        result["build"]["database_mb"] = round(Path(connection.settings_dict["NAME"]).stat().st_size / 2**20, 1)
        # A web server's register is in the page cache; a register reused from an earlier run may not be (at 1M the
        # first lookups then wait on the disk: p95 127 ms instead of 16). Read the file once, as a server would have.
        started = time.perf_counter()
        for suffix in ("", "-wal"):
            path = Path(f"{connection.settings_dict['NAME']}{suffix}")
            if path.exists():
                with path.open("rb") as stream:
                    while stream.read(16 * 2**20):
                        pass
        result["build"]["page_cache_warm_s"] = round(time.perf_counter() - started, 1)
    else:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_database_size(current_database())")
            result["build"]["database_mb"] = round(cursor.fetchone()[0] / 2**20, 1)

    team, _ = Team.objects.get_or_create(agency=agency, slug="front-door", defaults={"name": "Front door"})
    user, _ = User.objects.get_or_create(username="bench.front.door", defaults={"is_demo_account": True})
    membership, _ = Membership.objects.get_or_create(
        user=user, agency=agency, team=team, role="front-door-practitioner", defaults={"starts_on": dt.date(2024, 1, 1)}
    )
    secret = ApiToken.new_secret()
    ApiToken.objects.create(
        membership=membership,
        digest=ApiToken.digest_of(secret),
        hint=secret[:8],
        expires_at=dt.datetime.now(dt.UTC) + dt.timedelta(days=1),
    )

    # Queries: noisy copies of people drawn at random (seeded).
    rng = random.Random(f"lookup-latency:{size}")
    top = MatchEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    picks = sorted({rng.randint(1, top) for _ in range(args.queries * 2)})
    people = list(MatchEntry.objects.filter(pk__in=picks).values_list("person_id", flat=True)[: args.queries * 2])
    rng.shuffle(people)
    people = people[: args.queries]
    rows = {p.pk: p for p in Person.objects.filter(pk__in=people).prefetch_related("addresses", "identifiers")}
    postcodes = sorted({a.postcode for p in rows.values() for a in p.addresses.all() if a.postcode})
    queries = []
    for pid in people:
        p = rows[pid]
        address = next(iter(p.addresses.all()), None)
        nhs = next((i.value for i in p.identifiers.all() if i.scheme == "nhs"), "")
        sex = {"1": "M", "2": "F"}.get(p.sex, "")
        base = {"given": p.given_name, "family": p.family_name, "dob": p.date_of_birth, "sex": sex}
        queries.append(
            (pid, noisy(rng, {**base, "postcode": address.postcode if address else "", "nhs": nhs}, postcodes))
        )

    from django.test import Client, RequestFactory

    from tandem.audit import record
    from tandem.people.matching import NO_MATCH, PersonDescription

    def description(q: dict[str, Any]) -> PersonDescription:
        born = dt.date.fromisoformat(q["date_of_birth"]) if q["date_of_birth"] else None
        return PersonDescription(
            given_names=tuple(q["given_names"]),
            family_names=tuple(q["family_names"]),
            date_of_birth=born,
            sex=q["sex"] or None,
            postcodes=tuple(q["postcodes"]),
            nhs_number=q["nhs_number"] or None,
        )

    factory = RequestFactory()

    def lookup(q: dict[str, Any]) -> tuple[float, Any]:
        request = factory.post("/people/search")
        request.user = user
        request.acting = membership  # type: ignore[attr-defined]
        request.tandem_audit = record.RequestAudit()  # type: ignore[attr-defined]
        d = description(q)
        with transaction.atomic():
            started = time.perf_counter()
            found = identity.find_candidates(d, by=request, purpose="Benchmark")
            elapsed = (time.perf_counter() - started) * 1000
        return elapsed, found

    identity.model_changed()
    for _, q in queries[:20]:
        lookup(q)  # warm: the model, caches, the database's pages
    times: list[float] = []
    top1 = 0
    shown: list[int] = []
    for pid, q in queries:
        elapsed, found = lookup(q)
        times.append(elapsed)
        shown.append(len(found.candidates))
        top1 += bool(found.candidates) and found.candidates[0].person_id == pid
    result["in_process_ms"] = _quantiles(times)
    in_blocks, scored = [], []
    for _, q in queries[: min(200, len(queries))]:
        n = identity.normalise(description(q))
        hashes = sorted({identity.key_hash(k) for k in identity.query_keys(n)})
        blocks = identity._block_sizes(hashes, identity.RECOMMENDED_BLOCK_CAP)
        in_blocks.append(len(identity._fetch(list(blocks), visibility=None)))
        scored.append(len(identity._fetch(blocks, visibility=None, keep=identity.SCORED_CANDIDATES)))

    def spread(values: list[int]) -> dict[str, Any]:
        return {
            "median": statistics.median(values),
            "p95": sorted(values)[int(0.95 * (len(values) - 1))],
            "max": max(values),
        }

    result["candidates_in_blocks_per_query"] = spread(in_blocks)
    result["candidates_scored_per_query"] = spread(scored)
    # Pruning check: what the engine would show (ids, decisions, guards, probabilities) scoring everyone in the
    # blocks, against scoring the SCORED_CANDIDATES that share the most key weight — for every query.
    visibility = identity._index_visibility(membership)

    def offered(ranked: list[Any]) -> list[tuple[Any, ...]]:
        return [
            (r.person_id, r.score.decision, r.score.guards, round(r.score.probability, 9))
            for r in ranked
            if r.score.decision != NO_MATCH
        ]

    differ = []
    for pid, q in queries:
        d = description(q)
        full = offered(identity.candidates_for(d, visibility=visibility, limit=10, keep=None))
        if full != offered(identity.candidates_for(d, visibility=visibility, limit=10)):
            differ.append(str(pid))
    result["pruning_check"] = {
        "keep": identity.SCORED_CANDIDATES,
        "queries": len(queries),
        "differ": len(differ),
        "examples": differ[:5],
    }
    result["shown_per_query_median"] = statistics.median(shown)
    result["right_person_first"] = round(top1 / len(queries), 4)

    client = Client()
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}", "content_type": "application/json"}
    for _, q in queries[:20]:
        client.post("/api/v1/person-matches", json.dumps(q), **headers)
    api_times: list[float] = []
    for _, q in queries:
        body = json.dumps(q)
        started = time.perf_counter()
        response = client.post("/api/v1/person-matches", body, **headers)
        api_times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    result["end_to_end_ms"] = _quantiles(api_times)

    if args.splink_queries:
        result["splink"] = splink_timing(queries, result["in_process_ms"]["p50"], timed=args.splink_queries)
    result["peak_rss"] = _peak_rss_mb()
    return result


def splink_timing(queries: list[tuple[Any, dict[str, Any]]], tandem_p50: float, *, timed: int) -> dict[str, Any]:
    try:
        import pandas as pd
        import splink.comparison_library as cl
        from splink import DuckDBAPI, Linker, SettingsCreator, block_on
    except ImportError:
        return {"skipped": "splink is not installed here (use .venv-bench: uv sync --extra linkage)"}
    from django.db import connection

    started = time.perf_counter()
    sql = (
        "SELECT p.id, lower(p.given_name), lower(p.family_name), p.date_of_birth, p.sex, a.postcode, i.value "
        "FROM people_person p LEFT JOIN people_address a ON a.person_id = p.id "
        "LEFT JOIN people_personidentifier i ON i.person_id = p.id AND i.scheme = 'nhs'"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        rows = cursor.fetchall()
    columns = ["record_id", "given_name", "family_name", "date_of_birth", "sex", "postcode", "nhs_number"]
    register = pd.DataFrame(rows, columns=columns).drop_duplicates("record_id")
    register["record_id"] = register["record_id"].astype(str)
    register["date_of_birth"] = register["date_of_birth"].astype(str)
    register["sex"] = register["sex"].map({"1": "M", "2": "F"})
    loaded = time.perf_counter() - started

    def frame(q: dict[str, Any], i: int) -> Any:
        return pd.DataFrame(
            [
                {
                    "record_id": f"q{i}",
                    "given_name": q["given_names"][0].lower(),
                    "family_name": q["family_names"][0].lower(),
                    "date_of_birth": q["date_of_birth"],
                    "sex": q["sex"] or None,
                    "postcode": (q["postcodes"] or [None])[0],
                    "nhs_number": q["nhs_number"] or None,
                }
            ]
        )

    settings = SettingsCreator(
        unique_id_column_name="record_id",
        link_type="link_only",
        blocking_rules_to_generate_predictions=[
            block_on("nhs_number"),
            block_on("date_of_birth"),
            block_on("postcode"),
            block_on("given_name", "family_name"),
        ],
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("family_name"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y-%m-%d", invalid_dates_as_null=True
            ),
            cl.PostcodeComparison("postcode"),
            cl.ExactMatch("nhs_number"),
            cl.ExactMatch("sex"),
        ],
    )
    db_api = DuckDBAPI()
    started = time.perf_counter()
    # Trained as Splink's usual recipe links two tables: the noisy queries against the register (the register alone
    # has no duplicates for EM to learn from).
    every_query = pd.concat([frame(q, i) for i, (_, q) in enumerate(queries)], ignore_index=True)
    linker = Linker([db_api.register(every_query), db_api.register(register)], settings)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("nhs_number"), block_on("given_name", "family_name", "date_of_birth")], recall=0.8
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("postcode"))
    trained = time.perf_counter() - started
    left = db_api.register(register)
    times = []
    for i, (_, q) in enumerate(queries[:timed]):
        right = db_api.register(frame(q, i))
        started = time.perf_counter()
        linker.inference.predict_between(
            left, right, link_type="link_only", threshold_match_probability=0.2
        ).as_pandas_dataframe()
        times.append((time.perf_counter() - started) * 1000)
    quantiles = _quantiles(times)
    return {
        "register_load_s": round(loaded, 1),
        "train_s": round(trained, 1),
        "predict_between_ms": quantiles,
        "ratio_p50_splink_over_tandem": round(quantiles["p50"] / tandem_p50, 1) if tandem_p50 else None,
    }


# ---------------------------------------------------------------------------------------------------------------------
# The parent: one child per size, one JSON line.


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=1_000_000, help="the largest register")
    parser.add_argument("--sizes", default="", help="comma-separated sizes (default: 10000, 100000 and --people)")
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--splink-queries", type=int, default=0, help="time Splink on this many queries (0: skip)")
    parser.add_argument("--out-dir", type=Path, default=ROOT / "bench" / "out" / "lookup")
    parser.add_argument("--reuse", action="store_true", help="keep and reuse seeded registers between runs")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--size", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--marker", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args)))
        return
    sizes = [int(s) for s in args.sizes.split(",") if s] or sorted({10_000, 100_000, args.people})
    args.out_dir.mkdir(parents=True, exist_ok=True)
    base_url = os.environ.get("DATABASE_URL", "")
    results = []
    started = time.perf_counter()
    for size in sizes:
        env = dict(os.environ)
        if base_url.startswith("postgres"):
            name = f"tandem_lookup_{size}"
            server = base_url.rsplit("/", 1)[0]
            env["DATABASE_URL"] = f"{server}/{name}"
            marker = args.out_dir / f"postgres-{size}.json"
            exists = subprocess.run(
                ["psql", f"{server}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],  # noqa: S608 (name is ours: a size)
                capture_output=True,
                text=True,
                check=True,
            ).stdout.strip()
            if exists and not (args.reuse and marker.exists()):
                subprocess.run(["psql", f"{server}/postgres", "-qc", f"DROP DATABASE {name}"], check=True)
                exists = ""
            if not exists:
                subprocess.run(["psql", f"{server}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
                marker.unlink(missing_ok=True)
        else:
            path = args.out_dir / f"sqlite-{size}.sqlite3"
            marker = args.out_dir / f"sqlite-{size}.json"
            if not (args.reuse and marker.exists()):
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                marker.unlink(missing_ok=True)
            env["DATABASE_URL"] = f"sqlite:///{path}"
        command = [sys.executable, __file__, "--child", "--size", str(size), "--queries", str(args.queries)]
        command += ["--splink-queries", str(args.splink_queries), "--marker", str(marker)]
        print(f"size {size} …", file=sys.stderr, flush=True)
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stderr[-3000:], file=sys.stderr)
            raise SystemExit(f"size {size} failed")
        results.append(json.loads(done.stdout.strip().splitlines()[-1]))
        print(json.dumps(results[-1]), file=sys.stderr, flush=True)
    growth = {}
    if len(results) > 1:
        first, last = results[0], results[-1]
        growth = {
            "people_ratio": round(last["people"] / first["people"], 1),
            "in_process_p50_ratio": round(last["in_process_ms"]["p50"] / first["in_process_ms"]["p50"], 2),
            "end_to_end_p50_ratio": round(last["end_to_end_ms"]["p50"] / first["end_to_end_ms"]["p50"], 2),
        }
    print(
        json.dumps(
            {
                "benchmark": "lookup_latency",
                "database": results[0]["database"] if results else "",
                "queries": args.queries,
                "sizes": results,
                "growth": growth,
                "wall_s": round(time.perf_counter() - started, 1),
                "cpus": os.cpu_count(),
                "python": sys.version.split()[0],
            }
        )
    )


if __name__ == "__main__":
    main()
