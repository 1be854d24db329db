"""Reading rendered GOV.UK pages in tests: `page(response).h1`, `.error_summary()`, `.one(".govuk-…")`.

Every lookup that must find something fails with the selector in the message, so tests stay short and typed.
"""

from __future__ import annotations

from typing import Any

from bs4 import BeautifulSoup, Tag

from tandem.govuk.pagecheck import squash


class Page:
    def __init__(self, html: str) -> None:
        self.soup = BeautifulSoup(html, "html.parser")

    @property
    def h1(self) -> str:
        return self.text("h1")

    @property
    def title(self) -> str:
        return self.text("title")

    def maybe(self, selector: str) -> Tag | None:
        return self.soup.select_one(selector)

    def one(self, selector: str) -> Tag:
        found = self.soup.select_one(selector)
        assert found is not None, f"nothing matches {selector!r}"  # noqa: S101 - a test helper
        return found

    def all(self, selector: str) -> list[Tag]:
        return list(self.soup.select(selector))

    def text(self, selector: str) -> str:
        return squash(self.one(selector).get_text(" "))

    def texts(self, selector: str) -> list[str]:
        return [squash(tag.get_text(" ")) for tag in self.all(selector)]

    def attr(self, selector: str, name: str) -> str:
        value = self.one(selector).get(name)
        assert isinstance(value, str), f"{selector!r} has no {name!r}"  # noqa: S101 - a test helper
        return value

    def link(self, text: str) -> str:
        """The href of the link whose text is exactly `text`."""
        for anchor in self.all("a"):
            if squash(anchor.get_text(" ")) == text and isinstance(anchor.get("href"), str):
                return str(anchor["href"])
        raise AssertionError(f"no link called {text!r}")

    def error_summary(self) -> list[tuple[str, str]]:
        """The error summary's items as (text, href); href is "" for an item that links nowhere."""
        return [
            (squash(item.get_text(" ")), str(item.get("href", "")) if item.name == "a" else "")
            for item in (li.find("a") or li for li in self.all(".govuk-error-summary__list li"))
            if isinstance(item, Tag)
        ]

    def hidden_inputs(self, selector: str = "form") -> list[tuple[str, str]]:
        return [
            (str(field["name"]), str(field.get("value", "")))
            for field in self.one(selector).select("input[type=hidden]")
            if field.get("name") != "csrfmiddlewaretoken"
        ]

    def has_text(self, text: str) -> bool:
        return text in squash(self.soup.get_text(" "))


def page(response: Any) -> Page:
    """A rendered page from a Django test response (or an HTML string)."""
    return Page(response if isinstance(response, str) else response.content.decode())
