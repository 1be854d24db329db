"""manage.py estimate_match_model: estimate the matching model's parameters from the register and install them.

Runs the engine's unsupervised estimation (term frequencies, u from random pairs, m by EM) on a sample of the current
register's normalised records, optionally refines m from the pairs practitioners decided in the review queue
(`--train`), and stores the result as a new `MatchModelVersion`, which `identity.model()` then uses in every process
(each re-reads it within TANDEM_MATCH_MODEL_REFRESH_SECONDS). The lookup prior still comes from the register's size.
"""

from __future__ import annotations

import json
import random
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.db.models import Max

from tandem.audit import record
from tandem.audit.record import Actor
from tandem.people import identity
from tandem.people.matching import MatchModel, Normalised
from tandem.people.models import MatchEntry, MatchModelVersion, MatchReview, ReviewStatus


class Command(BaseCommand):
    help = "Estimate the matching model from the register (and, with --train, the review queue's decisions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--sample", type=int, default=200_000, help="at most this many records (random sample)")
        parser.add_argument("--seed", type=int, default=1, help="random seed (reproducible estimates)")
        parser.add_argument("--train", action="store_true", help="refine with practitioner-confirmed pairs")
        parser.add_argument(
            "--from-default", action="store_true", help="start from the shipped default, not the model in use"
        )
        parser.add_argument("--dry-run", action="store_true", help="estimate and report, but do not install")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(MatchEntry.objects.values_list("pk", flat=True))
        if len(ids) < 2:
            self.stdout.write("The register has fewer than 2 indexed people: nothing to estimate")
            return
        rng = random.Random(options["seed"])
        chosen = ids if len(ids) <= options["sample"] else rng.sample(ids, options["sample"])
        records: list[Normalised] = []
        for start in range(0, len(chosen), 5000):
            rows = MatchEntry.objects.filter(pk__in=chosen[start : start + 5000]).values_list("data", flat=True)
            records.extend(identity.decode(data) for data in rows)
        start_model = MatchModel.default() if options["from_default"] else identity.base_model()
        estimated = start_model.estimate(records, seed=options["seed"])
        confirmed = 0
        if options["train"]:
            pairs = []
            for review in MatchReview.objects.filter(
                status__in=[ReviewStatus.SAME, ReviewStatus.DIFFERENT], labelled_pair__isnull=False
            ):
                data = review.labelled_pair or {}
                pairs.append(
                    (
                        Normalised.from_dict(data["a"]),
                        Normalised.from_dict(data["b"]),
                        review.status == ReviewStatus.SAME,
                    )
                )
            confirmed = len(pairs)
            if pairs:
                estimated = estimated.train(pairs)
        self.stdout.write(
            f"Estimated from {len(records)} of {len(ids)} records; {confirmed} practitioner-decided pairs. "
            f"{estimated.description}"
        )
        self.stdout.write(json.dumps({"prior_estimated": estimated.prior}))
        if options["dry_run"]:
            return
        with transaction.atomic():
            version = (MatchModelVersion.objects.aggregate(v=Max("version"))["v"] or 0) + 1
            MatchModelVersion.objects.filter(is_active=True).update(is_active=False)
            installed = MatchModelVersion.objects.create(
                version=version,
                created_by="system:estimate_match_model",
                description=estimated.description,
                model_json=estimated.to_json(),
                register_size=len(ids),
                confirmed_pairs=confirmed,
                is_active=True,
            )
            record.change(
                Actor.system("estimate_match_model"),
                "identity.model_installed",
                obj=installed,
                detail={"version": version, "records": len(records), "confirmed_pairs": confirmed},
            )
        identity.model_changed()
        self.stdout.write(f"Installed matching model version {version}")
