"""Careless or hostile sources, through the CLI: each ends in `path:line: message`, exit 1, no traceback,
the last good output untouched, and no byte of a file outside the project in the output."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import FIXTURE, all_files, appended, cli, copy_sources, outside, replace

MARK = "the-secret-outside-the-project"










def link(relative: str, target: Callable[[Path], Path | str]) -> Callable[[Path], None]:
    def change(site: Path) -> None:
        (site / relative).symlink_to(target(site))

    return change




def outside_page(site: Path) -> Path:
    text = (site / "content/en/about.md").read_text(encoding="utf-8")
    return outside("page.md", text.replace("key: about", "key: secret") + f"\n{MARK}\n")(site)


# probe -> (change to a copy of the fixture site, the file the message names, the line, what it says)
PROBES: dict[str, tuple[Callable[[Path], None], str, int | None, str]] = {
    "a static file linked to one outside": (
        link("static/notes.txt", outside("notes.txt", MARK)),
        "static/notes.txt",
        None,
        "outside the project",
    ),
    "a page linked to one outside": (
        link("content/en/secret.md", outside_page),
        "content/en/secret.md",
        None,
        "outside the project",
    ),
    "a template linked to one outside": (
        link("templates/partials/secret.html", outside("t.html", MARK)),
        "templates/partials/secret.html",
        None,
        "outside the project",
    ),
    "a data file linked to one outside": (
        link("data/extra.yaml", outside("extra.yaml", f"x: {MARK}")),
        "data/extra.yaml",
        None,
        "outside the project",
    ),
    "a catalog folder linked outside": (
        link("locales/xx", lambda site: site.parent),
        "locales/xx",
        None,
        "outside the project",
    ),
    "a link loop among the pages": (
        link("content/en/loop.md", lambda site: "loop.md"),
        "content/en/loop.md",
        None,
        "loop",
    ),
    "a link loop among the static files": (link("static/loop", lambda site: "loop"), "static/loop", None, "loop"),
    "a link to nothing among the static files": (
        link("static/gone.css", lambda site: "nowhere.css"),
        "static/gone.css",
        None,
        "to nothing",
    ),
    "front matter nested 50,000 deep": (
        replace("content/en/about.md", "---\n", "---\nx: " + "[" * 50_000 + "]" * 50_000 + "\n"),
        "content/en/about.md",
        2,
        "nest",
    ),
    "front matter nested 60 deep": (
        replace("content/en/about.md", "---\n", "---\nx: " + "[" * 60 + "]" * 60 + "\n"),
        "content/en/about.md",
        2,
        "nested more than 50 levels",
    ),
    "a broken Plural-Forms formula": (
        replace(
            "locales/id/LC_MESSAGES/messages.po",
            "#, python-format",
            'msgid ""\nmsgstr ""\n"Plural-Forms: nplurals=1; plural=(0;\\n"\n\n#, python-format',
        ),
        "locales/id/LC_MESSAGES/messages.po",
        3,
        "Plural-Forms",
    ),
    "a template that divides by zero": (
        replace("templates/base.html", "</body>", "{{ 1 // 0 }}</body>"),
        "templates/base.html",
        None,
        "division",
    ),
    "a template that calls itself": (
        replace("templates/base.html", "</body>", "{% macro r(n) %}{{ r(n) }}{% endmacro %}{{ r(1) }}</body>"),
        "templates/base.html",
        None,
        "calls itself",
    ),
    "a macro given a 5,000-digit number": (
        appended("content/en/about.md", "\n{{ url(" + "9" * 5000 + ") }}\n"),
        "content/en/about.md",
        None,
        "too long",
    ),
    "a NUL byte in a page": (
        appended("content/en/about.md", "\nHello\x00world\n"),
        "content/en/about.md",
        None,
        "U+0000",
    ),
    "a control character in data": (
        appended("data/text/en/facts.yaml", "\n# bell \x07\n"),
        "data/text/en/facts.yaml",
        None,
        "U+0007",
    ),
    "a 3 MB page": (
        appended("content/en/about.md", "\n" + ("word " * 200 + "\n\n") * 3000),
        "content/en/about.md",
        None,
        "at most 2 MB",
    ),
    "unclosed raw HTML": (
        appended("content/en/about.md", "\n<div><table>\n\nmore text\n"),
        "content/en/about.md",
        None,
        "never closed",
    ),
    "a stray end tag": (
        appended("content/en/about.md", "\nSome text</section>\n"),
        "content/en/about.md",
        None,
        "closes nothing",
    ),
    "a script in a page": (
        appended("content/en/about.md", "\n<script>alert(1)</script>\n"),
        "content/en/about.md",
        None,
        "script",
    ),
    "an event attribute in a page": (
        appended("content/en/about.md", '\n<img src="x.png" alt="" onerror="alert(1)">\n'),
        "content/en/about.md",
        None,
        "event attribute",
    ),
    "a currency rate of 0": (
        replace("data/facts.yaml", "SGD: 980", "SGD: 0"),
        "data/facts.yaml",
        17,
        "must be a number above 0",
    ),
    "a negative currency rate": (
        replace("data/facts.yaml", "USD: 740", "USD: -740"),
        "data/facts.yaml",
        18,
        "must be a number above 0",
    ),
    "an empty range of costs": (
        replace("data/facts.yaml", "cost: {min: 5000000, max: 8000000,", "cost: {min: 8000000, max: 5000000,"),
        "data/facts.yaml",
        84,
        "empty range",
    ),
    "a render time limit of 0": (appended("site.yaml", "render_seconds: 0\n"), "site.yaml", None, "above 0"),
    "a javascript: link in a page": (
        appended("content/en/about.md", "\n[x](javascript:alert(1))\n"),
        "content/en/about.md",
        None,
        "javascript:",
    ),
}


@pytest.mark.parametrize("probe", PROBES)
def test_hostile_or_careless_input_is_a_message_and_the_last_good_site_stays(probe: str, tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    assert cli(site).returncode == 0
    before = all_files(site / "public")
    change, file, line, says = PROBES[probe]
    change(site)

    result = cli(site)

    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    where = re.escape(str(site / file)) + (f":{line}(:\\d+)?:" if line else r"(:\d+)*:")
    assert re.search(f"^{where} .*{re.escape(says)}", result.stderr, re.M | re.I), result.stderr
    assert all_files(site / "public") == before
    assert not any(MARK.encode() in data for data in before.values())


def test_no_byte_of_a_file_outside_the_project_reaches_the_output_through_any_link(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    secret = outside("secret.txt", MARK)(site)
    for place in ("static/secret.txt", "static/css/secret.css", "templates/secret.html", "data/secret.yaml"):
        (site / place).symlink_to(secret)
    os.symlink(site.parent, site / "static" / "up")

    result = cli(site)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.count("outside the project") == 5, result.stderr
    assert not (site / "public").exists()


def test_a_template_loop_that_never_ends_stops_with_the_template_named(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    replace("templates/base.html", "</body>", "{% for i in range(10**15) %}{% endfor %}</body>")(site)
    appended("site.yaml", "render_seconds: 1.5\n")(site)  # the site's own limit, not the default 10 s

    started = time.monotonic()
    result = cli(site, timeout=90)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert re.search(rf"^{re.escape(str(site / 'templates/base.html'))}:\d+: .*took over 1.5 s", result.stderr, re.M)
    assert time.monotonic() - started < 10


def _processes_building(site: Path) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(site).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue  # gone meanwhile
    return found


@pytest.mark.skipif(not Path("/proc/self/cmdline").exists(), reason="reads /proc")
def test_a_build_killed_from_outside_leaves_no_worker_running(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site")  # the real site: enough pages for worker processes
    replace("templates/base.html", "</body>", "{% for i in range(10**15) %}{% endfor %}</body>")(site)
    build = subprocess.Popen([sys.executable, "-m", "site_builder", "--root", str(site), "build"])
    deadline = time.monotonic() + 8
    while len(_processes_building(site)) < 2 and time.monotonic() < deadline:  # the workers have started
        time.sleep(0.1)
    assert len(_processes_building(site)) >= 2
    build.kill()
    build.wait()
    deadline = time.monotonic() + 5
    while _processes_building(site) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _processes_building(site) == []
