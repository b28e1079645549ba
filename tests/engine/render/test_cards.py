"""Link previews: every page's og:image is a 1200×630 PNG of its own in the output, in its language, drawn to
the same bytes by every build, its title wrapped inside the picture, and drawn again only when what it shows
changes. The colours are the stylesheet's; a card setting that names none of them is refused at its line."""

from __future__ import annotations

import io
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PIL import Image

from site_builder.engine.base import workers
from site_builder.engine.build import BuildReport, build
from site_builder.engine.build import build as build_site
from site_builder.engine.config.config import SiteConfig, load_config
from site_builder.engine.load.card_style import load_card_style
from site_builder.engine.model.model import CardStyle
from site_builder.engine.render import cards
from site_builder.engine.render.cards import HEIGHT, MARGIN, STRIPE, TITLE_BOX, WIDTH, Card, title_layout
from tests.helpers import PROJECT, clean_build, cli, parse, replace, tree

BASE = "https://facelift-guide.example.org/"
CONFIG = load_config(PROJECT)
SITE_NAMES = {lang.code: lang.site_name for lang in CONFIG.languages}
FROM = {"en": "from", "id": "dari"}


def pages(output: Path) -> list[Path]:
    return sorted(output.glob("**/index.html"))


def picture(output: Path, html: Path, base: str = BASE) -> Path:
    url = parse(html.read_bytes()).meta["og:image"]
    assert url.startswith(base + "assets/cards/") and url.endswith(".png"), url
    return output / url.removeprefix(base)


def card_files(output: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((output / "assets/cards").iterdir())}


def test_every_page_and_the_language_chooser_show_a_1200_by_630_png_the_output_holds(built_site: Path) -> None:
    found = pages(built_site)
    assert built_site / "index.html" in found and len(found) == len(list((PROJECT / "content").glob("*/*.md"))) + 1
    for html in found:
        page = parse(html.read_bytes())
        meta = page.meta
        with Image.open(picture(built_site, html)) as image:
            assert (image.format, image.size) == ("PNG", (WIDTH, HEIGHT)), html
        assert (meta["og:image:type"], meta["og:image:width"], meta["og:image:height"]) == ("image/png", "1200", "630")
        assert meta["twitter:card"] == "summary_large_image"
        # What the picture shows, in the page's language: "“Title”, from Site name" (the chooser: its publisher).
        source = CONFIG.publisher.name if html == built_site / "index.html" else SITE_NAMES[page.html_lang]
        assert meta["og:image:alt"] == f"“{meta['og:title']}”, {FROM[page.html_lang]} {source}", html
    # The folder holds the pictures the pages show, and no other.
    assert len(card_files(built_site)) == len({picture(built_site, html) for html in found})


def test_a_page_and_its_translation_show_different_pictures(built_site: Path) -> None:
    compared = 0
    for html in sorted((built_site / "en").glob("**/index.html")):
        translation = parse(html.read_bytes()).alternates["id"].removeprefix(BASE)
        english, indonesian = picture(built_site, html), picture(built_site, built_site / translation / "index.html")
        assert english != indonesian and english.read_bytes() != indonesian.read_bytes(), html
        compared += 1
    assert compared == len(list((PROJECT / "content/en").glob("*.md")))


def test_another_process_under_a_sub_path_draws_the_same_bytes_and_links_them_below_it(
    built_site: Path, tmp_path: Path
) -> None:
    output = tmp_path / "public"
    command = [sys.executable, "-m", "site_builder", "--root", str(PROJECT), "build", "--output", str(output)]
    result = subprocess.run([*command, "--base-url", "https://example.org/guide/"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    for html in pages(output):
        assert picture(output, html, "https://example.org/guide/").is_file()
    assert card_files(output) == card_files(built_site)  # a picture shows no address: the same files, byte for byte


def _style() -> CardStyle:
    style = load_card_style(load_config(PROJECT))
    assert style is not None
    return style


@pytest.mark.parametrize("letters", [400, 800, 100_000, 1_000_000])
def test_the_layout_of_one_long_word_takes_what_a_line_takes_not_what_the_word_does(letters: int) -> None:
    """It once measured every prefix of the word: 400 letters took 16 s, 800 took 135 s."""
    style = _style()
    title_layout("W" * 10, style)  # the fonts loaded before the clock starts
    started = time.perf_counter()
    layout = title_layout("W" * letters, style)
    took = time.perf_counter() - started
    assert took < 1.0, f"{letters} letters took {took:.2f} s"
    font = cards._font(style.font, layout.size)
    assert layout.lines[-1].text.endswith("…")
    assert all(font.getlength(line.text) <= TITLE_BOX.right - TITLE_BOX.left for line in layout.lines)


@pytest.mark.parametrize(
    "title",
    [
        "Tanam benang, facelift mini, atau facelift deep plane: mana yang cocok untuk wajah Anda? " * 2,
        "Pengencangan" * 12,  # one word far wider than the picture
        "Apa yang perlu ditanyakan kepada dokter bedah sebelum memilih " * 8,  # more than the picture can hold
    ],
)
def test_a_long_title_wraps_inside_the_picture_measured_by_its_ink(title: str) -> None:
    style = _style()
    layout = title_layout(title, style)
    font = cards._font(style.font, layout.size)
    assert len(layout.lines) > 1
    for line in layout.lines:
        left, top, right, bottom = font.getbbox(line.text)
        assert TITLE_BOX.left <= line.x + left and line.x + right <= TITLE_BOX.right, line
        assert TITLE_BOX.top <= line.y + top and line.y + bottom <= TITLE_BOX.bottom, line
    shown = "".join(line.text for line in layout.lines).replace(" ", "").removesuffix("…")
    assert title.replace(" ", "").startswith(shown)  # nothing left out but, at most, the end
    assert layout.lines[-1].text.endswith("…") == (len(shown) < len(title.replace(" ", "")))

    with Image.open(io.BytesIO(cards.draw(Card(title, "Panduan Memilih Facelift", style)))) as drawn:
        image = drawn.convert("RGB")
        ink = [
            (x, y)
            for y in range(0, HEIGHT - STRIPE, 3)
            for x in range(0, WIDTH, 3)
            if image.getpixel((x, y)) != style.background
        ]
    xs, ys = [x for x, _ in ink], [y for _, y in ink]
    assert MARGIN <= min(xs) and max(xs) <= WIDTH - MARGIN  # nothing in the side margins
    assert max(ys) - TITLE_BOX.top > 2 * layout.size  # several lines of it, not one


def test_the_colours_are_the_stylesheets_own_light_custom_properties(site_copy: Path) -> None:
    css = site_copy / "static/css/site.css"
    css.write_text(re.sub(r"--bar-1: #[0-9a-f]+;", "--bar-1: #123;", css.read_text(), count=1))
    style = load_card_style(load_config(site_copy))
    assert style is not None
    assert style.stripes[0] == (0x11, 0x22, 0x33)  # the light scheme's, not the dark one's
    assert (style.background, style.title) == ((255, 255, 255), (0x1B, 0x1F, 0x23))


def test_a_picture_is_drawn_again_only_when_what_it_shows_changes(
    site_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[list[str]] = []  # the pictures each build drew
    now: set[str] = set()
    draw = cards.draw
    monkeypatch.setattr(cards, "draw", lambda card: now.add(card.name) or draw(card))
    monkeypatch.setattr(workers, "cores", lambda: 1)  # every picture drawn in this process, where it is counted
    output = site_copy.parent / "public"

    def files() -> dict[str, tuple[int, int]]:  # a file written again is a new inode
        return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in (output / "assets/cards").iterdir()}

    def build(config: SiteConfig, output: Path) -> BuildReport:
        now.clear()
        report = build_site(config, output)
        drawn.append(sorted(now))
        return report

    build(load_config(site_copy), output)
    assert len(drawn[-1]) == len(pages(output))
    before = files()

    # The text of one page (a translation: a source page's edit renders its translation too, which then says so)
    replace("content/id/tanya-jawab.md", "\n## ", "\nSatu kalimat lagi.\n\n## ")(site_copy)
    report = build(load_config(site_copy), output)
    assert report.pages_rendered == 1 and drawn[-1] == [] and files() == before

    (site_copy / "templates/base.html").write_text((site_copy / "templates/base.html").read_text() + "\n")
    report = build(load_config(site_copy), output)  # every page rendered again, every picture as it was
    assert report.pages_rendered == len(pages(output)) - 1 and drawn[-1] == [] and files() == before

    page = output / "id/tanam-benang/index.html"
    old = picture(output, page).name
    replace("content/id/tanam-benang.md", 'title: "Tanam benang:', 'title: "Tanam benang, singkatnya:')(site_copy)
    build(load_config(site_copy), output)
    new = picture(output, page).name
    assert [name.rpartition("/")[2] for name in drawn[-1]] == [new]  # that page's picture alone
    assert files().keys() == before.keys() - {old} | {new}
    assert {n: s for n, s in files().items() if n != new} == {n: s for n, s in before.items() if n != old}
    assert tree(output) == clean_build(site_copy, site_copy.parent / "clean")  # byte for byte


def test_a_picture_changed_by_hand_in_the_output_is_drawn_again(site_copy: Path) -> None:
    output = site_copy.parent / "public"
    build(load_config(site_copy), output)
    card = picture(output, output / "en/faq/index.html")
    drawn = card.read_bytes()
    card.unlink()
    card.write_bytes(b"not a picture")

    build(load_config(site_copy), output)

    assert card.read_bytes() == drawn


@pytest.mark.parametrize(
    ("old", "new", "says"),
    [
        (
            "title: --text",
            "title: --txt",
            "card: 'title' names --txt, which the first :root block of "
            "static/css/site.css does not declare (did you mean '--text'?)",
        ),
        ("stylesheet: css/site.css", "stylesheet: css/nowhere.css", "static/css/nowhere.css, which does not exist"),
        ("site_name: --brand", "site_name: brand", "'site_name' must name a CSS custom property"),
    ],
)
def test_a_card_setting_that_names_no_colour_is_refused_at_its_line(
    site_copy: Path, old: str, new: str, says: str
) -> None:
    replace("site.yaml", old, new)(site_copy)
    line = next(i for i, text in enumerate((site_copy / "site.yaml").read_text().splitlines(), 1) if new in text)

    result = cli(site_copy)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{site_copy / 'site.yaml'}:{line}: " in result.stderr and says in result.stderr, result.stderr
    assert not (site_copy / "public").exists()


def test_a_colour_the_picture_cannot_use_is_refused_at_the_setting_that_names_it(site_copy: Path) -> None:
    css = site_copy / "static/css/site.css"
    css.write_text(css.read_text().replace("--bg: #fff;", "--bg: white;", 1))
    line = next(i for i, t in enumerate((site_copy / "site.yaml").read_text().splitlines(), 1) if "background:" in t)

    result = cli(site_copy)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"site.yaml:{line}: card: 'background' names --bg, which is 'white'" in result.stderr, result.stderr
