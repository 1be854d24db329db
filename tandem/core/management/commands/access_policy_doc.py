"""Write docs/access-policy.md from docs/access-policy.toml, so the prose table and the test oracle cannot diverge."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

POLICY = Path(settings.BASE_DIR) / "docs" / "access-policy.toml"
DOC = Path(settings.BASE_DIR) / "docs" / "access-policy.md"

INTRO = """# Access policy

Generated from `docs/access-policy.toml` by `python manage.py access_policy_doc`; do not edit by hand. The same data
file is the oracle of the permission-matrix test (`tests/test_access_matrix.py`); the code decides in one place,
`tandem/people/access.py` (`get_person_for`, `visible_to`, `index_searchable`), used by pages, lists, search, the API
and exports.

A decision is **acting role × relationship to the person × marking of each piece of information × action**. Deny by
default: without a relationship a person's record is a 404 (and the refusal is recorded as a security event).
"""


def render() -> str:
    data = tomllib.loads(POLICY.read_text())
    lines = [
        INTRO,
        "## Roles",
        "",
        "| Role | Case relationships | Person index | Emergency access | IG review |",
        "|---|---|---|---|---|",
    ]
    yes = {True: "yes", False: "no"}
    for role, flags in data["roles"].items():
        lines.append(
            "| "
            + " | ".join([role, *(yes[flags[k]] for k in ("practitioner", "person_index", "break_glass", "ig"))])
            + " |"
        )
    lines += [
        "",
        "## Relationships",
        "",
        "| Relationship | Held by | Opens | Edit own agency’s information | Meaning |",
        "|---|---|---|---|---|",
    ]
    for name, rel in data["relationships"].items():
        sections = "every section" if rel["sections"] == "all" else ", ".join(rel["sections"])
        lines.append(f"| {name} | {rel['who']} | {sections} | {yes[rel['edit']]} | {rel['description']} |")
    lines += ["", "## Markings", "", "| Marking | Who sees it |", "|---|---|"]
    for name, text in data["markings"].items():
        lines.append(f"| {name} | {text} |")
    lines += ["", "## Endpoints", "", "| URL name | Policy | Roles | Shows one person |", "|---|---|---|---|"]
    for name, endpoint in data["endpoints"].items():
        lines.append(f"| `{name}` | {endpoint['policy']} | {endpoint['roles']} | {endpoint.get('object', '')} |")
    lines += [
        "",
        "Third-party URL families: allauth's sign-in pages are public and its account-management pages need a",
        "signed-in session; the Django admin needs a staff account acting as system administrator with an",
        "authenticator app, and registers no person or case models.",
        "",
    ]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Regenerate docs/access-policy.md from docs/access-policy.toml."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--check", action="store_true", help="exit 1 if the document is out of date")

    def handle(self, *args: object, **options: object) -> None:
        text = render()
        if options["check"]:
            if DOC.read_text() != text:
                self.stderr.write("docs/access-policy.md is out of date: run manage.py access_policy_doc")
                raise SystemExit(1)
            return
        DOC.write_text(text)
        self.stdout.write(f"Wrote {DOC.relative_to(settings.BASE_DIR)}")
