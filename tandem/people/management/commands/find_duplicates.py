"""manage.py find_duplicates: look for records on the register that may be the same person, and queue them for review.

Each current person is looked up on the index (the same blocking and scoring as `find_candidates`); pairs the engine
decides "match" or "review" go to the review queue. Nothing is merged: people decide. Acts as the system; each
batch is one audit event (plus one per pair queued).
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from tqdm import tqdm

from tandem.audit import record
from tandem.audit.record import Actor
from tandem.people import actions, identity
from tandem.people.matching import NO_MATCH
from tandem.people.models import MatchEntry, Person


class Command(BaseCommand):
    help = "Find possible duplicates on the register and queue them for a person to decide."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--limit", type=int, default=0, help="look up at most this many people (0: everyone)")
        parser.add_argument("--quiet", action="store_true")

    def handle(self, *args: Any, **options: Any) -> None:
        actor = Actor.system("find_duplicates")
        rows = MatchEntry.objects.order_by("pk").values_list("person_id", "data")
        if options["limit"]:
            rows = rows[: options["limit"]]
        queued = looked = 0
        current = identity.model()
        batch: list[tuple[Any, str]] = []
        seen: set[frozenset[Any]] = set()

        def run() -> None:
            nonlocal queued, looked
            with transaction.atomic():
                for person_id, data in batch:
                    looked += 1
                    for ranked in identity.rank(identity.decode(data), limit=3):
                        if ranked.person_id == person_id or ranked.score.decision == NO_MATCH:
                            continue
                        pair = frozenset((person_id, ranked.person_id))
                        if pair in seen:
                            continue  # each pair once
                        seen.add(pair)
                        review = actions.queue_for_review(
                            Person.objects.get(pk=person_id),
                            Person.objects.get(pk=ranked.person_id),
                            probability=ranked.score.probability,
                            match_weight=ranked.score.match_weight,
                            decision=ranked.score.decision,
                            explanation=current.explain(ranked.score),
                            guards=ranked.score.guards,
                            origin="dedupe",
                            source="find_duplicates",
                            by=actor,
                        )
                        queued += review is not None
                record.change(actor, "identity.duplicates_checked", detail={"people": len(batch)})
            batch.clear()

        with tqdm(total=rows.count(), unit="person", disable=options["quiet"]) as bar:
            for item in rows.iterator(chunk_size=2000):
                batch.append(item)
                if len(batch) >= 1000:
                    bar.update(len(batch))
                    run()
            if batch:
                bar.update(len(batch))
                run()
        self.stdout.write(f"Looked up {looked} people; {queued} pairs queued for review")
