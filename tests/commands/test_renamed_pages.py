"""Renamed pages, as an editor does it: `moved_from:` in a page's front matter keeps its old address
working (a redirect page there, a line in `_redirects`), and a build warns of an address it lost."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.commands.test_hostile_input import FIXTURE, cli, replace, tree
from tests.conftest import copy_sources

THREAD_LIFT = "content/en/thread-lift.md"


def rename(site: Path, moved_from: str = "") -> None:
    """The English thread-lift page's slug changed to `threads`, with `moved_from` lines after it."""
    replace(THREAD_LIFT, "slug: thread-lift\n", f"slug: threads\n{moved_from}")(site)


def built(tmp_path: Path) -> Path:
    site = copy_sources(tmp_path / "site", FIXTURE)
    first = cli(site)
    assert first.returncode == 0, first.stderr
    assert "Warning" not in first.stdout, "a first build has nothing to compare with"
    return site


def redirect_page(html: str) -> dict[str, str]:
    """What a redirect page tells browsers, search engines and readers (our templates double-quote attributes)."""

    def one(pattern: str) -> str:
        found = re.findall(pattern, html)
        assert len(found) == 1, (pattern, html)
        return found[0]

    return {
        "refresh": one(r'<meta http-equiv="refresh" content="0; url=([^"]+)">'),
        "canonical": one(r'<link rel="canonical" href="([^"]+)">'),
        "robots": one(r'<meta name="robots" content="([^"]+)">'),
        "lang": one(r'<html lang="([^"]+)">'),
        "link": one(r'<p>[^<]*<a href="([^"]+)">'),
        "text": re.sub(r"<[^>]+>|\s+", " ", html.split("<main", 1)[1]).strip(),
    }


def test_a_renamed_slug_with_moved_from_leaves_a_redirect_page_at_the_old_address(tmp_path: Path) -> None:
    site = built(tmp_path)
    rename(site, "moved_from: [thread-lift]\n")
    replace("content/id/tanam-benang.md", "slug: tanam-benang\n", "slug: benang\nmoved_from: [/id/tanam-benang/]\n")(
        site
    )

    result = cli(site)

    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stdout, "moved_from covers both old addresses"
    public = site / "public"
    english = redirect_page((public / "en/thread-lift/index.html").read_text())
    assert english["refresh"] == english["link"] == "/en/threads/"
    assert english["canonical"] == "https://guide.example.org/en/threads/"
    assert (english["robots"], english["lang"]) == ("noindex", "en")
    assert "Page moved" in english["text"] and "Thread lift" in english["text"]
    indonesian = redirect_page((public / "id/tanam-benang/index.html").read_text())
    assert (indonesian["refresh"], indonesian["lang"]) == ("/id/benang/", "id")
    assert "Halaman sudah pindah" in indonesian["text"] and "Tanam benang" in indonesian["text"]
    assert (public / "en/threads/index.html").is_file() and (public / "id/benang/index.html").is_file()

    lines = [line for line in (public / "_redirects").read_text().splitlines() if not line.startswith("#")]
    assert lines == ["/en/thread-lift/ /en/threads/ 301", "/id/tanam-benang/ /id/benang/ 301"]
    sitemap = (public / "sitemap.xml").read_text()
    assert "/en/threads/" in sitemap and "thread-lift/" not in sitemap and "tanam-benang" not in sitemap
    # Navigation, language switchers and hreflang alternates know only the new addresses.
    for name, data in tree(public).items():
        if name.endswith(".html") and name not in ("en/thread-lift/index.html", "id/tanam-benang/index.html"):
            assert b"/en/thread-lift/" not in data and b"/id/tanam-benang/" not in data, name


def test_redirects_work_under_a_sub_path(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    rename(site, "moved_from:\n  - thread-lift\n  - /en/old/guide/\n")

    result = cli(site, "build", "--base-url", "https://x.org/guide/")

    assert result.returncode == 0, result.stderr
    public = site / "public"
    for old in ("en/thread-lift", "en/old/guide"):
        page = redirect_page((public / old / "index.html").read_text())
        assert page["refresh"] == page["link"] == "/guide/en/threads/", old
        assert page["canonical"] == "https://x.org/guide/en/threads/"
    lines = (public / "_redirects").read_text().splitlines()
    assert "/guide/en/thread-lift/ /guide/en/threads/ 301" in lines
    assert "/guide/en/old/guide/ /guide/en/threads/ 301" in lines


def test_a_rename_without_moved_from_warns_of_the_lost_address_and_names_the_page_now_there(tmp_path: Path) -> None:
    site = built(tmp_path)
    rename(site)

    result = cli(site)

    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1, result.stdout
    assert "/en/thread-lift/" in warnings[0] and "is now at /en/threads/" in warnings[0]
    assert "moved_from: [/en/thread-lift/]" in warnings[0] and str(site / THREAD_LIFT) in warnings[0]
    assert not (site / "public/en/thread-lift").exists()
    assert "Warning" not in cli(site).stdout, "said once: the next build compares with this one"


def test_check_warns_of_the_lost_address_as_build_does_and_changes_nothing(tmp_path: Path) -> None:
    site = built(tmp_path)
    before = tree(site / "public")
    rename(site)

    result = cli(site, "check")

    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1 and "/en/thread-lift/, published by the last build, is gone" in warnings[0], result.stdout
    assert tree(site / "public") == before
    assert len([line for line in cli(site).stdout.splitlines() if line.startswith("Warning:")]) == 1


def test_a_removed_page_is_warned_of_and_an_old_address_kept_by_moved_from_is_not(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    for about, slug in (("en/about", "aftercare"), ("id/tentang", "perawatan")):
        text = (site / f"content/{about}.md").read_text()
        page = text.replace("key: about", "key: aftercare").replace(re.search(r"slug: .*", text)[0], f"slug: {slug}")
        (site / f"content/{about.split('/')[0]}/{slug}.md").write_text(page)
    assert cli(site).returncode == 0
    (site / "content/en/aftercare.md").unlink()
    (site / "content/id/perawatan.md").unlink()
    replace("content/en/about.md", "slug: about\n", "slug: about\nmoved_from: [aftercare]\n")(site)

    result = cli(site)

    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stdout.splitlines() if line.startswith("Warning:")]
    assert len(warnings) == 1, result.stdout
    assert "/id/perawatan/" in warnings[0] and "so is its page (key 'aftercare')" in warnings[0]
    assert redirect_page((site / "public/en/aftercare/index.html").read_text())["refresh"] == "/en/about/"


# probe -> (the front matter after `slug: thread-lift` in the English thread-lift page, its line, what it says)
BAD_MOVED_FROM = {
    "not a slug": ("moved_from:\n  - old-threads\n  - Old Threads\n", 8, "must be an old slug"),
    "a whole URL": ("moved_from: [https://guide.example.org/en/old/]\n", 6, "must be an old slug"),
    "a path without its language": ("moved_from: [/old/]\n", 6, "must be an old slug"),
    "not a list": ("moved_from: old-threads\n", 6, "must be a list"),
    "another language": ("moved_from:\n  - /id/benang-lama/\n", 7, "starts with /en/"),
    "the page's own address": ("moved_from: [thread-lift]\n", 6, "this page's own address"),
    "a live page's address": ("moved_from:\n  - old\n  - /en/about/\n", 8, "about.md, which is still there"),
    "named twice": ("moved_from:\n  - old\n  - /en/old/\n", 8, "names /en/old/ twice"),
}


@pytest.mark.parametrize("probe", BAD_MOVED_FROM)
def test_a_bad_moved_from_is_refused_at_its_line_and_the_last_good_site_stays(probe: str, tmp_path: Path) -> None:
    site = built(tmp_path)
    before = tree(site / "public")
    lines, line, says = BAD_MOVED_FROM[probe]
    replace(THREAD_LIFT, "slug: thread-lift\n", f"slug: thread-lift\n{lines}")(site)

    result = cli(site)

    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert re.search(f"^{re.escape(str(site / THREAD_LIFT))}:{line}: .*{re.escape(says)}", result.stderr, re.M), (
        result.stderr
    )
    assert tree(site / "public") == before


def test_an_old_address_two_pages_claim_is_refused_at_the_second(tmp_path: Path) -> None:
    site = built(tmp_path)
    before = tree(site / "public")
    replace(THREAD_LIFT, "slug: thread-lift\n", "slug: thread-lift\nmoved_from: [old]\n")(site)
    replace("content/en/about.md", "slug: about\n", "slug: about\nmoved_from: [old]\n")(site)

    result = cli(site)

    assert result.returncode == 1
    where = re.escape(str(site / THREAD_LIFT)) + ":6:"
    assert re.search(f"^{where} .*names /en/old/, which about.md names too", result.stderr, re.M), result.stderr
    assert tree(site / "public") == before


def test_a_static_redirects_file_is_refused_for_the_one_the_builder_makes(tmp_path: Path) -> None:
    site = built(tmp_path)
    before = tree(site / "public")
    (site / "static/_redirects").write_text("/en/old/ /en/about/ 301\n")

    result = cli(site)

    assert result.returncode == 1
    assert f"{site / 'static/_redirects'}: a static file cannot share its name" in result.stderr
    assert tree(site / "public") == before
