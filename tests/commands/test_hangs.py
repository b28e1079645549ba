"""Inputs that once made a command hang with no message: each now ends within its limit, exit 1 (or a build
that carries on where nothing is wrong with the sources), a message naming the file and line, no traceback,
and the last good output untouched."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.engine.config.config import THEME
from tests.helpers import FIXTURE, all_files, appended, cli, copy_sources, replace

LIMIT = 30  # seconds: far more than any of these needs now, far less than forever

# Nine aliases of the one before, nine levels deep: 405 bytes that stand for 9**9 values.
BOMB = "".join(
    f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9) if i else ', '.join(['x'] * 9)}]\n" for i in range(9)
)
MERGE = "base: &base {a: 1}\nother:\n  <<: *base\n  b: 2\n"


def fifo(relative: str) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        path = site / relative
        if path.exists():
            path.unlink()
        os.mkfifo(path)

    return change


def run_within(site: Path, *args: str, limit: float = LIMIT) -> tuple[str, float]:
    started = time.monotonic()
    result = cli(site, *args, timeout=limit)
    took = time.monotonic() - started
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    return result.stderr, took


# probe -> (change, the file the message names, its line (None: any), what the message says)
PROBES: dict[str, tuple[Callable[[Path], None], str, int | None, str]] = {
    "an alias bomb in front matter": (
        replace("content/en/about.md", "---\n", "---\n" + BOMB),
        "content/en/about.md",
        3,
        "alias",
    ),
    "an alias bomb in a data file": (
        replace("data/sources.yaml", "", BOMB),
        "data/sources.yaml",
        2,
        "alias",
    ),
    "an alias bomb in site.yaml": (appended("site.yaml", BOMB), "site.yaml", None, "alias"),
    "a merge key in site.yaml": (appended("site.yaml", MERGE), "site.yaml", None, "alias"),
    "a FIFO as a page": (fifo("content/en/pipe.md"), "content/en/pipe.md", None, "named pipe"),
    "a FIFO as a data file": (fifo("data/sources.yaml"), "data/sources.yaml", None, "named pipe"),
    "a FIFO among the static files": (fifo("static/pipe.css"), "static/pipe.css", None, "named pipe"),
    "a FIFO as a template": (fifo("templates/page.html"), "templates/page.html", None, "named pipe"),
    "a FIFO as a catalog": (
        fifo("locales/id/LC_MESSAGES/messages.po"),
        "locales/id/LC_MESSAGES/messages.po",
        None,
        "named pipe",
    ),
    "a title of a million characters": (
        replace("content/en/about.md", "title: ", "title: " + "W" * 1_000_000 + " "),
        "content/en/about.md",
        None,
        "at most 150",
    ),
}


def _looped(name: str) -> Callable[[Path], None]:
    """The site's template `name` (or the theme's, made the site's own) with a loop that never ends."""

    def change(site: Path) -> None:
        path = site / "templates" / name
        text = path.read_text(encoding="utf-8") if path.exists() else (THEME / "templates" / name).read_text("utf-8")
        path.write_text(text + "{% for i in range(10**15) %}{% endfor %}", encoding="utf-8")

    return change


for _site_file in ("404.html", "robots.txt", "sitemap.xml", "_headers", "_redirects"):
    PROBES[f"a loop that never ends in {_site_file}"] = (
        _looped(_site_file),
        f"templates/{_site_file}",
        None,
        "took over 1.5 s",
    )


@pytest.mark.parametrize("probe", PROBES)
def test_what_once_hung_the_build_ends_in_a_message_within_its_limit(probe: str, tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    appended("site.yaml", "render_seconds: 1.5\n")(site)
    assert cli(site).returncode == 0
    before = all_files(site / "public")
    change, file, line, says = PROBES[probe]
    change(site)

    stderr, took = run_within(site)

    where = re.escape(str(site / file)) + (f":{line}(:\\d+)?:" if line else r"(:\d+)*:")
    assert re.search(f"^{where} .*{re.escape(says)}", stderr, re.M | re.I), stderr
    assert took < 15, f"took {took:.1f} s"
    assert all_files(site / "public") == before


@pytest.mark.parametrize("command", ["build", "check", "status"])
def test_a_fifo_among_the_pages_is_refused_by_every_command(command: str, tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    fifo("content/en/pipe.md")(site)
    started = time.monotonic()
    result = cli(site, command, timeout=LIMIT)
    assert time.monotonic() - started < 15
    assert "Traceback" not in result.stderr
    # build and check refuse it; status reports it among the pages it cannot read
    assert result.returncode == (0 if command == "status" else 1), result
    pipe = re.escape("content/en/pipe.md")  # status names it from the site's folder
    assert re.search(rf"{pipe}: cannot be read: it is a named pipe", result.stdout + result.stderr), result


def test_a_fifo_as_the_build_state_is_not_opened_for_reading(tmp_path: Path) -> None:
    """The state is the builder's own file: a pipe in its place is not trusted, and the build does everything."""
    site = copy_sources(tmp_path / "site", FIXTURE)
    os.mkfifo(site / ".public.build-cache")
    started = time.monotonic()
    result = cli(site, timeout=LIMIT)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    assert time.monotonic() - started < 15
    assert (site / "public" / "index.html").is_file()
    assert not (site / ".public.build-cache").is_fifo()  # replaced by the state this build wrote
    for command in ("check", "status"):
        os.unlink(site / ".public.build-cache")
        os.mkfifo(site / ".public.build-cache")
        assert cli(site, command, timeout=LIMIT).returncode in (0, 1)


def test_a_long_word_in_a_title_draws_its_card_at_once(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    replace("content/en/about.md", "title: ", "title: " + "W" * 140 + " ")(site)
    started = time.monotonic()
    result = cli(site, timeout=LIMIT)
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 15
