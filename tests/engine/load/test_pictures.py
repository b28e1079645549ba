"""Pictures in pages, as an editor adds them: a file beside the page, in images/, or shared in content/images/,
written `![alt](file.png)`; built with the CLI and checked in the output folder."""

from __future__ import annotations

import io
import re
import shutil
import tempfile
from collections.abc import Callable
from html import unescape
from pathlib import Path

import pytest
from PIL import Image

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from site_builder.engine.load import pictures
from tests.helpers import (
    EN,
    ID,
    SVG,
    appended,
    clean_build,
    cli,
    copy_sources,
    drawing,
    outside,
    photo,
    pictured_site,
    rebuild,
    replace,
    tree,
)


def located(path: Path) -> None:
    """The photo as a phone saves it with location on: GPS coordinates in its EXIF."""
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "S", (6.0, 10.0, 30.0)
    with tempfile.TemporaryDirectory() as folder:
        Image.open(photo(Path(folder, "plain.jpg"), (800, 500))).save(path, exif=exif, quality=80)


MARK = "content/en/images/mark.svg"




def shown(html: str) -> list[dict[str, str]]:
    """Each <img> of the page's main text, its attributes as a dict (the template's own have none of these)."""
    main = html[html.index("<main") :]
    return [
        {name: unescape(value) for name, value in re.findall(r'(\w+)="([^"]*)"', tag)}
        for tag in re.findall(r"<img\s[^>]*>", main)
    ]


def output_file(folder: Path, url: str, base: str) -> Path:
    assert url.startswith(base), url
    return folder / url[len(base) :]


@pytest.mark.parametrize("base", ["/", "/guide/"])
def test_each_picture_is_published_under_a_hashed_name_with_its_size_at_the_root_and_under_a_sub_path(
    base: str, tmp_path: Path
) -> None:
    site = pictured_site(tmp_path)
    output = tmp_path / "out"

    result = cli(site, "build", "--output", str(output), "--base-url", f"https://x.example{base}")

    assert result.returncode == 0, result.stderr
    en = shown((output / "en/thread-lift/index.html").read_text())
    indonesian = shown((output / "id/tanam-benang/index.html").read_text())
    sizes = {img["alt"]: (img["width"], img["height"]) for img in en + indonesian}
    assert sizes == {
        "How the threads lie": ("400", "300"),
        "A face in soft light": ("1600", "1000"),
        "": ("120", "60"),  # the decorative one, from the SVG's viewBox
        "Letak benang": ("300", "300"),
        "Wajah dalam cahaya lembut": ("1600", "1000"),
    }
    for img in en + indonesian:
        assert re.fullmatch(rf"{base}assets/pictures/[\w-]+\.[0-9a-f]{{10}}\.(png|jpg|svg)", img["src"]), img
        assert output_file(output, img["src"], base).is_file()
    assert en[0]["src"] != indonesian[0]["src"], "each language's drawing.png is its own"
    assert en[1]["src"] == indonesian[1]["src"], "the shared photo is one file"
    assert (output / en[1]["src"][len(base) :]).read_bytes() == (site / "content/images/face.jpg").read_bytes()
    assert not list(output.rglob("*.md")) and not (output / "en/drawing.png").exists()


def test_a_wide_photo_is_offered_as_webp_at_the_widths_screens_need(tmp_path: Path) -> None:
    site = pictured_site(tmp_path)
    output = tmp_path / "out"
    assert cli(site, "build", "--output", str(output)).returncode == 0

    html = (output / "en/thread-lift/index.html").read_text()
    [source] = re.findall(r'<picture><source ([^>]*)><img [^>]*alt="A face in soft light"[^>]*></picture>', html)
    srcset = re.search(r'srcset="([^"]*)"', source).group(1)  # type: ignore[union-attr]
    offered = [entry.rsplit(" ", 1) for entry in srcset.split(", ")]
    assert [width for _, width in offered] == ["480w", "720w", "1080w", "1440w"]
    for url, width in offered:
        with Image.open(output_file(output, url, "/")) as copy:
            assert copy.format == "WEBP" and copy.size == (int(width[:-1]), int(width[:-1]) * 1000 // 1600)
    assert 'type="image/webp"' in source and 'sizes="' in source
    assert "<picture>" not in html.split('alt="How the threads lie"')[0][-300:], "a narrow drawing has no copies"


def test_the_output_is_the_same_bytes_from_another_process(tmp_path: Path) -> None:
    site = pictured_site(tmp_path)
    assert cli(site, "build", "--output", str(tmp_path / "one")).returncode == 0
    build(load_config(site), tmp_path / "two")

    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_picture_is_drawn_once_and_a_page_edit_draws_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site = pictured_site(tmp_path)
    output = tmp_path / "public"
    drawn: list[str] = []
    draw = pictures.draw_pictures
    monkeypatch.setattr(pictures, "draw_pictures", lambda files: drawn.extend(files) or draw(files))

    rebuild(site, output)
    first = list(drawn)
    appended(EN, "\nOne more sentence.\n")(site)
    report = rebuild(site, output)

    assert len(first) == len(set(first)) == 4 + 4, "four copies of the photo, four pictures, drawn once each"
    assert drawn == first, "nothing drawn again"
    assert report.pages_rendered == 1 and not any(name.startswith("assets/pictures") for name in report.written)
    assert tree(output) == clean_build(site, tmp_path / "clean")


CHANGES: dict[str, Callable[[Path], None]] = {
    "the photo replaced by another": lambda site: photo(site / "content/images/face.jpg", (1200, 900), seed=90),
    "the drawing made larger": lambda site: drawing(site / "content/en/drawing.png", (800, 500)),
    "a page shows a picture it did not": appended(ID, "\n![Tanda](../en/images/mark.svg)\n"),
    "a page stops showing one": replace(EN, "![How the threads lie](drawing.png)", ""),
    "one of two pages stops showing a shared one": replace(EN, "![A face in soft light](images/face.jpg)", ""),
    "a page's own copy of a shared picture": lambda site: photo(site / "content/en/images/face.jpg", (900, 600)),
}


@pytest.mark.parametrize("change", CHANGES)
def test_an_incremental_build_after_a_picture_change_equals_a_clean_build(change: str, tmp_path: Path) -> None:
    site = pictured_site(tmp_path)
    output = tmp_path / "public"
    rebuild(site, output)

    CHANGES[change](site)
    rebuild(site, output)

    assert tree(output) == clean_build(site, tmp_path / "clean")


def test_pictures_and_editors_junk_beside_them_are_neither_pages_nor_published_as_such(tmp_path: Path) -> None:
    site = pictured_site(tmp_path)
    (site / "content/en/images/Thumbs.db").write_bytes(b"junk")
    shutil.copy(site / "content/en/drawing.png", site / "content/en/.drawing.png")
    (site / "content/en/notes.txt").write_text("not a picture, not a page")
    output = tmp_path / "out"

    assert cli(site, "build", "--output", str(output)).returncode == 0

    published = sorted(p.name for p in (output / "assets/pictures").iterdir())
    assert all(re.fullmatch(r"(drawing|face|mark)(-\d+)?\.[0-9a-f]+\.(png|jpg|svg|webp)", n) for n in published)
    assert not [p for p in output.rglob("*") if p.name in ("Thumbs.db", "notes.txt", ".drawing.png")]


# mistake -> (change to the pictured site, the file the message names, the line, what it says)
MISTAKES: dict[str, tuple[Callable[[Path], None], str, int | None, str]] = {
    "no alt text": (appended(EN, "\n![](drawing.png)\n"), EN, 36, "has no alt text"),
    "alt text of spaces": (appended(ID, "\n![  ](drawing.png)\n"), ID, 34, "has no alt text"),
    "an external picture": (appended(EN, "\n![A face](https://cdn.example/face.jpg)\n"), EN, 36, "on another site"),
    "a protocol-relative picture": (appended(EN, "\n![A face](//cdn.example/face.jpg)\n"), EN, 36, "on another site"),
    "a data: picture": (appended(EN, "\n![A dot](data:image/png;base64,iVBOR)\n"), EN, 36, "on another site"),
    "a missing file": (appended(EN, "\n![A chart](chart.png)\n"), EN, 36, "content/en/chart.png nor content/chart.png"),
    "a path from the root": (appended(EN, "\n![A face](/images/face.jpg)\n"), EN, 36, "like ![…](images/face.jpg)"),
    "a file that is not a picture": (appended(EN, "\n![Notes](thread-lift.md)\n"), EN, 36, "is not a picture"),
    "decorative with alt text": (appended(EN, "\n![A mark](images/mark.svg){: .decorative}\n"), EN, 36, "decorative"),
    "a picture in raw HTML": (appended(EN, '\n<img src="drawing.png" alt="x">\n'), EN, 36, "written as HTML"),
    "over the budget": (appended("site.yaml", "picture_kb: 50\n"), EN, 32, "over the 50 KB a picture may"),
    "a budget that is not a number": (appended("site.yaml", "picture_kb: lots\n"), "site.yaml", 11, "kilobytes"),
    "an SVG with a DOCTYPE": (
        lambda site: (site / "content/en/images/mark.svg").write_text('<!DOCTYPE svg [<!ENTITY a "b">]>' + SVG),
        "content/en/images/mark.svg",
        None,
        "DOCTYPE",
    ),
    "an SVG with a script": (
        replace("content/en/images/mark.svg", "<rect", "<script>alert(1)</script><rect"),
        "content/en/images/mark.svg",
        None,
        "must not run code",
    ),
    "an SVG with an undeclared prefix": (
        replace(MARK, "<rect", "<x:foo/><rect"),
        MARK,
        None,
        "is not well-formed SVG: unbound prefix",
    ),
    "an SVG viewBox of nan": (replace(MARK, "0 0 120 60", "0 0 nan 10"), MARK, None, "viewBox"),
    "an SVG viewBox of inf": (replace(MARK, "0 0 120 60", "0 0 inf 10"), MARK, None, "viewBox"),
    "an SVG width of a number too large": (
        replace(MARK, "viewBox", f'width="{"9" * 400}" height="10" viewBox'),
        MARK,
        None,
        "width",
    ),
    "an SVG width of nothing": (replace(MARK, "viewBox", 'width="0" height="10" viewBox'), MARK, None, "width"),
    "an SVG with an XHTML script": (
        replace(MARK, "<rect", '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script><rect'),
        MARK,
        None,
        "must not run code or load anything",
    ),
    "an SVG with a javascript: link": (
        replace(MARK, "<rect", '<a href="javascript:alert(1)"><text>x</text></a><rect'),
        MARK,
        None,
        "must not run code or load anything",
    ),
    "an SVG with an outside image": (
        replace(
            MARK, "<rect", '<image xmlns:l="http://www.w3.org/1999/xlink" l:href="https://evil.example/x.png"/><rect'
        ),
        MARK,
        None,
        "must not run code or load anything",
    ),
    "an SVG that animates a link": (
        replace(MARK, "<rect", '<a href="#r"><set attributeName="href" to="javascript:alert(1)"/></a><rect'),
        MARK,
        None,
        "must not run code or load anything",
    ),
    "an SVG with a stylesheet": (
        replace(MARK, "<svg", '<?xml version="1.0"?><?xml-stylesheet href="https://evil.example/x.css"?><svg'),
        MARK,
        None,
        "must not run code or load anything",
    ),
    "an SVG with an element of no known namespace": (
        replace(MARK, "<rect", '<x:run xmlns:x="https://tool.example/ns"/><rect'),
        MARK,
        None,
        "an element from outside SVG (https://tool.example/ns)",
    ),
    "an SVG stylesheet that imports another": (
        replace(MARK, "<rect", "<style>rect { fill: red }\n@import 'https://evil.example/x.css';</style><rect"),
        MARK,
        None,
        "a <style> that could fetch a file",
    ),
    "an SVG stylesheet that spells url() with an escape": (
        replace(MARK, "<rect", r"<style>rect { fill: \75rl(https://evil.example/p.png) }</style><rect"),
        MARK,
        None,
        "a <style> that could fetch a file",
    ),
    "an SVG fill from another site": (
        replace(MARK, "<rect", '<rect fill="url(https://evil.example/p.svg#g)"/><rect'),
        MARK,
        None,
        "which fetches a file",
    ),
    "an SVG style attribute that fetches": (
        replace(MARK, "<rect", "<rect style=\"fill: URL( 'x.svg#g')\"/><rect"),
        MARK,
        None,
        "which fetches a file",
    ),
    "a JPEG cut off halfway": (
        lambda site: (path := site / "content/images/face.jpg").write_bytes(
            path.read_bytes()[: path.stat().st_size // 2]
        ),
        "content/images/face.jpg",
        None,
        "not a picture that can be read",
    ),
    "a PNG cut off halfway": (
        lambda site: (path := site / "content/en/drawing.png").write_bytes(
            path.read_bytes()[: path.stat().st_size // 2]
        ),
        "content/en/drawing.png",
        None,
        "not a picture that can be read",
    ),
    "an attribute for the address of its copies": (
        appended(EN, '\n![A face](images/face.jpg){: srcset="https://evil.example/x.png"}\n'),
        EN,
        36,
        "srcset",
    ),
    "an attribute for its size": (appended(EN, '\n![A face](images/face.jpg){: width="10"}\n'), EN, 36, "width"),
    "a PNG that is not one": (
        lambda site: (site / "content/en/drawing.png").write_bytes(b"not a picture"),
        "content/en/drawing.png",
        None,
        "not a picture that can be read",
    ),
    "a picture of too many pixels": (
        lambda site: Image.new("1", (7000, 7000)).save(site / "content/en/drawing.png"),
        "content/en/drawing.png",
        None,
        f"7000×7000 pixels, too large for a page; make it at most {pictures.MAX_PIXELS // 1_000_000} million pixels",
    ),
    "a picture of far too many pixels": (
        lambda site: Image.new("1", (10000, 10000)).save(site / "content/en/drawing.png"),
        "content/en/drawing.png",
        None,
        "too large for a page",
    ),
    "a photo that records where it was taken": (
        lambda site: located(site / "content/images/face.jpg"),
        "content/images/face.jpg",
        None,
        "records the place it was taken",
    ),
    "a picture linked to one outside the project": (
        lambda site: (site / "content/en/secret.png").symlink_to(outside("secret.png", "x")(site)),
        "content/en/secret.png",
        None,
        "outside the project",
    ),
}


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_mistake_with_a_picture_is_a_message_at_its_line_and_the_last_good_site_stays(
    mistake: str, tmp_path: Path
) -> None:
    site = pictured_site(tmp_path)
    assert cli(site).returncode == 0
    before = tree(site / "public")
    change, file, line, says = MISTAKES[mistake]
    change(site)

    result = cli(site)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    where = re.escape(str(site / file)) + (f":{line}:" if line else r"(:\d+)*:")
    assert re.search(f"^{where} .*{re.escape(says)}", result.stderr, re.M), result.stderr
    assert tree(site / "public") == before


def test_the_budget_weighs_an_svg_as_it_weighs_a_photo(tmp_path: Path) -> None:
    site = pictured_site(tmp_path)
    budget = (site / "content/images/face.jpg").stat().st_size // 1000 + 10  # the photo weighs less, the SVG more
    (site / MARK).write_text(SVG.replace("<rect", f"<!--{'x' * budget * 1000}--><rect"))  # as a traced drawing can be
    appended("site.yaml", f"picture_kb: {budget}\n")(site)

    result = cli(site)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"^{re.escape(str(site / EN))}:34: the picture images/mark.svg weighs", result.stderr, re.M)
    assert "face.jpg" not in result.stderr


def test_an_svg_without_a_viewbox_takes_its_width_and_height(tmp_path: Path) -> None:
    site = pictured_site(tmp_path)
    (site / "content/en/images/mark.svg").write_text(SVG.replace('viewBox="0 0 120 60"', 'width="64px" height="32"'))

    assert cli(site).returncode == 0

    [mark] = [img for img in shown((site / "public/en/thread-lift/index.html").read_text()) if img["alt"] == ""]
    assert (mark["width"], mark["height"]) == ("64", "32")


INKSCAPE = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
<svg width="80mm" height="40mm" viewBox="0 0 80 40" version="1.1" id="svg1"
   inkscape:version="1.2.2 (b0a8486541, 2022-12-01)" sodipodi:docname="mark.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns="http://www.w3.org/2000/svg" xmlns:svg="http://www.w3.org/2000/svg"
   xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:cc="http://creativecommons.org/ns#"
   xmlns:dc="http://purl.org/dc/elements/1.1/">
  <sodipodi:namedview id="namedview1" pagecolor="#ffffff" inkscape:document-units="mm">
    <inkscape:page x="0" y="0" width="80" height="40" id="page1"/>
  </sodipodi:namedview>
  <defs id="defs1"><linearGradient id="shade"><stop offset="0" style="stop-color:#205aa0"/></linearGradient></defs>
  <style>rect { stroke: #000 }</style>
  <metadata><rdf:RDF><cc:Work rdf:about=""><dc:title>Mark</dc:title></cc:Work></rdf:RDF></metadata>
  <g inkscape:label="Layer 1" inkscape:groupmode="layer" id="layer1">
    <rect style="fill:url(#shade)" width="80" height="40" x="0" y="0" id="rect1"/>
    <rect style="stroke: url( '#shade' )" fill="url(#shade)" width="8" height="4" id="rect2"/>
  </g>
</svg>
"""


def test_an_svg_saved_by_inkscape_is_shown_at_its_size_in_pixels(tmp_path: Path) -> None:
    """Inkscape keeps its editing data in the file and gives the page size in millimetres: both are fine."""
    site = pictured_site(tmp_path)
    (site / MARK).write_text(INKSCAPE)

    result = cli(site)

    assert result.returncode == 0, result.stderr
    [mark] = [img for img in shown((site / "public/en/thread-lift/index.html").read_text()) if img["alt"] == ""]
    assert (mark["width"], mark["height"]) == ("302", "151")  # 80 mm and 40 mm at 96 CSS pixels an inch


def test_a_photo_turned_by_its_camera_has_its_turned_size(tmp_path: Path) -> None:
    site = pictured_site(tmp_path)
    upright = Image.open(photo(tmp_path / "upright.jpg", (1000, 600)))
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held on its side: shown turned a quarter
    upright.save(site / "content/images/face.jpg", exif=exif, quality=80)

    assert cli(site).returncode == 0

    html = (site / "public/en/thread-lift/index.html").read_text()
    [face] = [img for img in shown(html) if img["alt"] == "A face in soft light"]
    assert (face["width"], face["height"]) == ("600", "1000")
    narrowest = re.search(r'srcset="([^ ]+) 480w', html).group(1)  # type: ignore[union-attr]
    with Image.open(io.BytesIO(output_file(site / "public", narrowest, "/").read_bytes())) as copy:
        assert copy.size == (480, 800) and not copy.getexif()


def test_check_refuses_a_picture_without_alt_text_as_build_does(tmp_path: Path) -> None:
    site = pictured_site(tmp_path)
    appended(EN, "\n![](drawing.png)\n")(site)

    result = cli(site, "check")

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{site / EN}:36: the picture drawing.png has no alt text" in result.stderr


def test_check_refuses_a_picture_cut_short_as_build_does(tmp_path: Path) -> None:
    site = pictured_site(tmp_path)
    MISTAKES["a PNG cut off halfway"][0](site)  # small enough that no copy is drawn: only reading it finds the cut

    result = cli(site, "check")

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{site / 'content/en/drawing.png'}: is not a picture that can be read" in result.stderr


def test_the_copies_sizes_follow_the_text_column_the_stylesheet_sets(tmp_path: Path) -> None:
    """A phone picks a copy by `sizes`: the column's width is written once, in the stylesheet, and read from it."""
    site = copy_sources(tmp_path / "site")
    photo(site / "content/en/face.jpg")
    appended("content/en/thread-lift.md", "\n![A face in soft light](face.jpg)\n")(site)
    css = site / "static/css/site.css"
    assert ".wrap { max-width: var(--column);" in css.read_text() and "padding: 0 var(--gutter)" in css.read_text()
    replace("static/css/site.css", "--column: 46rem; --gutter: 1rem;", "--column: 40rem; --gutter: 1.5rem;")(site)

    assert cli(site).returncode == 0

    html = (site / "public/en/thread-lift/index.html").read_text()
    [sizes] = re.findall(r'<source sizes="([^"]*)"', html)
    assert sizes == "(max-width: 40rem) calc(100vw - 2 * 1.5rem), calc(40rem - 2 * 1.5rem)"
