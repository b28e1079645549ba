"""A new language added as a draft in site.yaml, as an editor adds one: the preview and `status` show it,
`build` and `check` leave it out with a note of how far it has come, and it joins the build once `draft`
is removed, when a page it lacks is the usual error."""

from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import FIXTURE, cli, copy_sources, edit, fetch, start, url_of, wait_for

MALAY = (
    '  ms: {name: Bahasa Melayu, locale: ms_MY, site_name: Panduan Contoh, currencies: [SGD], money_format: "¤¤ #,##0",'
    " draft: true}\n"
)
# The one page translated so far, marked as following a version of the English home page it no longer is.
MALAY_HOME = """---
title: Laman utama contoh
description: Laman utama tapak contoh.
key: home
slug: ""
type: home
reviewed: 2026-01-10
next_review: 2027-07-10
translated_from: 0123456789ab
---
## Mula {#start}

Baca tentang [tanam benang]({{ url("thread-lift") }}), yang bertahan {{ fact("thread-lift", "longevity") }}.

{{ comparison_table("short") }}
"""


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """The fixture site with Bahasa Melayu begun as a draft: its home page only, no UI strings or data texts."""
    site = copy_sources(tmp_path / "site", FIXTURE)
    edit(site / "site.yaml", "nav:", MALAY + "nav:")
    (site / "content/ms").mkdir()
    (site / "content/ms/index.md").write_text(MALAY_HOME, encoding="utf-8")
    return site


def output_files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8", errors="replace")
        for path in folder.rglob("*")
        if path.is_file()
    }


def test_build_publishes_nothing_of_a_draft_language_and_says_how_far_it_has_come(site: Path) -> None:
    result = cli(site, "build")

    assert result.returncode == 0, result.stderr
    assert (
        "Note: Bahasa Melayu (ms) is a draft language, left out of this build: 1 of 3 pages, 0 of 43 data texts, "
        "0 of 20 UI strings translated ('site-builder status' lists the rest).\n"
    ) in result.stdout
    assert result.stdout.count("Bahasa Melayu") == 1, result.stdout
    files = output_files(site / "public")
    assert "en/index.html" in files and "id/index.html" in files
    assert not [name for name in files if name.startswith("ms/")]
    for name, text in files.items():  # no chooser entry, hreflang or sitemap alternate leads there
        assert "/ms/" not in text and 'hreflang="ms"' not in text and "Bahasa Melayu" not in text, name
        assert "__status" not in text, "the translation status is the preview's own"


def test_check_passes_and_says_the_draft_language_is_left_out(site: Path) -> None:
    result = cli(site, "check")

    assert result.returncode == 0, result.stderr
    assert "Note: Bahasa Melayu (ms) is a draft language, left out of this build: 1 of 3 pages" in result.stdout


def test_status_lists_the_draft_languages_missing_and_stale_pages(site: Path) -> None:
    result = cli(site, "status")

    out = result.stdout
    assert result.returncode == 0, result.stderr
    assert "Bahasa Melayu (ms, a draft): incomplete" in out
    malay = out[out.index("Bahasa Melayu (ms") :]
    assert "pages: 1 of 3" in malay
    assert "missing  content/en/about.md:4: has no Bahasa Melayu version in content/ms/" in malay
    assert "missing  content/en/thread-lift.md:4: has no Bahasa Melayu version in content/ms/" in malay
    assert "stale    content/ms/index.md:9: index.md has changed since" in malay
    assert "UI strings: 0 of 20" in malay

    assert cli(site, "translated", "ms/index.md").returncode == 0
    assert "stale " not in cli(site, "status").stdout, "marked as following the English page as it is now"


def test_the_preview_builds_the_draft_language_and_its_translation_status_page_lists_what_it_lacks(
    site: Path,
) -> None:
    process = start(site)
    try:
        url = url_of(process)
        home = fetch(url + "ms/")
        assert "Laman utama contoh" in home
        assert '<a href="/en/thread-lift/">tanam benang</a>' in home, "a page it lacks is linked in English"
        assert '<a href="/ms/" aria-current="true">Bahasa Melayu</a>' in home
        assert "/ms/" not in fetch(url + "en/about/"), "the switcher links a translation only where there is one"
        warning = json.loads(fetch(url + "__status"))["warning"]
        assert "Bahasa Melayu is a draft language: until translated, 20 of 20 UI strings" in warning
        assert "data/text/ms/facts.yaml show in English" in warning

        with urllib.request.urlopen(url + "__status/translations", timeout=5) as response:  # noqa: S310 - loopback
            assert "default-src 'none'" in response.headers["Content-Security-Policy"]
            page = response.read().decode()
        malay = page[page.index('id="lang-ms"') :]
        assert "Bahasa Melayu (ms, a draft): incomplete" in malay
        assert "pages: 1 of 3" in malay
        assert "<strong>missing</strong> <code>content/en/thread-lift.md:4: has no Bahasa Melayu version" in malay
        assert "<strong>stale</strong> <code>content/ms/index.md:9: index.md has changed since" in malay
        assert "UI strings: 0 of 20" in malay

        # The report follows the sources: the page translated, it is missing no more.
        (site / "content/ms/tanam-benang.md").write_text(
            (site / "content/id/tanam-benang.md").read_text(encoding="utf-8"), encoding="utf-8"
        )
        wait_for(lambda: "pages: 2 of 3" in fetch(url + "__status/translations").split('id="lang-ms"')[1])
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_a_draft_language_whose_draft_line_is_removed_joins_the_build_and_what_it_lacks_fails_it(
    site: Path,
) -> None:
    assert cli(site, "build").returncode == 0
    before = output_files(site / "public")
    edit(site / "site.yaml", ", draft: true}", "}")

    result = cli(site, "build")

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert f"{site / 'data/text/ms/facts.yaml'}: missing: the names of options" in result.stderr

    shutil.copytree(site / "data/text/id", site / "data/text/ms")
    shutil.copytree(site / "locales/id", site / "locales/ms")
    result = cli(site, "build")

    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        f"{site / 'content/en/about.md'}:4: the page with key 'about' has no Bahasa Melayu version in content/ms/"
    ) in result.stderr
    assert output_files(site / "public") == before, "the last good output is untouched"


def test_the_default_language_cannot_be_a_draft(site: Path) -> None:
    edit(site / "site.yaml", 'money_format: "¤¤ #,##0"}', 'money_format: "¤¤ #,##0", draft: true}')

    result = cli(site, "build")

    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert (
        f"{site / 'site.yaml'}:5: 'en' is the default language, which every other is translated from: "
        "it cannot be a draft"
    ) in result.stderr
