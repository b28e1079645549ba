"""`serve` in Chromium: saved edits reach the open page, in place where they can."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import copy_sources, start, url_of

pytestmark = pytest.mark.browser


@pytest.fixture
def preview_tab(browser: object, tmp_path: Path) -> Iterator[tuple[Path, str, object]]:
    site = copy_sources(tmp_path / "site")
    process = start(site)
    # The pages carry the site's policy as a <meta> element, which forbids evaluating strings, and Playwright's
    # wait_for_function evaluates its probes so: these tests of the preview's live updates go round the policy
    # (tests/quality/test_meta_policy_browser.py holds the pages to it).
    context = browser.new_context(bypass_csp=True)  # type: ignore[attr-defined]
    try:
        yield site, url_of(process), context.new_page()
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=10)


def mark_this_document(tab: object) -> None:
    """A reload would start a new document, without the mark."""
    tab.evaluate("window.notReloaded = true")  # type: ignore[attr-defined]


def still_this_document(tab: object) -> bool:
    return tab.evaluate("window.notReloaded === true")  # type: ignore[attr-defined]


def append(path: Path, text: str) -> None:
    with path.open("a") as stream:
        stream.write(text)


def test_a_text_edit_appears_in_place_keeping_the_scroll_position(preview_tab) -> None:
    site, url, tab = preview_tab
    tab.set_viewport_size({"width": 390, "height": 700})
    tab.goto(url + "en/about/")
    tab.evaluate("window.scrollTo(0, 600)")
    mark_this_document(tab)
    append(site / "content/en/about.md", "\nA sentence only the preview has.\n")
    tab.wait_for_function("() => document.body.innerText.includes('A sentence only the preview has.')", timeout=15000)
    assert still_this_document(tab)
    assert tab.evaluate("window.scrollY") == 600


def test_a_stylesheet_edit_applies_without_a_reload(preview_tab) -> None:
    site, url, tab = preview_tab
    tab.goto(url + "en/about/")
    mark_this_document(tab)
    append(site / "static/css/site.css", "\nh1 { color: rgb(1, 2, 3); }\n")
    tab.wait_for_function(
        "() => getComputedStyle(document.querySelector('h1')).color === 'rgb(1, 2, 3)'", timeout=15000
    )
    assert still_this_document(tab)


def test_a_page_with_a_script_reloads_and_its_script_runs_again(preview_tab) -> None:
    site, url, tab = preview_tab
    tab.goto(url + "en/self-assessment/")
    mark_this_document(tab)
    append(site / "content/en/self-assessment.md", "\nA line only the preview has.\n")
    tab.wait_for_function("() => document.body.innerText.includes('A line only the preview has.')", timeout=15000)
    assert not still_this_document(tab)
    assert tab.locator(".assessment-submit button").is_visible(), "the widget is set up again"


def test_a_broken_edit_shows_its_problem_on_the_page_until_fixed(preview_tab) -> None:
    site, url, tab = preview_tab
    page = site / "content/en/about.md"
    original = page.read_text()
    tab.goto(url + "en/about/")
    page.write_text(original.replace("title:", "titel:", 1))
    box = tab.locator("#site-builder-error")
    box.wait_for(timeout=15000)
    assert "about.md:" in box.inner_text() and "did you mean 'title'" in box.inner_text()
    assert box.get_attribute("data-kind") == "error"
    page.write_text(original)
    box.wait_for(state="detached", timeout=15000)


def test_a_warning_shows_in_its_own_colour_and_the_page_takes_the_edit(preview_tab) -> None:
    site, url, tab = preview_tab
    tab.goto(url + "en/about/")
    append(site / "content/en/about.md", "\nIt takes 7 minutes to read.\n")  # a number the translation lacks
    box = tab.locator("#site-builder-error")
    box.wait_for(timeout=15000)
    assert box.inner_text().startswith("Warning: ") and "about.md" in box.inner_text()
    assert box.get_attribute("data-kind") == "warning"
    colours = {
        kind: tab.evaluate(f"getComputedStyle(document.querySelector('#site-builder-error')).{kind}")
        for kind in ("backgroundColor", "color")
    }
    assert colours == {"backgroundColor": "rgb(92, 58, 0)", "color": "rgb(255, 255, 255)"}


def test_every_previewed_page_links_the_translation_status_even_after_its_body_is_swapped(preview_tab) -> None:
    site, url, tab = preview_tab
    tab.goto(url + "id/tentang-kami/")
    mark_this_document(tab)
    append(site / "content/id/tentang-kami.md", "\nSatu kalimat hanya untuk pratinjau.\n")
    tab.wait_for_function(
        "() => document.body.innerText.includes('Satu kalimat hanya untuk pratinjau.')", timeout=15000
    )
    assert still_this_document(tab)
    link = tab.get_by_role("link", name="Preview: translation status")
    assert link.count() == 1, "one link, after the new body came"
    link.click()
    tab.wait_for_url(url + "__status/translations")
    assert tab.get_by_role("heading", level=2, name="Bahasa Indonesia (id): complete").count() == 1


def test_serve_started_on_a_broken_site_shows_the_problem_and_the_site_once_mended(browser, tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site")
    page = site / "content/en/about.md"
    original = page.read_text()
    page.write_text(original.replace("title:", "titel:", 1))
    process = start(site)
    context = browser.new_context()  # type: ignore[attr-defined]
    try:
        url = url_of(process)
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        response = tab.goto(url + "en/about/")
        assert response.status == 503
        box = tab.locator("#site-builder-error")
        box.wait_for(timeout=15000)
        assert f"{page}:2: unknown field 'titel' (did you mean 'title'?)" in box.inner_text()
        # The reload script, deferred, takes the box over: styled as over any page, and listening for the mend.
        tab.wait_for_function(
            "() => getComputedStyle(document.getElementById('site-builder-error')).position === 'fixed'", timeout=15000
        )
        mark_this_document(tab)
        page.write_text(original)
        tab.wait_for_function(
            "() => document.querySelector('h1') && !document.getElementById('site-builder-error') && "
            "document.title !== 'The site does not build yet'",
            timeout=15000,
        )
        assert "About this guide" in tab.locator("h1").inner_text()
        assert not still_this_document(tab), "the page reloaded itself into the site"
        unavailable = "Failed to load resource: the server responded with a status of 503 (Service Unavailable)"
        assert [e for e in errors if e != unavailable] == [], "nothing refused by the policy, nothing failed"
    finally:
        context.close()
        process.terminate()
        process.wait(timeout=10)
