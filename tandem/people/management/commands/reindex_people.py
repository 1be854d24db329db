"""manage.py reindex_people: rebuild the identity index (after a change to the engine's normalisation or keys)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from tandem.people import identity, seed


class Command(BaseCommand):
    help = (
        "Rebuild the identity index: everyone (--all), or people missing from it or indexed by another normalisation."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--all", action="store_true", help="drop and rebuild the whole index")

    def handle(self, *args: Any, **options: Any) -> None:
        done = identity.reindex_everyone() if options["all"] else seed.index_unindexed()
        identity.model_changed()
        self.stdout.write(f"Indexed {done} people")
