"""`make demo` runs this first: it fails (before any migration) when DJANGO_ENV=production."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from tandem.demo.guard import refuse_in_production


class Command(BaseCommand):
    help = "Exit with an error if demo mode must not run here (DJANGO_ENV=production)."

    def handle(self, *args: object, **options: object) -> None:
        refuse_in_production("make demo")
        if int(str(options.get("verbosity", 1))) >= 1:
            self.stdout.write("Demo mode is allowed here (DJANGO_ENV is not production)")
