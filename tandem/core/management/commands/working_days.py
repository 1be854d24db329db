import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser

from tandem.core import clock


class Command(BaseCommand):
    help = "Working-day arithmetic: `working_days add YYYY-MM-DD N` prints the N-th working day after the date."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="operation", required=True)
        add = sub.add_parser("add", help="the N-th working day strictly after DATE")
        add.add_argument("date", help="start date, YYYY-MM-DD (never counts itself)")
        add.add_argument("n", type=int, help="number of working days, at least 1")

    def handle(self, *args: object, **options: object) -> None:
        try:
            start = dt.date.fromisoformat(str(options["date"]))
        except ValueError as error:
            raise CommandError(f"Enter the date as YYYY-MM-DD, for example 2026-12-24 ({error})") from error
        n = int(str(options["n"]))
        if n < 1:
            raise CommandError("The number of working days must be 1 or more")
        self.stdout.write(clock.add_working_days(start, n).isoformat())
