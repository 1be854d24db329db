"""Checks every rendered page must pass (run on every HTML response in the test suite and in browser journeys).

- the `<title>` is the `<h1>` text followed by " – Tandem", prefixed "Error: " when an error summary shows;
- every `<form>` has an `action`;
- no straight quotes (' or ") in the page's text (use ‘ ’ “ ”), outside code, pre, textarea, script and style.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup, NavigableString

_SPACE = re.compile(r"\s+")
_SKIP = {"script", "style", "code", "pre", "textarea", "template"}


def squash(text: str) -> str:
    """Text as a reader meets it: runs of white space become one space."""
    return _SPACE.sub(" ", text).strip()


def _text(node: object) -> str:
    return squash(node.get_text(" ")) if node is not None else ""  # type: ignore[attr-defined]


def problems(html: str) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    found: list[str] = []
    title = _text(soup.title)
    h1s = soup.find_all("h1")
    if len(h1s) != 1:
        found.append(f"expected exactly one <h1>, found {len(h1s)}")
    else:
        h1 = _text(h1s[0])
        errored = soup.select_one(".govuk-error-summary") is not None
        expected = f"{'Error: ' if errored else ''}{h1} – Tandem"
        if title != expected:
            found.append(f"<title> is {title!r}, expected {expected!r}")
    for form in soup.find_all("form"):
        if not form.get("action"):
            found.append(f"a <form> has no action: {str(form)[:80]!r}")
    body = soup.body
    if body is not None:
        for string in body.find_all(string=True):
            if not isinstance(string, NavigableString) or string.find_parent(_SKIP) is not None:
                continue
            if string.__class__.__name__ in {"Comment", "Doctype"}:
                continue
            if "'" in string or '"' in string:
                found.append(f"straight quote in text: {str(string).strip()[:80]!r}")
    return found
