"""The widget in the built site, in Chromium under the site's strict CSP, driven by keyboard only.

Uses the shared fixtures from tests/conftest.py: `live_server` (the built site on 127.0.0.1) and
`page` (a Playwright page that fails the test on any console error).
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from site_builder.assessment.model import Rules
from site_builder.assessment.scorer import score

from .helpers import SPEC_PERSONAS

pytestmark = pytest.mark.browser

CHECKLIST = {"en": "en/self-assessment/", "id": "id/penilaian-mandiri/"}
FILL = {"budget": "balanced", "timeline": "open"}  # the spec personas leave these open


def focused(page: Any, expression: str = "el.name || el.id") -> str:
    return page.evaluate(f"(() => {{ const el = document.activeElement; return {expression}; }})()") or ""


def tab_to(page: Any, expression: str, wanted: str, limit: int = 250) -> None:
    """Press Tab until the focused element matches (keyboard only, as a reader would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if focused(page, expression) == wanted:
            return
    raise AssertionError(f"Tab never reached {wanted!r}")


def open_checklist(page: Any, live_server: str, lang: str = "en", fragment: str = "") -> None:
    page.goto(live_server + CHECKLIST[lang] + fragment)
    page.wait_for_selector("#assessment-form button[type=submit]", state="visible")  # the widget has started


def answer(page: Any, rules: Rules, answers: dict[str, str], start: int = 0) -> None:
    """From the first radio of question `start`, answer each question in order with Space and arrow keys."""
    for q in rules.questions[start:]:
        assert focused(page, "el.name") == q.id, f"expected focus in question {q.id}"
        if q.id in answers:
            index = [o.id for o in q.options].index(answers[q.id])
            page.keyboard.press("Space" if index == 0 else "ArrowDown")
            for _ in range(index - 1):
                page.keyboard.press("ArrowDown")
        page.keyboard.press("Tab")


def submit(page: Any) -> None:
    assert focused(page, "el.type") == "submit"
    page.keyboard.press("Enter")


def result_state(page: Any) -> tuple[str, str, str]:
    box = page.locator("#assessment-result")
    return (
        box.get_attribute("data-outcome"),
        box.get_attribute("data-addons"),
        box.get_attribute("data-caveats"),
    )


@pytest.mark.parametrize("lang", ["en", "id"])
@pytest.mark.parametrize(("given", "outcome", "addons"), SPEC_PERSONAS)
def test_spec_persona_by_keyboard(
    page: Any,
    live_server: str,
    rules: Rules,
    lang: str,
    given: dict[str, str],
    outcome: str,
    addons: tuple[str, ...],
) -> None:
    answers = given | FILL
    expected = score(rules, answers)
    texts = rules.texts[lang]
    open_checklist(page, live_server, lang)
    tab_to(page, "el.name", rules.questions[0].id)
    answer(page, rules, answers)
    submit(page)

    assert result_state(page) == (outcome, " ".join(addons), " ".join(expected.caveats))
    box = page.locator("#assessment-result")
    assert box.get_attribute("aria-live") == "polite"
    assert focused(page, "el.tagName") == "H2"  # focus moved to the result
    text = box.inner_text()
    chosen = next(f for f in expected.fits if f.outcome == outcome)
    companions = f" {texts.phrases['and']} ".join(texts.companions[c].name for c in chosen.needs)
    headline = texts.phrases["best_fit_with" if chosen.needs else "best_fit"]
    assert headline.format(outcome=texts.outcomes[outcome].name, companions=companions) in text
    assert texts.phrases["next_heading"] in text
    # Every option, no procedure yet included, with its fit, why, and a link to its guide.
    options = box.locator(".assessment-option")
    assert options.count() == len(rules.options)
    for i, fit in enumerate(expected.fits):
        item = options.nth(i)
        assert item.locator("h4").inner_text() == texts.outcomes[fit.outcome].name
        assert item.get_attribute("data-fit") == fit.level
        assert (
            texts.phrases["does_not_treat"].split(":")[0] if fit.fails else texts.fits[fit.level]
        ) in item.inner_text()
        for question, option in fit.fails:
            assert texts.questions[question].options[option] in item.inner_text()
        href = item.locator("a").get_attribute("href")
        assert page.request.get(urlsplit(page.url)._replace(path=href).geturl()).status == 200
    for sign in expected.signs:
        assert texts.questions[sign.question].options[sign.option] in text
    for caveat in expected.caveats:
        assert texts.caveats[caveat].name in text
    assert page.locator(".assessment-disclaimer").is_visible()


def test_partial_submit_meets_the_error_summary(page: Any, live_server: str, rules: Rules) -> None:
    answers = SPEC_PERSONAS[1].values[0] | FILL
    first_three = {q.id: answers[q.id] for q in rules.questions[:3]}
    open_checklist(page, live_server)
    tab_to(page, "el.name", rules.questions[0].id)
    answer(page, rules, first_three)
    submit(page)

    summary = page.locator("#assessment-errors")
    assert summary.is_visible() and focused(page, "el.id") == "assessment-errors"
    links = summary.locator("a")
    missing = rules.questions[3:]
    assert [links.nth(i).inner_text() for i in range(links.count())] == [
        rules.texts["en"].questions[q.id].error for q in missing
    ]
    for q in missing:
        assert page.locator(f"[data-question={q.id}] .assessment-error").is_visible()
    assert result_state(page) == ("", "", "")

    # The first link takes the keyboard to the first unanswered question; answer from there.
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert focused(page, "el.name") == missing[0].id
    answer(page, rules, answers, start=3)
    submit(page)
    assert not summary.is_visible()
    assert not page.locator(".assessment-error").first.is_visible()
    assert result_state(page)[0] == "mini-facelift"


def test_print_view(page: Any, live_server: str, rules: Rules) -> None:
    open_checklist(page, live_server)
    page.emulate_media(media="print")
    assert page.locator("#assessment-form fieldset").first.is_visible()  # blank checklist prints
    assert not page.locator("#assessment-form button").is_visible()
    page.emulate_media(media="screen")

    tab_to(page, "el.name", rules.questions[0].id)
    answer(page, rules, SPEC_PERSONAS[2].values[0] | FILL)
    submit(page)
    page.emulate_media(media="print")
    assert not page.locator("#assessment-form").is_visible()  # the answers are summarised instead
    assert not page.locator(".assessment-actions").is_visible()
    assert page.locator("#assessment-result").is_visible()
    summary = page.locator("#assessment-result .assessment-answers")
    assert summary.is_visible()
    assert rules.texts["en"].questions["midface"].options["hollow"] in summary.inner_text()


def test_share_by_fragment_and_start_again(page: Any, live_server: str, rules: Rules) -> None:
    answers = SPEC_PERSONAS[2].values[0] | FILL
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    open_checklist(page, live_server)
    tab_to(page, "el.name", rules.questions[0].id)
    answer(page, rules, answers)
    submit(page)
    assert "#" not in page.evaluate("location.href")  # nothing goes into the address until the reader asks

    tab_to(page, "el.id", "assessment-share-button")
    page.keyboard.press("Enter")
    shared = page.evaluate("location.href")  # page.url hears of replaceState later, from the browser's events
    assert urlsplit(shared).fragment == "&".join(f"{q.id}={answers[q.id]}" for q in rules.questions)
    assert page.locator("#assessment-share").is_visible()
    assert page.locator("#assessment-share a").get_attribute("href") == shared

    # Private: no cookie, no storage, no request to any other host.
    assert page.context.cookies() == []
    assert page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert {urlsplit(url).netloc for url in requests} == {urlsplit(live_server).netloc}

    # The shared link opens with the answers ticked and the same result.
    page.goto("about:blank")
    page.goto(shared)
    page.wait_for_selector("#assessment-result h2")
    assert result_state(page) == ("deep-plane", "svf-fat-graft", "")
    assert page.locator("input[name=midface][value=hollow]").is_checked()

    tab_to(page, "el.id", "assessment-restart")
    page.keyboard.press("Enter")
    assert result_state(page) == ("", "", "")
    assert page.locator("#assessment-result").inner_text() == ""
    assert page.locator("input[type=radio]:checked").count() == 0
    assert "#" not in page.evaluate("location.href")
    assert focused(page, "el.name") == rules.questions[0].id
    assert page.console_errors == []


def test_without_javascript_the_checklist_is_complete(browser: Any, live_server: str, rules: Rules) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        tab.goto(live_server + CHECKLIST["id"])
        assert tab.locator("fieldset").count() == len(rules.questions)
        for q in rules.questions:
            legend = tab.locator(f"[data-question={q.id}] legend")
            assert rules.texts["id"].questions[q.id].legend in legend.inner_text()
            assert tab.locator(f"input[name={q.id}]").count() == len(q.options)
        assert not tab.locator("#assessment-form button").is_visible()  # nothing to press without JS
        assert tab.locator(".assessment-key-signs").is_visible() and tab.locator(".assessment-key-stages").is_visible()
        assert tab.locator(".assessment-disclaimer").is_visible()
    finally:
        context.close()


def test_mixed_answers_show_the_reasons_and_no_option_as_the_answer(page: Any, live_server: str, rules: Rules) -> None:
    answers = {"jawline": "defined", "neck": "banding", "midface": "full", "pinch": "quick"} | FILL
    answers |= {"downtime": "month", "goal": "less-tired"}
    texts = rules.texts["en"]
    open_checklist(page, live_server)
    tab_to(page, "el.name", rules.questions[0].id)
    answer(page, rules, answers)
    submit(page)

    assert result_state(page)[0] == rules.consult
    box = page.locator("#assessment-result")
    text = box.inner_text()
    assert texts.phrases["mixed_heading"] in text and texts.phrases["why_mixed"] in text
    for stage, question in (("mild", "jawline"), ("significant", "neck")):
        assert texts.stages[stage].name in text
        assert texts.questions[question].options[answers[question]] in text
    fits = [box.locator(".assessment-option").nth(i).get_attribute("data-fit") for i in range(len(rules.options))]
    assert "good" not in fits and "poor" in fits


PHONE = {"width": 360, "height": 740}


def phone_page(browser: Any) -> Any:
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    return context, context.new_page()


def choose(page: Any, answers: dict[str, str]) -> None:
    for question, option in answers.items():
        page.locator(f"input[name={question}][value={option}]").check()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_on_a_phone_question_1_comes_within_two_screens_and_the_next_step_on_the_results_first(
    browser: Any, live_server: str, rules: Rules, lang: str
) -> None:
    context, page = phone_page(browser)
    try:
        page.goto(live_server + CHECKLIST[lang])
        page.wait_for_selector("#assessment-form button[type=submit]", state="visible")
        first = page.locator(".assessment-legend").first.bounding_box()
        assert first["y"] + first["height"] <= 2 * PHONE["height"], first
        for given, *_ in (p.values for p in SPEC_PERSONAS):
            choose(page, given | FILL)
            page.locator("#assessment-form button[type=submit]").click()
            heading = page.locator("#assessment-result h2")
            heading.evaluate("el => el.scrollIntoView({block: 'start'})")
            top = heading.evaluate("el => el.getBoundingClientRect().top")
            assert top < 50
            steps = page.locator("#assessment-result .assessment-next").evaluate(
                "el => el.getBoundingClientRect().bottom"
            )
            assert steps <= PHONE["height"], (given, steps)
            link = page.locator("#assessment-result .assessment-next a").first
            href = link.get_attribute("href")
            assert href.endswith("#consultation")
            assert page.request.get(urlsplit(page.url)._replace(path=href.split("#")[0]).geturl()).status == 200
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "id"])
def test_a_changed_answer_updates_the_result_at_once_and_says_so(
    page: Any, live_server: str, rules: Rules, lang: str
) -> None:
    open_checklist(page, live_server, lang)
    given = SPEC_PERSONAS[1].values[0] | FILL
    choose(page, given)
    page.locator("#assessment-form button[type=submit]").click()
    assert result_state(page)[0] == "mini-facelift"
    # A clear jawline now: the old surgical result must not stay on screen.
    page.locator("input[name=jawline][value=defined]").check()
    changed = score(rules, given | {"jawline": "defined"})
    assert result_state(page)[0] == changed.outcome != "mini-facelift"
    updated = page.locator("#assessment-result .assessment-updated")
    assert updated.inner_text() == rules.texts[lang].phrases["updated"]
    assert page.locator("#assessment-result").get_attribute("aria-live") == "polite"
    # Start again clears it; a change with no result showing scores nothing.
    page.locator("#assessment-restart").click()
    page.locator("input[name=jawline][value=jowls]").check()
    assert result_state(page) == ("", "", "")


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_printed_result_fits_two_a4_pages(page: Any, live_server: str, rules: Rules, lang: str) -> None:
    open_checklist(page, live_server, lang)
    # The longest result: mixed answers, with every caveat that can come with them.
    choose(page, {"jawline": "defined", "neck": "banding", "midface": "hollow", "pinch": "barely"})
    choose(page, {"downtime": "none", "budget": "up-front", "timeline": "soon", "goal": "ten-years"})
    page.locator("#assessment-form button[type=submit]").click()
    counts = [len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))]
    # And the longest single-option result: deep plane with the fat graft and its caveats.
    page.locator("#assessment-restart").click()
    choose(page, SPEC_PERSONAS[2].values[0] | {"downtime": "none", "budget": "up-front", "timeline": "soon"})
    page.locator("#assessment-form button[type=submit]").click()
    counts.append(len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4"))))
    assert all(1 <= count <= 2 for count in counts), counts
