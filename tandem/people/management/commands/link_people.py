"""manage.py link_people FILE.csv --source NAME --out OUT.csv: link each row to the register's people from NAME.

Reads only: it never writes to the register (no search is recorded); the rows it discloses into OUT are recorded as
access events (one per batch), acting as the system.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from tqdm import tqdm

from tandem.audit import record
from tandem.audit.record import Actor, Disclosure
from tandem.people import imports
from tandem.people.models import Section

BATCH = 500


class Command(BaseCommand):
    help = (
        "Link each row of a CSV file (same columns as import_people) to the people on the register holding a record "
        "id from --source, and write record_id, matched_record_id, match_probability, decision (match, review or "
        "no match): one output row per input row, in order."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--source", required=True, help="whose record ids to link to")
        parser.add_argument("--out", type=Path, required=True, help="where to write the links (- for standard output)")
        parser.add_argument("--quiet", action="store_true", help="no progress bar")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist")
        source = str(options["source"]).strip()
        actor = Actor.system(f"link_people:{source}")
        total = sum(1 for _ in imports.read_rows(path))
        out_path: Path = options["out"]
        out = sys.stdout if str(out_path) == "-" else out_path.open("w", newline="", encoding="utf-8")
        counts = {"match": 0, "review": 0, "no match": 0}
        try:
            with tqdm(total=total, desc=f"Linking {path.name}", unit="row", disable=options["quiet"]) as bar:
                results: list[imports.LinkRow] = []
                pending: list[tuple[imports.LinkRow, Any]] = []

                def flush() -> None:
                    ids = imports.source_ids([pid for _, pid in pending if pid is not None], source)
                    shown = {}
                    for row, pid in pending:
                        matched = ids.get(pid, "") if pid is not None else ""
                        results.append(imports.LinkRow(row.record_id, matched, row.match_probability, row.decision))
                        counts[row.decision] += 1
                        if matched:
                            shown[str(pid)] = Disclosure({Section.INDEX}, "linkage")
                    if shown:
                        with transaction.atomic():
                            record.access_event(
                                actor, shown, channel="command", purpose=f"Linking {path.name} to {source}"
                            )
                    bar.update(len(pending))
                    pending.clear()

                for item in imports.link_rows(imports.read_rows(path), source_name=source):
                    pending.append(item)
                    if len(pending) >= BATCH:
                        flush()
                flush()
            imports.write_links(results, out)
        finally:
            if out is not sys.stdout:
                out.close()
        self.stderr.write(
            f"Linked {len(results)} rows: {counts['match']} match, {counts['review']} review, "
            f"{counts['no match']} no match."
        )
