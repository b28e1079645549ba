"""Helpers for the quality suite: the built site's pages, and driving them in Chromium.

The fixtures `built_site`, `live_server`, `browser` and `page` come from tests/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_playwright_python.base import AXE_FILE_PATH  # axe-core's axe.min.js, bundled in the wheel
from playwright.sync_api import Page

# What SPEC section 7 asks of every page: WCAG 2.2 AA as axe-core tags it.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 320, "height": 640}


@dataclass(frozen=True)
class SitePage:
    path: str  # relative to the site root, as a browser asks for it: "", "en/compare/", "404.html"
    file: Path

    def __str__(self) -> str:
        return "/" + self.path


def pages_of(folder: Path) -> list[SitePage]:
    """Every HTML page of a built site, the root chooser and 404.html included."""
    found = []
    for file in sorted(folder.rglob("*.html")):
        relative = file.relative_to(folder).as_posix()
        found.append(SitePage(relative.removesuffix("index.html"), file))
    return found


@pytest.fixture(scope="session")
def site_pages(built_site: Path) -> list[SitePage]:
    pages = pages_of(built_site)
    assert len(pages) > 20, "the built site has fewer pages than expected"
    return pages


def open_disclosures(page: Page) -> None:
    """Open every <details> (the header menu) so what it hides is checked too."""
    page.evaluate("() => document.querySelectorAll('details').forEach((d) => { d.open = true; })")


def widget_states(page: Page) -> Iterator[str]:
    """Drive the self-assessment, if the page has one, through each state it can show; yield each name.

    The page is left in the state named until the next step. Pages without the widget yield nothing.
    """
    if not page.locator("#assessment-form").count():
        return
    submit = page.locator("#assessment-form button[type=submit]")
    submit.click()
    yield "error summary (nothing answered)"
    fieldsets = page.locator("#assessment-form fieldset")
    for choice in ("first", "last"):
        for index in range(fieldsets.count()):
            radios = fieldsets.nth(index).locator("input[type=radio]")
            (radios.first if choice == "first" else radios.last).check()
        submit.click()
        page.wait_for_selector("#assessment-result h2")
        yield f"result (every {choice} option)"
    page.click("#assessment-share-button")
    page.wait_for_selector("#assessment-share a")
    yield "share link shown"


RUN_AXE = """async (tags) => {
  const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.map(
    (n) => `    ${n.target.join(" ")}: ${n.failureSummary.replace(/\\s+/g, " ")}`).join("\\n"));
}"""


MODES = {
    "light": {},
    "dark": {"color_scheme": "dark"},
    "320px": {"viewport": PHONE},
}


def axe(page: Page) -> list[str]:
    return page.evaluate(RUN_AXE, AXE_TAGS)


def with_axe(page: Page, mode: str) -> Page:
    """Inject axe-core into every document the page loads (outside the page's CSP) and set the mode."""
    page.context.add_init_script(path=str(AXE_FILE_PATH))
    if "color_scheme" in MODES[mode]:
        page.emulate_media(color_scheme=MODES[mode]["color_scheme"])
    if "viewport" in MODES[mode]:
        page.set_viewport_size(MODES[mode]["viewport"])
    return page


# Runs before any page script, outside the page's CSP; collects what the CSP blocks.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || "?"}:${e.lineNumber})`));
"""


VNU_JAR = Path(__file__).parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
