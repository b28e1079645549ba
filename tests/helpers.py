"""What several test modules share: project and fixture paths, copies of a site, builds compared as trees,
small edits, commands run, local servers (the browser checks' own helpers are in quality/conftest.py)."""

from __future__ import annotations

import datetime
import functools
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from PIL import Image, ImageFilter

from site_builder.engine.build import BuildReport, build
from site_builder.engine.config.config import CONFIG_FILE, SOURCE_FOLDERS, load_config
from site_builder.engine.incremental import store
from site_builder.engine.write.output import MARKER


def cli(root: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "site_builder", "--root", str(root), *(args or ("build",))]
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout)


def all_files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def appended(relative: str, text: str) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        path = site / relative
        path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")

    return change


def replace(relative: str, old: str, new: str) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        path = site / relative
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the probe expects {old!r} in {relative}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return change


def outside(name: str, text: str) -> Callable[[Path], Path]:
    def make(site: Path) -> Path:
        path = site.parent / name  # beside the project, not in it
        path.write_text(text, encoding="utf-8")
        return path

    return make


PROJECT = Path(__file__).resolve().parent.parent


# Every build in the tests, in this process or a child, speaks of the same day: outputs do not age.
TODAY = datetime.date(2026, 12, 2)


SOURCES = (CONFIG_FILE, *SOURCE_FOLDERS)


def copy_sources(target: Path, root: Path = PROJECT) -> Path:
    target.mkdir(parents=True, exist_ok=True)
    for name in SOURCES:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.is_file():
            shutil.copy2(source, target / name)
    return target


def site_headers(folder: Path) -> dict[str, str]:
    """The headers the built `_headers` file asks hosts to send with every page."""
    headers: dict[str, str] = {}
    section = None
    for line in (folder / "_headers").read_text().splitlines():
        if line.startswith("/"):
            section = line.strip()
        elif section == "/*" and ":" in line and not line.lstrip().startswith("#"):
            name, _, value = line.strip().partition(":")
            headers[name] = value.strip()
    return headers


class _QuietHandler(SimpleHTTPRequestHandler):
    extra_headers: dict[str, str] = {}

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        super().end_headers()


def serve_folder(folder: Path, prefix: str = "/") -> tuple[ThreadingHTTPServer, str]:
    """Serve `folder` on 127.0.0.1 at a free port, mounted under `prefix` (e.g. "/guide/")."""

    class Handler(_QuietHandler):
        extra_headers = site_headers(folder) if (folder / "_headers").is_file() else {}

        def translate_path(self, path: str) -> str:
            if not path.startswith(prefix):
                return str(folder / "__outside_the_prefix__")
            return super().translate_path("/" + path[len(prefix) :])

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            missing = folder / "404.html"
            if code == 404 and missing.is_file():
                body = missing.read_bytes()
                self.send_response(404)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            super().send_error(code, message, explain)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}{prefix}"


PLAIN_CONFIG = """\
base_url: https://plain.example.org/
default_language: en
publisher: {name: Plain Publisher, url: "https://plain.example.org"}
languages:
  en: {name: English, locale: en_GB, site_name: Plain Site}
  fr: {name: Français, locale: fr_FR, site_name: Site simple}
nav: [welcome]
"""


PLAIN_PAGE = """\
---
title: Welcome
description: A page with no review dates.
key: welcome
slug: welcome
---
Some words.
"""


def write_plain(root: Path, config: str = PLAIN_CONFIG, languages: tuple[str, ...] = ("en", "fr")) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "site.yaml").write_text(config, encoding="utf-8")
    for lang in languages:
        (root / "content" / lang).mkdir(parents=True)
        (root / "content" / lang / "welcome.md").write_text(PLAIN_PAGE, encoding="utf-8")
    return root


DRAFT_PAGE = """---
title: {title}
description: {description}
key: recovery
slug: {slug}
reviewed: 2026-01-10
next_review: 2027-07-10
{draft}---
{body}
"""


EN_DRAFT = "content/en/recovery.md"


ID_PAGE = "content/id/pemulihan.md"


def with_draft(site: Path, en_body: str = "Recovery takes time. TODO: the figures.", id_draft: bool = False) -> Path:
    """The fixture site with a page in the menu: a draft in English, its Indonesian translation published
    (or a draft too)."""
    (site / EN_DRAFT).write_text(
        DRAFT_PAGE.format(title="Recovery", description="After.", slug="recovery", draft="draft: true\n", body=en_body)
    )
    draft = "draft: true\n" if id_draft else ""
    (site / ID_PAGE).write_text(
        DRAFT_PAGE.format(title="Pemulihan", description="Sesudahnya.", slug="pemulihan", draft=draft, body="Ditulis.")
    )
    config = site / "site.yaml"
    config.write_text(config.read_text().replace("nav: [home, thread-lift, about]", "nav: [home, recovery, about]"))
    return site


HERE = Path(__file__).parent  # tests/


FIXTURE = HERE / "fixtures" / "site"


GOLDEN = HERE / "golden" / "site"


def tree(folder: Path) -> dict[str, bytes]:
    """The site's files; not the mark that names the folder holding them (each folder has its own)."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != MARKER
    }


def snapshot(folder: Path) -> dict[str, bytes | None]:
    """Every entry below `folder`, marks and all: a file by its bytes, a folder as None."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() if p.is_file() else None for p in folder.rglob("*")}


EN = "content/en/thread-lift.md"


ID = "content/id/tanam-benang.md"


def photo(path: Path, size: tuple[int, int] = (1600, 1000), seed: int = 60) -> Path:
    """A photograph-like JPEG: light that falls off across the frame, and grain at several scales."""
    width, height = size
    light = Image.linear_gradient("L").rotate(30).resize(size)
    channels = []
    for channel in range(3):
        grain = light
        for scale, share in ((32, 0.5), (8, 0.2), (2, 0.05)):
            noise = Image.effect_noise((max(1, width // scale), max(1, height // scale)), seed + channel * 7)
            grain = Image.blend(grain, noise.resize(size, Image.Resampling.BICUBIC), share)
        channels.append(grain.filter(ImageFilter.GaussianBlur(1.0)))
    path.parent.mkdir(parents=True, exist_ok=True)
    Image.merge("RGB", channels).save(path, quality=82)
    return path


def drawing(path: Path, size: tuple[int, int] = (400, 300)) -> Path:
    """A small diagram-like PNG."""
    image = Image.new("RGB", size, "white")
    image.paste((20, 90, 160), (20, 20, size[0] // 2, size[1] // 2))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


SVG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 60"><rect width="120" height="60"/></svg>'


def pictured_site(tmp_path: Path) -> Path:
    """The fixture site with a picture of each kind in each place, shown by both languages' pages."""
    site = copy_sources(tmp_path / "site", FIXTURE)
    drawing(site / "content/en/drawing.png")
    drawing(site / "content/id/drawing.png", (300, 300))  # the Indonesian one has its own words in it
    photo(site / "content/images/face.jpg")
    (site / "content/en/images").mkdir()
    (site / "content/en/images/mark.svg").write_text(SVG)
    appended(EN, "\n![How the threads lie](drawing.png)\n\n![A face in soft light](images/face.jpg)\n")(site)
    appended(EN, "\n![](images/mark.svg){: .decorative}\n")(site)
    appended(ID, "\n![Letak benang](drawing.png)\n\n![Wajah dalam cahaya lembut](../images/face.jpg)\n")(site)
    return site


PLAIN_SITE = Path(__file__).parent / "fixtures" / "plain-site"


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()
        self.meta: dict[str, str] = {}
        self.alternates: dict[str, str] = {}
        self.html_lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "html":
            self.html_lang = a.get("lang", "")
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta[a.get("name") or a["property"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["hreflang"]] = a["href"]
        if tag == "link" and a.get("rel") == "canonical":
            self.meta["canonical"] = a["href"]
        for attr in ("href", "src"):
            if tag in ("a", "link", "script") and attr in a:
                self.hrefs.append(a[attr])


def parse(html: bytes) -> Links:
    parser = Links()
    parser.feed(html.decode())
    return parser


FIXTURE_PAGES = 6


def rebuild(root: Path, output: Path) -> BuildReport:
    return build(load_config(root), output)


def clean_build(root: Path, output: Path) -> dict[str, bytes]:
    """A build with no cache at all, for comparison."""
    shutil.rmtree(output, ignore_errors=True)
    store.state_file(output).unlink(missing_ok=True)
    build(load_config(root), output)
    return tree(output)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def append(path: Path, text: str) -> None:
    with path.open("a") as stream:
        stream.write(text)


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
        return response.read().decode()


def wait_for(condition: Callable[[], bool], seconds: float = 20) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("the preview did not get there in time")


def start(site: Path, env: dict[str, str] | None = None, port: str = "0", *more: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "site_builder", "--root", str(site), "serve", "--port", port, *more],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def url_of(process: subprocess.Popen) -> str:
    line = process.stdout.readline()
    while line and not line.startswith("Serving "):
        line = process.stdout.readline()
    assert line.startswith("Serving "), process.stderr.read()
    return line.split()[1]
