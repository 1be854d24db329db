"""Browser journeys: Debian's Chromium through pytest-playwright, against a live server, with axe on every page.

Run them with `make browser` (`DJANGO_ALLOW_ASYNC_UNSAFE=true pytest -m browser -p no:xdist`, after collectstatic
into STATIC_ROOT). Every test drives the browser through a `Site`, which runs axe-core (WCAG 2.0/2.1/2.2 A and AA)
and the same page checks as the unit tests on each document the browser loads, and fails the test if a loaded
document was never checked.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import Browser, BrowserContext, Page
from playwright.sync_api import Error as PlaywrightError
from pytest_django.live_server_helper import LiveServer

from tandem.govuk import pagecheck

CHROMIUM = "/usr/bin/chromium"
AXE = settings.BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: Every page checked in this session, for the summary at the end: (url, title, violations).
CHECKED: list[tuple[str, str, int]] = []


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium (never a downloaded browser), headless, quiet on the network."""
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    # axe is injected as a script tag, which the content security policy would refuse; one test checks the page
    # under the real policy (test_journeys.py::test_gov_uk_scripts_run_under_the_content_security_policy).
    return {**browser_context_args, "bypass_csp": True, "locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture(scope="session")
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    """pytest-django's live server, but static files come from WhiteNoise and STATIC_ROOT (the hashed, compressed
    files production serves), not from the staticfiles finders, which know nothing of the manifest's names."""
    server = LiveServer("localhost", start=False)
    server.thread.static_handler = lambda application: application
    server.start()
    yield server
    server.stop()


@dataclass
class Site:
    """A browser tab on the live server that checks every document it loads."""

    page: Page
    base_url: str
    loads: list[str] = field(default_factory=list)
    checked: int = 0

    def __post_init__(self) -> None:
        self.page.on("load", lambda page: self.loads.append(page.url))
        self.page.set_default_timeout(10_000)

    def url(self, path: str) -> str:
        return self.base_url + path

    def goto(self, path: str) -> None:
        self.page.goto(self.url(path))
        self.check()

    @contextmanager
    def navigation(self) -> Generator[None]:
        """Wrap an action that loads a new document: the new page is checked when it has loaded."""
        with self.page.expect_navigation(wait_until="load"):
            yield
        self.check()

    def check(self, *, again: bool = False) -> None:
        """axe and the page checks on the current document (`again` re-checks it, for example with a dialog open)."""
        if self.checked == len(self.loads) and not again:
            return
        self.page.wait_for_load_state("load")
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            try:
                self.page.add_script_tag(path=str(AXE))
            except PlaywrightError:
                # A context that enforces the content security policy refuses the script tag; evaluating the same
                # file through the DevTools protocol is not subject to the page's policy.
                self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}});"
            " return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
            " nodes: v.nodes.map(n => n.target.join(' '))})); }",
            AXE_TAGS,
        )
        title = self.page.title()
        CHECKED.append((self.page.url, title, len(result)))
        assert result == [], f"axe found problems on {self.page.url}:\n{json.dumps(result, indent=2)}"
        problems = pagecheck.problems(self.page.content())
        assert problems == [], f"page checks failed on {self.page.url}: {problems}"
        self.checked = len(self.loads)

    # Keyboard only ---------------------------------------------------------------------------------------------

    def focused(self, selector: str) -> bool:
        return bool(self.page.evaluate("(s) => document.activeElement?.matches(s) ?? false", selector))

    def tab_to(self, selector: str, *, limit: int = 40) -> None:
        """Press Tab until the element matching `selector` has focus."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            if self.focused(selector):
                return
        raise AssertionError(f"Tab never reached {selector!r}")

    def assert_all_checked(self) -> None:
        assert self.checked == len(self.loads), f"pages loaded but never checked: {self.loads[self.checked :]}"


@pytest.fixture
def site(page: Page, live_server: LiveServer) -> Iterator[Site]:
    visit = Site(page=page, base_url=live_server.url)
    yield visit
    visit.assert_all_checked()


@pytest.fixture
def new_site(
    browser: Browser, browser_context_args: dict[str, Any], live_server: LiveServer
) -> Iterator[Callable[..., Site]]:
    """Another tab in a browser context of its own: another person, or other settings (`bypass_csp=False`)."""
    contexts: list[BrowserContext] = []
    sites: list[Site] = []

    def make(**overrides: Any) -> Site:
        context = browser.new_context(**{**browser_context_args, **overrides})
        contexts.append(context)
        sites.append(Site(page=context.new_page(), base_url=live_server.url))
        return sites[-1]

    yield make
    for context in contexts:
        context.close()
    for visit in sites:
        visit.assert_all_checked()


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if not CHECKED:
        return
    pages = {(url.split("?")[0], title) for url, title, _ in CHECKED}
    violations = sum(n for _, _, n in CHECKED)
    terminalreporter.write_sep("-", "axe-core (WCAG 2.2 A and AA) and page checks")
    terminalreporter.write_line(
        f"{len(CHECKED)} documents checked ({len(pages)} distinct pages), {violations} violations"
    )
    for url, title in sorted(pages, key=lambda p: p[1]):
        terminalreporter.write_line(f"  {title}  ({url.split('//', 1)[-1].split('/', 1)[-1] or '/'})")
