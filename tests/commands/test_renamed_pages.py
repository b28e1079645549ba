"""Renamed pages, as an editor does it: `moved_from:` in a page's front matter keeps its old address
working (a redirect page there, a line in `_redirects`), and a build that would lose an address that
published.txt lists is refused, on any machine, until the address is kept or retired."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from site_builder.engine.check.addresses import PUBLISHED_FILE
from tests.helpers import FIXTURE, PROJECT, all_files, appended, cli, copy_sources, replace

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
    for name, data in all_files(public).items():
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


def fresh_clone(tmp_path: Path, lost_addresses: str = "fail") -> Path:
    """The fixture site as a new clone of its repository has it: its sources and published.txt, no build state."""
    site = copy_sources(tmp_path / "site", FIXTURE)
    shutil.copy2(FIXTURE / PUBLISHED_FILE, site / PUBLISHED_FILE)
    replace("site.yaml", "lost_addresses: warn", f"lost_addresses: {lost_addresses}")(site)
    return site


def test_on_a_fresh_clone_a_rename_is_refused_until_moved_from_keeps_the_old_address(tmp_path: Path) -> None:
    site = fresh_clone(tmp_path)
    rename(site)

    refused = cli(site)

    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert not (site / "public").exists(), "nothing is published"
    where = re.escape(f"{site / THREAD_LIFT}:5: ")
    message = (
        "the address /en/thread-lift/ was published and is gone: this page (key 'thread-lift') is now at "
        "/en/threads/; add `moved_from: [/en/thread-lift/]` to its front matter"
    )
    assert re.search(f"^{where}{re.escape(message)}", refused.stderr, re.M), refused.stderr
    assert "/en/threads/" not in (site / PUBLISHED_FILE).read_text(), "a refused build records nothing"
    assert cli(site, "check").returncode == 1

    replace(THREAD_LIFT, "slug: threads\n", "slug: threads\nmoved_from: [/en/thread-lift/]\n")(site)
    result = cli(site)

    assert result.returncode == 0, result.stderr
    assert redirect_page((site / "public/en/thread-lift/index.html").read_text())["refresh"] == "/en/threads/"
    listed = (site / PUBLISHED_FILE).read_text().splitlines()
    assert "/en/threads/ thread-lift" in listed and "/en/thread-lift/ thread-lift" in listed


def test_with_lost_addresses_warn_every_build_warns_until_the_address_is_kept(tmp_path: Path) -> None:
    site = fresh_clone(tmp_path, "warn")
    rename(site)

    for _ in range(2):  # said on every machine, not once: the second time as a fresh clone builds it
        shutil.rmtree(site / "public", ignore_errors=True)
        for state in site.glob(".public.*"):
            shutil.rmtree(state) if state.is_dir() else state.unlink()
        result = cli(site)
        assert result.returncode == 0, result.stderr
        warnings = [line for line in result.stdout.splitlines() if line.startswith("Warning:")]
        assert len(warnings) == 1 and "/en/thread-lift/ was published and is gone" in warnings[0], result.stdout
        assert str(site / THREAD_LIFT) in warnings[0]
    assert not (site / "public/en/thread-lift").exists()


def test_a_removed_page_is_refused_at_its_line_in_published_txt_until_the_address_is_retired(tmp_path: Path) -> None:
    site = fresh_clone(tmp_path)
    # An aftercare page, published once in both languages and since removed.
    appended(PUBLISHED_FILE, "/en/aftercare/ aftercare\n/id/perawatan/ aftercare\n")(site)

    result = cli(site)

    assert result.returncode == 1
    line = len((site / PUBLISHED_FILE).read_text().splitlines())
    message = "the address /id/perawatan/ was published (for the page with key 'aftercare') and no page has it now"
    assert f"{site / PUBLISHED_FILE}:{line}: {message}" in result.stderr, result.stderr
    assert f"{site / PUBLISHED_FILE}:{line - 1}: the address /en/aftercare/" in result.stderr
    assert "write 'retired' after it" in result.stderr

    replace("content/en/about.md", "slug: about\n", "slug: about\nmoved_from: [aftercare]\n")(site)
    replace(PUBLISHED_FILE, "/id/perawatan/ aftercare\n", "/id/perawatan/ aftercare retired: said in tentang\n")(site)
    result = cli(site)

    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stdout
    assert redirect_page((site / "public/en/aftercare/index.html").read_text())["refresh"] == "/en/about/"
    assert not (site / "public/id/perawatan").exists()
    assert "/id/perawatan/ aftercare retired: said in tentang" in (site / PUBLISHED_FILE).read_text()


def test_a_bad_line_in_published_txt_is_refused_at_its_line(tmp_path: Path) -> None:
    site = fresh_clone(tmp_path)
    appended(PUBLISHED_FILE, "en/faq\n")(site)

    result = cli(site)

    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = len((site / PUBLISHED_FILE).read_text().splitlines())
    assert f"{site / PUBLISHED_FILE}:{line}: a line here is an address and its page's key" in result.stderr


def test_the_real_sites_published_txt_lists_every_address_it_publishes(built_site: Path) -> None:
    listed = {line.split()[0] for line in (PROJECT / PUBLISHED_FILE).read_text().splitlines() if line[:1] == "/"}
    pages = {f"/{name.removesuffix('index.html')}" for name in all_files(built_site) if name.endswith("index.html")}
    assert pages - {"/"} <= listed, "run `bash scripts/build.sh` and commit published.txt"


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
    before = all_files(site / "public")
    lines, line, says = BAD_MOVED_FROM[probe]
    replace(THREAD_LIFT, "slug: thread-lift\n", f"slug: thread-lift\n{lines}")(site)

    result = cli(site)

    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    assert re.search(f"^{re.escape(str(site / THREAD_LIFT))}:{line}: .*{re.escape(says)}", result.stderr, re.M), (
        result.stderr
    )
    assert all_files(site / "public") == before


def test_an_old_address_two_pages_claim_is_refused_at_the_second(tmp_path: Path) -> None:
    site = built(tmp_path)
    before = all_files(site / "public")
    replace(THREAD_LIFT, "slug: thread-lift\n", "slug: thread-lift\nmoved_from: [old]\n")(site)
    replace("content/en/about.md", "slug: about\n", "slug: about\nmoved_from: [old]\n")(site)

    result = cli(site)

    assert result.returncode == 1
    where = re.escape(str(site / THREAD_LIFT)) + ":6:"
    assert re.search(f"^{where} .*names /en/old/, which about.md names too", result.stderr, re.M), result.stderr
    assert all_files(site / "public") == before


def test_a_static_redirects_file_is_refused_for_the_one_the_builder_makes(tmp_path: Path) -> None:
    site = built(tmp_path)
    before = all_files(site / "public")
    (site / "static/_redirects").write_text("/en/old/ /en/about/ 301\n")

    result = cli(site)

    assert result.returncode == 1
    assert f"{site / 'static/_redirects'}: a static file cannot share its name" in result.stderr
    assert all_files(site / "public") == before
