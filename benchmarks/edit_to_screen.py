"""Edit to screen: from saving a file to its new text on the screen of a page open in `serve`.

    python3 benchmarks/edit_to_screen.py [--edits 11] [--pages 2000] [--copies 153]

Runs `python -m site_builder serve` (the whole command, as an editor does) on a copy of the real site,
on the real content multiplied (--copies copies of each prose page per language, build_speed.py's
corpus: 153 copies make about 4,000 pages, with the real macros, tables, charts and links) and on a
synthetic site of --pages pages per language, opens a page in Debian's Chromium, and times
three kinds of edit, each --edits times: the page's text, a figure in data/facts.yaml the page shows,
and the page's title in its front matter. The clock starts just before the file is written and stops
once the new text is in the page and a frame has been drawn. Printed per kind: the median, fastest and
slowest edit; the median rebuild as `serve` itself reports it; and the floor, taken in the same run:
the median time Chromium takes to reload the same page from the same server, with the ratio to it.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import string
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from build_speed import PROJECT, make_corpus, make_real_corpus

sys.path.insert(0, str(PROJECT))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.helpers import copy_sources

TARGETS = {  # seconds: what the preview is held to
    ("real site", "text"): 0.15,
    ("real site", "data"): 0.5,
    ("real site", "front matter"): 0.5,
    ("synthetic", "text"): 0.3,
    ("real × N", "text"): 0.3,
}
# On the screen once its text is in the page and the browser has drawn a frame since.
SHOWN = (
    "t => document.body !== null && document.body.innerText.includes(t)"
    " && new Promise(r => requestAnimationFrame(() => r(true)))"
)
LONGEVITY = re.compile(r"(longevity: \{min: 6, max: )(\d+)(, unit: month)")


@dataclass
class Site:
    name: str
    root: Path
    page_file: str  # the page's Markdown, below content/
    url_path: str
    pages: int = 0
    kinds: tuple[str, ...] = ("text", "data", "front matter")  # the edits timed on it


def token() -> str:
    """A word no page holds; letters only, so the translation check sees no new number."""
    return "zq" + "".join(random.choice(string.ascii_lowercase) for _ in range(10))  # noqa: S311 - not a secret


class Serve:
    """`site-builder serve` in its own process, with the rebuild times it prints."""

    def __init__(self, root: Path):
        self.process = subprocess.Popen(
            [sys.executable, "-m", "site_builder", "--root", str(root), "serve", "--port", "0"],
            stdout=subprocess.PIPE,
            text=True,
            cwd=PROJECT,
        )
        self.rebuilds: list[float] = []
        line = self.process.stdout.readline()
        while line and not line.startswith("Serving "):
            line = self.process.stdout.readline()
        if not line:
            raise SystemExit("serve did not start")
        self.url = line.split()[1]
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if found := re.search(r"Rebuilt \(.*?\) in ([\d.]+) s", line):
                self.rebuilds.append(float(found.group(1)))

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)


def wait_shown(tab: object, text: str, started: float, limit: float = 60) -> float:
    from playwright.sync_api import Error

    while True:
        try:
            if tab.evaluate(SHOWN, text):  # type: ignore[attr-defined]
                return time.perf_counter() - started
        except Error:  # the page is being replaced by its new version
            pass
        if time.perf_counter() - started > limit:
            raise SystemExit(f"{text!r} never showed")
        time.sleep(0.002)


def edits(site: Site) -> dict[str, Callable[[str], None]]:
    page = site.root / "content" / site.page_file
    facts = site.root / "data" / "facts.yaml"
    count = iter(range(19, 10_000))

    def text(word: str) -> None:
        page.write_text(re.sub(r"Benchmark marker \w+\.", f"Benchmark marker {word}.", page.read_text()))

    def data(word: str) -> None:  # the figure is the word's stand-in: the page must show the new number
        facts.write_text(LONGEVITY.sub(rf"\g<1>{word}\g<3>", facts.read_text(), count=1))

    def front_matter(word: str) -> None:
        title = re.compile(r"""(?m)^title: (["']?)(.*?)( zq\w+)?\1$""")
        page.write_text(title.sub(rf"title: \1\2 {word}\1", page.read_text(), count=1))

    return {"text": text, "data": lambda _word: data(str(next(count))), "front matter": front_matter}


def shown_text(kind: str, word: str, facts: Path) -> str:
    if kind != "data":
        return word
    return f"6–{LONGEVITY.search(facts.read_text()).group(2)} months"  # type: ignore[union-attr]


def measure(site: Site, tab: object, runs: int) -> list[dict[str, object]]:
    serve = Serve(site.root)
    rows = []
    try:
        tab.goto(serve.url + site.url_path.lstrip("/"))  # type: ignore[attr-defined]
        wait_shown(tab, "Benchmark marker", time.perf_counter())
        for kind, change in edits(site).items():
            if kind not in site.kinds:
                continue
            times, floors = [], []
            before = len(serve.rebuilds)
            for _ in range(runs):
                word = token()
                started = time.perf_counter()
                change(word)
                times.append(wait_shown(tab, shown_text(kind, word, site.root / "data/facts.yaml"), started))
                time.sleep(0.3)  # let the preview settle: the next save is a new edit, not part of this one
                started = time.perf_counter()
                tab.reload()  # type: ignore[attr-defined]
                floors.append(wait_shown(tab, "Benchmark marker", started))
            floor = statistics.median(floors)
            rebuilds = serve.rebuilds[before:]
            rows.append(
                {
                    "site": site.name,
                    "pages": site.pages,
                    "edit": kind,
                    "median": statistics.median(times),
                    "fastest": min(times),
                    "slowest": max(times),
                    "rebuild": statistics.median(rebuilds) if rebuilds else float("nan"),
                    "floor": floor,
                    "ratio": statistics.median(times) / floor,
                    "target": TARGETS.get((site.name, kind)),
                }
            )
    finally:
        serve.stop()
    return rows


def prepare(work: Path, per_language: int, copies: int) -> list[Site]:
    real = Site("real site", copy_sources(work / "real"), "en/thread-lift.md", "/en/thread-lift/")
    synthetic = Site("synthetic", make_corpus(work / "synthetic", per_language), "en/p5.md", "/en/en-p5/")
    facts = synthetic.root / "data/facts.yaml"  # the synthetic pages show the thread lift's longevity too
    assert LONGEVITY.search(facts.read_text()), "data/facts.yaml no longer gives the thread lift 6 to N months"
    sites = [real, synthetic]
    if copies:  # the same page as on the real site, among its copies; its text only: a figure or a title
        # that every copy shows makes thousands of pages again, which is a build, not an edit to preview
        copied = make_real_corpus(work / "copies", copies)
        sites.insert(1, Site("real × N", copied, real.page_file, real.url_path, kinds=("text",)))
    for site in sites:
        page = site.root / "content" / site.page_file
        text = page.read_text()
        page.write_text(text.rstrip("\n") + "\n\nBenchmark marker start.\n")
        site.pages = len(list((site.root / "content").rglob("*.md")))
    return sites


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--edits", type=int, default=11, help="edits of each kind (the median is quoted)")
    parser.add_argument("--pages", type=int, default=2000, help="synthetic pages per language")
    parser.add_argument("--copies", type=int, default=153, help="copies of each real prose page per language (0: none)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="edit-to-screen-"))
    try:
        sites = prepare(work, args.pages, args.copies)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            tab = browser.new_page()
            rows = [row for site in sites for row in measure(site, tab, args.edits)]
            browser.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"edit to screen, median of {args.edits} edits each; floor: Chromium reloading the same page")
    print(
        f"{'site':<10} {'pages':>6} {'edit':<13} {'median s':>9} {'fastest':>8} {'slowest':>8} "
        f"{'rebuild':>8} {'floor s':>8} {'÷ floor':>8} {'target':>7}"
    )
    for row in rows:
        target = row["target"]
        verdict = "" if target is None else f"{target:.2f} {'met' if row['median'] <= target else 'MISSED'}"
        print(
            f"{row['site']:<10} {row['pages']:>6} {row['edit']:<13} {row['median']:>9.3f} {row['fastest']:>8.3f} "
            f"{row['slowest']:>8.3f} {row['rebuild']:>8.3f} {row['floor']:>8.3f} {row['ratio']:>8.1f} {verdict:>7}"
        )


if __name__ == "__main__":
    main()
