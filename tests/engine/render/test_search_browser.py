"""Search on the real built site, in Chromium, with the CSP of the site's `_headers` sent by the server:
each language finds its own pages only, Indonesian and English words are found in their other forms, it
works from the keyboard alone and under a sub-path, asks no other host and breaks no CSP rule, and axe
finds nothing on the search page with results shown."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from site_builder.engine.render import search as search_module
from tests.helpers import PROJECT, serve_folder
from tests.quality.conftest import CSP_LISTENER, axe, with_axe

pytestmark = pytest.mark.browser

SEARCH = {"en": "en/search/", "id": "id/cari/"}


@pytest.fixture(scope="module")
def guide_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site built for https://x.org/guide/ and served under /guide/."""
    output = tmp_path_factory.mktemp("guide") / "public"
    build(load_config(PROJECT).with_overrides(base_url="https://x.org/guide/"), output)
    server, url = serve_folder(output, "/guide/")
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def parts_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The real site under /guide/, its indexes in parts of about four pages, as a large site's are."""
    output = tmp_path_factory.mktemp("parts") / "public"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search_module, "PART_PAGES", 4)
        build(load_config(PROJECT).with_overrides(base_url="https://x.org/guide/"), output)
    assert (output / "id/cari/index-3.json").exists()
    server, url = serve_folder(output, "/guide/")
    yield url
    server.shutdown()
    server.server_close()


def watched(browser: Browser) -> tuple[Page, list[str], list[str]]:
    """A tab that records every URL it asks for and every console error."""
    context = browser.new_context()
    context.add_init_script(script=CSP_LISTENER)
    requests: list[str] = []
    errors: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    tab = context.new_page()
    tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.on("pageerror", lambda error: errors.append(str(error)))
    return tab, requests, errors


def results(page: Page) -> list[dict[str, str]]:
    page.wait_for_function("() => document.querySelector('#search-status').textContent !== ''")
    return page.evaluate(
        """() => [...document.querySelectorAll('#search-results li')].map((li) => ({
            href: li.querySelector('a').getAttribute('href'),
            title: li.querySelector('a').textContent,
            section: li.querySelector('.search-section')?.textContent || '',
            excerpt: li.querySelector('.search-excerpt').textContent,
            mark: li.querySelector('mark')?.textContent || '',
        }))"""
    )


def search(page: Page, base: str, lang: str, query: str) -> list[dict[str, str]]:
    page.goto(base + SEARCH[lang])
    page.fill("#search-q", query)
    page.press("#search-q", "Enter")
    return results(page)


@pytest.mark.parametrize("word", ["membandingkan", "perbandingan", "bandingkan"])
def test_an_indonesian_word_finds_indonesian_pages_in_all_its_forms(page: Page, live_server: str, word: str) -> None:
    found = search(page, live_server, "id", word)
    assert len(found) >= 2, found
    assert all(r["href"].startswith("/id/") for r in found), found
    # Every form finds the same pages, each with the form the page itself uses marked in its excerpt.
    same = search(page, live_server, "id", "membandingkan")
    assert [r["href"] for r in found] == [r["href"] for r in same]
    marked = {r["mark"].lower() for r in found if r["mark"]}
    assert len(marked) >= 2 and all("banding" in m for m in marked), marked


def test_an_english_query_finds_english_pages_only(page: Page, live_server: str) -> None:
    found = search(page, live_server, "en", "comparing")  # the pages say "compare" and "compared"
    assert len(found) >= 2, found
    assert all(r["href"].startswith("/en/") for r in found), found
    assert any(r["mark"].lower() in ("compare", "compared", "compares") for r in found), found
    # An English word is not looked for in the Indonesian text, nor an Indonesian one in the English.
    assert search(page, live_server, "en", "perbandingan") == []
    assert page.locator("#search-status").text_content() == "No page has all of these words. Try fewer or other words."


def test_a_result_names_its_page_the_section_hit_and_a_short_excerpt(page: Page, live_server: str) -> None:
    found = search(page, live_server, "id", "memar")  # bruising
    assert found, "no result"
    first = found[0]
    assert first["title"] and first["section"], first
    assert "#" in first["href"] and len(first["excerpt"]) <= 250, first
    assert page.locator("#search-status").text_content() == f"{len(found)} halaman ditemukan"
    page.click("#search-results li a >> nth=0")
    page.wait_for_url(f"**{first['href']}")
    anchor = first["href"].split("#")[1]
    assert page.locator(f"[id='{anchor}']").text_content().strip() == first["section"]


def test_search_works_from_the_keyboard_alone(page: Page, live_server: str) -> None:
    page.goto(live_server + "id/")
    # From the top of a page: past the skip link and the site name to the header's search field.
    field = None
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "header-q":
            field = True
            break
    assert field, "Tab never reached the header's search field"
    page.keyboard.type("tanam benang")
    page.keyboard.press("Enter")
    page.wait_for_url("**/id/cari/?q=tanam+benang")
    found = results(page)
    assert found and all(r["href"].startswith("/id/") for r in found), found
    # The field keeps the query and the focus moves on to the results with Tab.
    assert page.input_value("#search-q") == "tanam benang"
    page.focus("#search-q")
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the first result
    assert page.evaluate("() => document.activeElement.closest('#search-results') !== null")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{found[0]['href']}")


def test_the_result_count_is_announced_and_the_field_labelled(page: Page, live_server: str) -> None:
    search(page, live_server, "en", "thread lift")
    status = page.locator("#search-status")
    assert status.get_attribute("role") == "status" and status.get_attribute("aria-live") == "polite"
    assert page.locator("label[for=search-q]").text_content() == "Search this guide"
    assert page.locator("#search-results").evaluate("(e) => e.tagName") == "OL"


@pytest.mark.parametrize("base", ["live_server", "guide_server"])
def test_search_asks_no_other_host_and_breaks_no_csp_rule(
    browser: Browser, request: pytest.FixtureRequest, base: str
) -> None:
    url = request.getfixturevalue(base)
    tab, requests, errors = watched(browser)
    try:
        for lang, query in (("id", "perbandingan biaya"), ("en", "risks")):
            response = tab.goto(url + SEARCH[lang] + "?q=" + query.replace(" ", "+"))
            assert response is not None and "script-src 'self'" in response.headers["content-security-policy"]
            found = results(tab)
            prefix = urlsplit(url).path + lang + "/"
            assert found and all(r["href"].startswith(prefix) for r in found), found
            assert tab.evaluate("() => window.__cspViolations") == []
        here = urlsplit(url).netloc
        assert [u for u in requests if urlsplit(u).netloc != here] == []
        assert any(u.endswith("/index.json") for u in requests)
        assert errors == []
    finally:
        tab.context.close()


def test_an_index_in_parts_finds_what_the_whole_index_finds(page: Page, live_server: str, parts_server: str) -> None:
    for lang, query in (("id", "perbandingan"), ("id", "memar"), ("en", "recovery"), ("en", "thread lift")):
        whole = search(page, live_server, lang, query)
        parted = search(page, parts_server, lang, query)
        assert whole, query
        # The same results, each under the sub-path; equal scores may come in another order.
        moved = [r | {"href": "/guide" + r["href"]} for r in whole]
        assert sorted(moved, key=repr) == sorted(parted, key=repr), query


def test_axe_finds_nothing_on_the_search_page_with_results(page: Page, live_server: str) -> None:
    for mode in ("light", "dark", "320px"):
        with_axe(page, mode)
        for lang, query in (("id", "perbandingan"), ("en", "recovery")):
            page.goto(live_server + SEARCH[lang] + "?q=" + query)
            assert results(page)
            assert axe(page) == [], (mode, lang)


FIRST_SEARCH_BUDGET = 60_000  # bytes, gzip: everything fetched to show the first results
GZIP_LEVEL = 6  # as tests/quality/test_page_weight.py: the level most hosts use


def first_search(browser: Browser, base: str, lang: str, query: str) -> dict[str, int]:
    """Gzip bytes of every file fetched from opening the search page to its first results, by URL."""
    import gzip

    context = browser.new_context()
    fetched: dict[str, int] = {}

    def count(response: object) -> None:
        body = response.body()  # type: ignore[attr-defined]
        fetched[response.url] = len(gzip.compress(body, compresslevel=GZIP_LEVEL, mtime=0))  # type: ignore[attr-defined]

    context.on("response", count)
    tab = context.new_page()
    try:
        tab.goto(base + SEARCH[lang])
        tab.fill("#search-q", query)
        tab.press("#search-q", "Enter")
        assert results(tab), f"no results for {query!r}"
        tab.wait_for_load_state("networkidle")
    finally:
        context.close()
    return fetched


@pytest.mark.parametrize(("lang", "query"), [("id", "perbandingan"), ("en", "comparing")])
def test_the_first_search_costs_at_most_60_kb_gzipped(
    browser: Browser, live_server: str, lang: str, query: str
) -> None:
    fetched = first_search(browser, live_server, lang, query)
    assert any(url.endswith("index.json") for url in fetched) and any("stemmer" in url for url in fetched), fetched
    assert sum(fetched.values()) <= FIRST_SEARCH_BUDGET, fetched


def test_a_word_still_being_typed_finds_the_words_it_starts(page: Page, live_server: str) -> None:
    page.goto(live_server + SEARCH["id"])
    page.type("#search-q", "membandi", delay=20)  # on its way to "membandingkan"
    found = results(page)
    assert found and all("banding" in r["mark"].lower() for r in found if r["mark"]), found
    # Once the word is finished (a space, or Enter), it is looked for whole.
    page.fill("#search-q", "membandi")
    page.press("#search-q", "Enter")
    page.wait_for_function("() => document.querySelector('#search-results').hidden")
    assert page.locator("#search-status").text_content().startswith("Tidak ada halaman")
