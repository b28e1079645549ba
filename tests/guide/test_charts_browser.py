"""The charts of the 5-option fixture in Chromium on a 360 px phone, in both languages: as drawn, no text
overlaps another text or a box, none leaves the picture, each name is no wider than the builder allowed
for it, the five series have five colours; and a screenshot of each page is kept."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from site_builder.guide.charts import text_width
from tests.helpers import serve_folder

from .many_options import many_options_site

pytestmark = pytest.mark.browser

PAGES = {"en": "en/compare/", "id": "id/perbandingan/"}
WIDTH = 360

# Every chart as drawn: its viewBox, and the boxes of its texts and bars in its own units (getBBox).
DRAWN = """() => [...document.querySelectorAll('svg.chart-svg')].map((svg) => {
  const box = (e) => {
    const b = e.getBBox();
    return {left: b.x, top: b.y, right: b.x + b.width, bottom: b.y + b.height};
  };
  const view = svg.viewBox.baseVal;
  return {
    width: view.width, height: view.height,
    texts: [...svg.querySelectorAll('text')].map((t) => ({
      text: t.textContent, label: t.classList.contains('bar-label'), ...box(t),
    })),
    bars: [...svg.querySelectorAll('rect.bar')].map((r) => ({fill: getComputedStyle(r).fill, ...box(r)})),
  };
})"""


@pytest.fixture(scope="module")
def five_options(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("five")
    site = many_options_site(root / "site", 5)
    build(load_config(site), root / "public")
    server, url = serve_folder(root / "public")
    yield url
    server.shutdown()
    server.server_close()


def apart(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (
        a["right"] <= b["left"] + slack
        or b["right"] <= a["left"] + slack
        or a["bottom"] <= b["top"] + slack
        or b["bottom"] <= a["top"] + slack
    )


@pytest.mark.parametrize("lang", ["en", "id"])
def test_five_options_draw_clear_of_each_other_on_a_360_px_phone(
    browser: Browser, five_options: str, lang: str, tmp_path: Path
) -> None:
    context = browser.new_context(viewport={"width": WIDTH, "height": 740})
    tab = context.new_page()
    errors: list[str] = []
    # The fixture has no favicon; anything else the page fails to load or run is an error.
    tab.on(
        "console",
        lambda m: (
            errors.append(m.text) if m.type == "error" and not m.location["url"].endswith("/favicon.ico") else None
        ),
    )
    tab.goto(five_options + PAGES[lang])
    charts = tab.evaluate(DRAWN)
    assert len(charts) == 2
    for chart in charts:
        texts, bars = chart["texts"], chart["bars"]
        assert len(bars) == 5 and len([t for t in texts if t["label"]]) == 5
        assert len({bar["fill"] for bar in bars}) == 5 and "rgb(0, 0, 0)" not in {bar["fill"] for bar in bars}
        for text in texts:
            assert -0.5 <= text["left"] and text["right"] <= chart["width"] + 0.5, text
            assert -0.5 <= text["top"] and text["bottom"] <= chart["height"] + 0.5, text
            for bar in bars:
                assert apart(text, bar), (text, bar)
            if text["label"]:  # the builder placed it with room to spare
                assert text["right"] - text["left"] <= text_width(text["text"]) + 0.5, text
        for a, b in itertools.combinations(texts, 2):
            assert apart(a, b), (a, b)
    shot = tmp_path / f"compare-{lang}.png"
    tab.screenshot(path=str(shot), full_page=True)
    context.close()
    assert errors == []
    with Image.open(shot) as image:
        assert image.format == "PNG" and image.width == WIDTH and image.height > 740
