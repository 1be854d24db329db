"""Throughput of audited reads: person pages with the access event (HMAC chain, one lock) against the same pages
with the access-event write switched off, in the same run, at 1, 4 and 8 concurrent clients.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tandem .venv/bin/python bench/audit_throughput.py [--seconds 5]

Uses a throw-away test database. Prints one JSON line: reads per second per configuration and the audited/unaudited
ratio. (The chain serialises event inserts: this shows what that costs under concurrency.)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    setup_test_environment()
    from django.conf import settings

    settings.WHITENOISE_AUTOREFRESH = True
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=False)
    try:
        result = run(args.seconds)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(json.dumps(result))


def run(seconds: float) -> dict[str, object]:
    from conftest import signed_in_client
    from tandem.accounts.tests.factories import TeamFactory, member
    from tandem.audit import chain, record
    from tandem.audit.models import AccessEvent
    from tandem.people.tests.factories import allocated_child

    worker = member("social-worker", team=TeamFactory())
    children = [allocated_child(worker) for _ in range(20)]
    urls = [reverse("people:person_detail", args=[c.pk]) for c in children]

    def measure(clients: int) -> tuple[int, float]:
        done = [0] * clients
        stop = time.perf_counter() + seconds

        def work(i: int) -> None:
            client = signed_in_client(worker)
            n = 0
            while time.perf_counter() < stop:
                response = client.get(urls[(i + n) % len(urls)])
                assert response.status_code == 200, response.status_code
                n += 1
            done[i] = n
            connection.close()

        threads = [threading.Thread(target=work, args=(i,)) for i in range(clients)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        return sum(done), time.perf_counter() - start

    figures: dict[str, object] = {"database": connection.vendor, "seconds_per_run": seconds}
    real_access_event = record.access_event
    for clients in (1, 4, 8):
        before = AccessEvent.objects.count()
        audited, elapsed = measure(clients)
        written = AccessEvent.objects.count() - before
        record.access_event = lambda *a, **k: None  # type: ignore[assignment]
        try:
            unaudited, elapsed_u = measure(clients)
        finally:
            record.access_event = real_access_event
        figures[f"clients_{clients}"] = {
            "audited_reads_per_s": round(audited / elapsed, 1),
            "unaudited_reads_per_s": round(unaudited / elapsed_u, 1),
            "ratio": round((audited / elapsed) / (unaudited / elapsed_u), 3),
            "events_equal_reads": written == audited,
        }
    count, failure = chain.verify()
    figures["verify_audit"] = "OK" if failure is None else f"FAIL {failure}"
    figures["events_verified"] = count
    return figures


if __name__ == "__main__":
    main()
