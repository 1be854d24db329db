from django.core.management.base import BaseCommand

from tandem.audit import chain


class Command(BaseCommand):
    help = "Verify the audit trail's HMAC chain: prints `OK: <N> events verified`, or `FAIL: event <id>: <reason>`."

    def handle(self, *args: object, **options: object) -> None:
        count, failure = chain.verify()
        if failure is None:
            self.stdout.write(f"OK: {count} events verified")
            return
        self.stdout.write(f"FAIL: event {failure.event_id}: {failure.reason}")
        raise SystemExit(1)
