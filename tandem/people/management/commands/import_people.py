"""manage.py import_people FILE.csv --source NAME: load people from a file (see tandem.people.imports for the rules)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from tandem.accounts.models import Agency
from tandem.people import imports


class Command(BaseCommand):
    help = (
        "Load people from a CSV file (record_id, given_name, family_name, date_of_birth, sex, postcode, address_line, "
        "nhs_number), keeping each record_id as the identifier issued by --source. Re-running a file loads nothing "
        "twice; a changed row adds history, never overwrites; a bad row never stops the load."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="who issued the record ids, e.g. the system's name")
        parser.add_argument(
            "--agency", default="", help="slug of the agency that owns the records (default: the only or first one)"
        )
        parser.add_argument("--batch", type=int, default=2000, help="rows per transaction and audit event")
        parser.add_argument(
            "--review-matches",
            action="store_true",
            help="look each new person up on the rest of the register and queue possible matches for review",
        )
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        source = str(options["source"]).strip()
        if not source:
            raise CommandError("--source must name the system the record ids come from")
        owner = _agency(options["agency"])
        total = sum(1 for _ in imports.read_rows(path))
        with tqdm(total=total, desc=f"Importing {path.name}", unit="row", disable=options["quiet"]) as bar:
            summary = imports.import_people(
                imports.read_rows(path),
                source_name=source,
                owner=owner,
                batch_size=max(1, options["batch"]),
                progress=lambda done: _advance(bar, done),
                review_matches=options["review_matches"],
            )
        self.stdout.write(
            f"Rows read: {summary.rows}. Loaded: {summary.loaded} ({summary.created} new people, {summary.changed} "
            f"with new history, {summary.unchanged} unchanged). Refused: {summary.refused}."
        )
        if options["review_matches"]:
            self.stdout.write(f"Pairs queued for review: {summary.queued_for_review}.")
        for note in summary.notes:
            self.stdout.write(str(note))


def _advance(bar: tqdm[Any], done: int) -> None:
    bar.update(done)


def _agency(slug: str) -> Agency:
    if slug:
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            raise CommandError(f"No agency with the slug {slug!r}")
        return agency
    agency = Agency.objects.order_by("pk").first()
    if agency is None:
        agency, _ = Agency.objects.get_or_create(
            slug="imported-records", defaults={"name": "Imported records", "kind": "partnership"}
        )
    return agency
