"""Both charts, for 2 to 5 options in both languages: no name overlaps another text or a box, and no text
leaves the picture, read from the built SVG; the series colours are the stylesheet's and each stands out
from the page and from the others; prose counts the options from the data."""

from __future__ import annotations

import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from site_builder.engine.load.card_style import custom_properties
from site_builder.guide import charts
from site_builder.guide.charts import Rect, text_rect, text_width
from tests.helpers import PROJECT, cli

from .many_options import OPTIONS, chosen, many_options_site

SVG = "{http://www.w3.org/2000/svg}"
PAGES = {"en": "en/compare/index.html", "id": "id/perbandingan/index.html"}
COUNT_WORDS = {"en": ["two", "three", "four", "five"], "id": ["dua", "tiga", "empat", "lima"]}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[int, Path]:
    """The fixture site built with 2, 3, 4 and 5 options."""
    outputs = {}
    for count in (2, 3, 4, 5):
        root = tmp_path_factory.mktemp(f"options{count}")
        site = many_options_site(root / "site", count)
        build(load_config(site), root / "public")
        outputs[count] = root / "public"
    return outputs


def svgs(html: Path) -> list[ET.Element]:
    # The builder's own output, just written by the test: no untrusted XML.
    return [ET.fromstring(m) for m in re.findall(r"<svg.*?</svg>", html.read_text(encoding="utf-8"), re.S)]  # noqa: S314


def text_box(text: ET.Element) -> Rect:
    """A text's box from its x, y and anchor, as wide as the charts' own estimate for it."""
    width = text_width(text.text or "")
    x = float(text.get("x", 0)) - {"start": 0, "middle": width / 2, "end": width}[text.get("text-anchor", "start")]
    return text_rect(x, float(text.get("y", 0)), width)


def rect_box(rect: ET.Element) -> Rect:
    x, y = float(rect.get("x", 0)), float(rect.get("y", 0))
    return Rect(x, y, x + float(rect.get("width", 0)), y + float(rect.get("height", 0)))


def apart(a: Rect, b: Rect) -> bool:
    return a.right <= b.left or b.right <= a.left or a.bottom <= b.top or b.bottom <= a.top


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_no_chart_text_overlaps_another_or_a_box_or_leaves_the_picture(
    built: dict[int, Path], count: int, lang: str
) -> None:
    found = svgs(built[count] / PAGES[lang])
    assert len(found) == 2
    for svg in found:
        _, _, width, height = map(float, svg.get("viewBox", "").split())
        picture = Rect(0, 0, width, height)
        texts = [(t.text, text_box(t)) for t in svg.iter(SVG + "text")]
        bars = [rect_box(r) for r in svg.iter(SVG + "rect")]
        names = [t.text for t in svg.iter(SVG + "text") if t.get("class") == "bar-label"]
        assert names == [OPTIONS[o][("en", "id").index(lang)] for o in chosen(count)]
        assert len(bars) == count
        for text, box in texts:
            assert box.within(picture), (text, box, picture)
            for bar in bars:
                assert apart(box, bar), (text, box, bar)
        for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
            assert apart(box_a, box_b), (a, b)
        # A name placed away from its box has a line to it that crosses no other text.
        series = svg.find(f"{SVG}g[@class='series']")
        assert series is not None
        for group in series:
            own = group.find(SVG + "text")
            for line in group.iter(SVG + "line"):
                segment = tuple(float(line.get(k, 0)) for k in ("x1", "y1", "x2", "y2"))
                for text, box in texts:
                    if own is None or text != own.text:
                        assert not charts.crosses(segment, box), (text, segment)


@pytest.mark.parametrize("count", [2, 3, 4, 5])
def test_each_option_has_one_group_per_chart_so_it_keeps_its_colour_in_both(built: dict[int, Path], count: int) -> None:
    for svg in svgs(built[count] / PAGES["en"]):
        series = svg.find(f"{SVG}g[@class='series']")
        assert series is not None and len(series) == count


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_page_counts_the_options_from_the_data_in_its_own_words(built: dict[int, Path], lang: str) -> None:
    for count, word in zip((2, 3, 4, 5), COUNT_WORDS[lang], strict=True):
        html = (built[count] / PAGES[lang]).read_text(encoding="utf-8")
        assert re.search(rf"<p>[^<]* {word} (options|pilihan)\.</p>", html), (count, lang)


def test_a_name_too_wide_for_the_chart_is_refused_at_the_macro_line(tmp_path: Path) -> None:
    site = many_options_site(tmp_path / "site", 3)
    words = site / "data/text/id/facts.yaml"
    words.write_text(words.read_text(encoding="utf-8").replace("Tanam benang", "Tanam benang " * 6), encoding="utf-8")
    result = cli(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(
        r"content/id/perbandingan\.md:\d+: chart 'cost-longevity': the name of 'thread-lift' is wider than the chart; "
        r"a shorter name in data/text/id/facts\.yaml makes room",
        result.stderr,
    ), result.stderr
    assert "compare.md" not in result.stderr  # the English names fit


# -- the palette ------------------------------------------------------------------------------------------
CSS = (PROJECT / "static/css/site.css").read_text(encoding="utf-8")
DARK = re.search(r"prefers-color-scheme:\s*dark\)\s*\{\s*(:root\s*\{[^}]*\})", CSS)


def rgb(value: str) -> tuple[float, float, float]:
    digits = value.strip().lstrip("#")
    digits = "".join(d * 2 for d in digits) if len(digits) == 3 else digits
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))  # type: ignore[return-value]


def luminance(colour: tuple[float, float, float]) -> float:
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def lab(colour: tuple[float, float, float]) -> tuple[float, float, float]:
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in colour)
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        luminance(colour),
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in xyz)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def palette(properties: dict[str, str]) -> list[str]:
    return [properties[f"--bar-{n}"] for n in range(1, 100) if f"--bar-{n}" in properties]


SCHEMES = {"light": custom_properties(CSS), "dark": custom_properties(DARK.group(1) if DARK else "")}


def test_the_stylesheet_gives_at_least_five_series_colours_in_each_scheme_and_a_rule_for_each() -> None:
    light, dark = (palette(p) for p in SCHEMES.values())
    assert len(light) >= 5 and len(dark) == len(light)
    rules = re.findall(r"\.series > :nth-child\((\d+)n\+(\d+)\) \.bar \{ fill: var\(--bar-(\d+)\); \}", CSS)
    assert [(int(a), int(b), int(c)) for a, b, c in rules] == [(len(light), n, n) for n in range(1, len(light) + 1)]


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_series_colour_has_3_to_1_contrast_with_the_page_and_differs_from_the_others(scheme: str) -> None:
    properties = SCHEMES[scheme]
    background = rgb(properties["--bg"])
    opacity = float(re.search(r"\.chart-svg \.bar \{ fill-opacity: ([\d.]+)", CSS).group(1))  # type: ignore[union-attr]
    # What the reader sees: the colour at the bars' opacity over the page (WCAG 1.4.11, graphics).
    seen = [
        tuple(opacity * c + (1 - opacity) * g for c, g in zip(rgb(value), background, strict=True))
        for value in palette(properties)
    ]
    for n, colour in enumerate(seen, 1):
        assert contrast(colour, background) >= 3, (scheme, f"--bar-{n}", round(contrast(colour, background), 2))
    # Each pair far apart in CIELAB (a difference of 25 is plainly another colour; names label every box too).
    for (i, a), (j, b) in itertools.combinations(enumerate(seen, 1), 2):
        difference = sum((p - q) ** 2 for p, q in zip(lab(a), lab(b), strict=True)) ** 0.5
        assert difference >= 25, (scheme, f"--bar-{i}", f"--bar-{j}", round(difference))
