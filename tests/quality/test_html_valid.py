"""The built site passes the Nu Html Checker (npm `vnu-jar`) with 0 errors: every page, stylesheet and SVG."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import VNU_JAR, SitePage

pytestmark = pytest.mark.browser  # launches Java


# One broken file of each kind, checked in the same run as the site: if the checker ever stops
# reporting one kind (a changed option or output format, a silent crash), a canary test fails.
CANARIES = {
    "canary.html": '<!doctype html><html lang="en"><head><title>x</title></head>'
    "<body><p><div>x</div></p></body></html>\n",
    "canary.css": "p { color: rgb(0 0 0 / 50%); colr: red; }\n",
    "canary.svg": '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
    '<rect width="1" height="1" bogus="x"/></svg>\n',
}


def site_files(built_site: Path, suffix: str) -> list[Path]:
    return sorted(built_site.rglob(f"*{suffix}"))


@pytest.fixture(scope="module")
def vnu_messages(site_pages: list[SitePage], built_site: Path, tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """One run of the checker over every page, stylesheet and SVG file (and the canaries); its JSON messages."""
    java = shutil.which("java")
    assert java, "Java is missing: install Debian's default-jre-headless (scripts/test.sh does)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: `npm ci --omit=dev --ignore-scripts` (scripts/test.sh does)"
    folder = tmp_path_factory.mktemp("vnu")
    for name, text in CANARIES.items():
        (folder / name).write_text(text)
    files = [p.file for p in site_pages] + site_files(built_site, ".css") + site_files(built_site, ".svg")
    files += [folder / name for name in CANARIES]
    run = subprocess.run(
        [
            java,
            "-Xss4m",
            "-jar",
            str(VNU_JAR),
            "--format",
            "json",
            "--errors-only",
            "--also-check-css",
            "--also-check-svg",
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout)  # vnu writes its report to stderr
    return report["messages"]


def where(message: dict) -> str:
    return message.get("url", "?").removeprefix("file:")


def is_canary(message: dict) -> bool:
    return Path(where(message)).name in CANARIES


@pytest.mark.parametrize("canary", sorted(CANARIES))
def test_the_checker_reports_a_broken_file_of_each_kind(vnu_messages: list[dict], canary: str) -> None:
    assert any(where(m).endswith("/" + canary) and m["type"] == "error" for m in vnu_messages), vnu_messages


def test_the_site_has_stylesheets_and_svg_to_check(built_site: Path) -> None:
    assert site_files(built_site, ".css") and site_files(built_site, ".svg")


def test_every_page_stylesheet_and_svg_has_no_errors(vnu_messages: list[dict], built_site: Path) -> None:
    errors = [
        f"{where(m).removeprefix(str(built_site) + '/')}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
        f"{m.get('message')}  [{m.get('extract', '').strip()}]"
        for m in vnu_messages
        if not is_canary(m)
    ]
    assert errors == [], "Nu Html Checker errors:\n" + "\n".join(errors)
