"""On 320 and 360 px phones the comparison shows every option as a card, without the page scrolling
sideways, and chart text is at least 12 CSS px with no two labels overlapping."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

COMPARE = {"en": "en/compare/", "id": "id/perbandingan/"}
HOME = {"en": "en/", "id": "id/"}

# Every text element of the charts: its rendered font size and its box on screen.
CHART_TEXT = """() => [...document.querySelectorAll('.chart-svg text')].map((t) => {
  const r = t.getBoundingClientRect(), svg = t.closest('svg').getBoundingClientRect();
  const scale = svg.width / t.closest('svg').viewBox.baseVal.width;
  return {text: t.textContent, size: parseFloat(getComputedStyle(t).fontSize) * scale,
    left: r.left, right: r.right, top: r.top, bottom: r.bottom,
    inside: r.left >= svg.left - 0.5 && r.right <= svg.right + 0.5
      && r.top >= svg.top - 0.5 && r.bottom <= svg.bottom + 0.5};
})"""


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1")


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_comparison_is_one_card_per_option_on_a_phone(page: Page, live_server: str, lang: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 740})
    for path in (COMPARE[lang], HOME[lang]):
        page.goto(live_server + path)
        assert not scrolls_sideways(page), path
        table = page.locator(".comparison-table").first
        assert not table.is_visible(), path  # the wide table is for wider screens
        cards = page.locator(".comparison").first.locator(".comparison-card")
        names = [cards.nth(i).locator("h3").inner_text() for i in range(cards.count())]
        headers = table.locator("thead th")
        assert names == [headers.nth(i).inner_text() for i in range(headers.count())], path
        assert len(names) == 4, path
        for i in range(cards.count()):
            box = cards.nth(i).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (path, names[i])
            rows = cards.nth(i).locator("dt")
            assert rows.count() == page.locator(".comparison").first.locator("tbody tr").count(), path


def test_on_a_wide_screen_the_comparison_is_a_table(page: Page, live_server: str) -> None:
    page.set_viewport_size({"width": 1024, "height": 800})
    page.goto(live_server + COMPARE["en"])
    assert page.locator(".comparison-table").first.is_visible()
    assert not page.locator(".comparison-cards").first.is_visible()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_chart_text_is_at_least_12_px_and_no_labels_overlap_on_a_360_px_phone(
    page: Page, live_server: str, lang: str
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server + COMPARE[lang])
    texts = page.evaluate(CHART_TEXT)
    assert len(texts) >= 10
    for t in texts:
        assert t["size"] >= 12, t
        assert t["inside"], t  # no label runs past the chart's edge
    for i, a in enumerate(texts):
        for b in texts[i + 1 :]:
            apart = (
                a["right"] <= b["left"] or b["right"] <= a["left"] or a["bottom"] <= b["top"] or b["bottom"] <= a["top"]
            )
            assert apart, (a["text"], b["text"])
    # A name also never sits on another option's box.
    boxes = page.evaluate(
        "() => [...document.querySelectorAll('.chart-svg rect')].map((r) => r.getBoundingClientRect().toJSON())"
    )
    labels = page.evaluate(
        "() => [...document.querySelectorAll('.chart-svg .bar-label')].map((t) => t.getBoundingClientRect().toJSON())"
    )
    for label in labels:
        for box in boxes:
            clear = (
                label["right"] <= box["left"] + 0.5
                or box["right"] <= label["left"] + 0.5
                or label["bottom"] <= box["top"] + 0.5
                or box["bottom"] <= label["top"] + 0.5
            )
            assert clear, (label, box)
