"""Every page, loaded in Chromium with the strict CSP of SPEC section 7 sent by the server, logs no console
error, breaks no CSP rule, asks no other host for anything, sets no cookie and stores nothing; every file it
asks for is there. The self-assessment is driven through its states while this is watched, and its checklist
and result print cleanly."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

from tests.helpers import site_headers

from .conftest import CSP_LISTENER, SitePage, widget_states

pytestmark = pytest.mark.browser

MISSING = SitePage("en/no-such-page/", Path("404.html"))  # served as the 404 page


@dataclass
class Visit:
    page: SitePage
    status: int = 0
    csp: str = ""
    console: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    cookies: list[str] = field(default_factory=list)
    storage: int = 0


def visit_all(browser: Browser, base: str, pages: list[SitePage]) -> list[Visit]:
    """Load each page in turn (one tab, cleared between pages), drive its widget if any, record what happened."""
    visits: list[Visit] = []
    context = browser.new_context()
    context.add_init_script(script=CSP_LISTENER)
    context.on("request", lambda request: visits[-1].requests.append(request.url))
    context.on("requestfailed", lambda request: visits[-1].failed.append(f"{request.url}: {request.failure}"))
    context.on(
        "response",
        lambda r: (
            visits[-1].failed.append(f"{r.url}: {r.status}")
            if r.status >= 400 and not r.request.is_navigation_request()
            else None
        ),
    )
    tab = context.new_page()

    def console(message: ConsoleMessage) -> None:
        # The one error expected: Chromium logs the 404 status of MISSING's own document.
        if message.type == "error" and message.location.get("url") != base + MISSING.path:
            visits[-1].console.append(message.text)

    tab.on("console", console)
    tab.on("pageerror", lambda error: visits[-1].console.append(str(error)))
    try:
        for site_page in pages:
            seen = Visit(site_page)
            visits.append(seen)
            response = tab.goto(base + site_page.path)
            assert response is not None
            seen.status = response.status
            seen.csp = response.headers.get("content-security-policy", "")
            for _state in widget_states(tab):
                pass
            seen.csp_violations = tab.evaluate("() => window.__cspViolations")
            seen.storage = tab.evaluate("() => localStorage.length + sessionStorage.length")
            jar = tab.evaluate("() => document.cookie")
            seen.cookies = [cookie["name"] for cookie in context.cookies()] + ([jar] if jar else [])
            context.clear_cookies()
            tab.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
            tab.goto("about:blank")  # so that late requests are not blamed on the next page
    finally:
        context.close()
    return visits


@pytest.fixture(scope="module")
def visits(browser: Browser, live_server: str, site_pages: list[SitePage]) -> list[Visit]:
    return visit_all(browser, live_server, [*site_pages, MISSING])


def check(problems: list[str], what: str) -> None:
    assert not problems, f"{what}:\n" + "\n".join(problems)


def test_every_page_is_served_with_the_strict_csp(visits: list[Visit], built_site: Path) -> None:
    policy = site_headers(built_site)["Content-Security-Policy"]
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives["default-src"] == ["'none'"] and directives["script-src"] == ["'self'"], policy
    assert "unsafe" not in policy, policy
    check([f"{v.page}: {v.csp!r}" for v in visits if v.csp != policy], "served without the CSP of _headers")
    check([f"{v.page}: {v.status}" for v in visits if v.status != (404 if v.page is MISSING else 200)], "status")


def test_no_page_logs_a_console_error(visits: list[Visit]) -> None:
    check([f"{v.page}: {e}" for v in visits for e in v.console], "console errors")


def test_no_page_breaks_the_csp(visits: list[Visit]) -> None:
    check([f"{v.page}: {e}" for v in visits for e in v.csp_violations], "CSP violations")


def test_every_file_a_page_asks_for_is_there(visits: list[Visit]) -> None:
    check([f"{v.page}: {e}" for v in visits for e in v.failed], "failed requests")


def test_no_page_asks_another_host_for_anything(visits: list[Visit], live_server: str) -> None:
    here = urlsplit(live_server).netloc
    check(
        [
            f"{v.page}: {url}"
            for v in visits
            for url in v.requests
            if urlsplit(url).scheme not in ("data", "blob", "about") and urlsplit(url).netloc != here
        ],
        "requests to other hosts",
    )
    assert all(v.requests for v in visits), "requests were not recorded"


def test_no_page_sets_a_cookie_or_stores_anything(visits: list[Visit]) -> None:
    check(
        [f"{v.page}: cookies {v.cookies}" for v in visits if v.cookies]
        + [f"{v.page}: {v.storage} items in local or session storage" for v in visits if v.storage],
        "stored",
    )


SHOWN = """(selectors) => selectors.filter((s) => [...document.querySelectorAll(s)].some(
  (e) => e.getClientRects().length && getComputedStyle(e).visibility !== "hidden"))"""
ON_PAPER_NEVER = [
    ".site-header",
    ".skip-link",
    ".site-footer nav",
    ".assessment-submit",
    ".assessment-actions",
    ".error-summary",
    ".assessment-share",
]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_checklist_and_its_result_print_cleanly(
    page: Page, live_server: str, site_pages: list[SitePage], lang: str
) -> None:
    checklist = next(p for p in site_pages if p.path.startswith(f"{lang}/") and "assessment-form" in p.file.read_text())
    page.set_viewport_size({"width": 700, "height": 1000})  # about the printable width of A4
    page.goto(live_server + checklist.path)

    page.emulate_media(media="print")
    assert page.evaluate(SHOWN, ON_PAPER_NEVER) == []
    assert page.evaluate(SHOWN, ["#assessment-form fieldset", ".assessment-key-table"]) == [
        "#assessment-form fieldset",
        ".assessment-key-table",
    ], "the blank checklist must print"
    assert page.pdf(format="A4")[:4] == b"%PDF"

    page.emulate_media(media="screen")
    states = widget_states(page)
    next(states)  # nothing answered: the error summary shows on screen...
    page.emulate_media(media="print")
    assert page.evaluate(SHOWN, ON_PAPER_NEVER) == []  # ...but not on paper
    page.emulate_media(media="screen")
    next(states)  # a result
    page.emulate_media(media="print")
    assert page.evaluate(SHOWN, ON_PAPER_NEVER) == []
    assert page.evaluate(SHOWN, ["#assessment-form", ".assessment-key", "#assessment-result .assessment-answers"]) == [
        "#assessment-result .assessment-answers"
    ], "with a result, the printout is the result and the answers"
    wide = page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth")
    assert not wide
