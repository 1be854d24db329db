"""`language_advice [--age N]`: advice on the text read from standard input, as one JSON line.

    echo "She keeps putting herself at risk" | python manage.py language_advice --age 14
    {"findings": [{"phrase": "putting herself at risk", "start": 10, "end": 33, ...}]}

Offsets count characters (code points) of the text as read, after universal newline translation.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.language.advice import advise
from tandem.language.forms import MAX_CHILD_AGE


class Command(BaseCommand):
    help = "Print advice on wording that may blame a child or hide abuse, for the text on standard input, as JSON."
    stealth_options = ("stdin",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--age", type=int, default=None, help=f"the child's age in years, 0 to {MAX_CHILD_AGE}")

    def handle(self, *args: Any, **options: Any) -> None:
        age = options["age"]
        if age is not None and not 0 <= age <= MAX_CHILD_AGE:
            raise CommandError(f"--age must be a whole number of years from 0 to {MAX_CHILD_AGE}")
        text = (options.get("stdin") or sys.stdin).read()
        findings = [finding.as_dict() for finding in advise(text, child_age=age)]
        self.stdout.write(json.dumps({"findings": findings}, ensure_ascii=False))
