"""axe-core (WCAG 2.2 AA tags) finds nothing on any page, in light and dark mode and on a 320 px phone;
no page scrolls sideways on a phone; every element reached with Tab shows where the focus is."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .conftest import MODES, SitePage, axe, open_disclosures, widget_states, with_axe

pytestmark = pytest.mark.browser








def test_axe_reports_a_known_violation(page: Page) -> None:
    """The harness itself works: an image without alt text and unlabelled input are found."""
    with_axe(page, "light")
    page.goto("about:blank")
    page.set_content('<!doctype html><html lang="en"><title>x</title><main><img src="data:,"><input></main></html>')
    found = "\n".join(axe(page))
    assert "image-alt" in found and "label" in found, found


@pytest.mark.parametrize("mode", list(MODES))
def test_every_page_has_no_axe_violations(page: Page, live_server: str, site_pages: list[SitePage], mode: str) -> None:
    with_axe(page, mode)
    problems: list[str] = []
    for site_page in site_pages:
        page.goto(live_server + site_page.path)
        open_disclosures(page)
        problems += [f"{site_page}: {v}" for v in axe(page)]
        for state in widget_states(page):
            problems += [f"{site_page} [{state}]: {v}" for v in axe(page)]
    assert problems == [], f"axe-core violations ({mode}):\n" + "\n".join(problems)


OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  if (document.documentElement.scrollWidth <= width) return [];
  const inScroller = (e) => { for (let p = e.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== "visible") return p !== document.body && p !== document.documentElement;
  } return false; };
  return [...document.querySelectorAll("body *")]
    .filter((e) => e.getBoundingClientRect().right > width + 0.5 && !inScroller(e))
    .slice(0, 5).map((e) => e.tagName.toLowerCase() + (e.className ? "." + e.className : "") + " right="
      + Math.round(e.getBoundingClientRect().right));
}"""


# 320 px is the narrowest phone; 481 px is just wider than site.css's phone breakpoint (30rem).
@pytest.mark.parametrize("width", [320, 481])
def test_no_page_scrolls_sideways(page: Page, live_server: str, site_pages: list[SitePage], width: int) -> None:
    page.set_viewport_size({"width": width, "height": 640})
    wide: list[str] = []

    def measure(where: str) -> None:
        scroll = page.evaluate("() => document.documentElement.scrollWidth")
        if scroll > width:
            wide.append(f"{where}: {scroll} px wide; {page.evaluate(OVERFLOW)}")

    for site_page in site_pages:
        page.goto(live_server + site_page.path)
        open_disclosures(page)
        measure(str(site_page))
        for state in widget_states(page):
            measure(f"{site_page} [{state}]")
    assert wide == [], f"pages wider than a {width} px screen:\n" + "\n".join(wide)


FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const ring = (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== "none";
  const text = (e.textContent || e.value || "").trim().slice(0, 40);
  const label = e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + " " + text;
  return {label, ring, key: label + e.getBoundingClientRect().top};
}"""


def test_every_element_reached_with_tab_shows_a_focus_ring(
    page: Page,
    live_server: str,
    site_pages: list[SitePage],
) -> None:
    bare: list[str] = []
    for site_page in site_pages:
        page.goto(live_server + site_page.path)
        seen: set[str] = set()
        for _ in range(300):
            page.keyboard.press("Tab")
            focused = page.evaluate(FOCUS)
            if focused is None or focused["key"] in seen:
                break
            seen.add(focused["key"])
            if not focused["ring"]:
                bare.append(f"{site_page}: {focused['label']}")
        assert seen, f"{site_page}: Tab reached nothing"
    assert bare == [], "focused without a visible focus indicator:\n" + "\n".join(bare)
