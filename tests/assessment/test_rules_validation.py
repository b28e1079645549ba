"""Bad rule data is refused with the file and the line to fix, never with a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.assessment.load import load_rules
from site_builder.engine.base.errors import Problem, SiteError

from .helpers import DATA, LANGS, REFERENCES, copy_data, edit

RULES = "rules.yaml"
EN = "text/en/assessment.yaml"


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(found) >= occurrence, f"{text!r} not found {occurrence} time(s) in {path}"
    return found[occurrence - 1]


def refused(data: Path) -> list[Problem]:
    with pytest.raises(SiteError) as info:
        load_rules(data, LANGS, REFERENCES)
    return info.value.problems


# (file, old text, new text, part of the message, text on the line the problem must name, its occurrence)
CASES = [
    pytest.param(
        RULES,
        "        stages: [moderate]\n",
        "        stages: [medium]\n",
        "'medium' is not a stage",
        "stages: [medium]",
        1,
        id="unknown-stage",
    ),
    pytest.param(
        RULES,
        "  - id: neck\n",
        "  - id: jawline\n",
        "question id 'jawline' appears twice",
        "- id: jawline",
        2,
        id="duplicate-question",
    ),
    pytest.param(
        RULES,
        "      - id: slight\n        stages: [moderate, significant]",
        "      - id: smooth\n        stages: [moderate, significant]",
        "option (question 'neck') id 'smooth' appears twice",
        "- id: smooth",
        2,
        id="duplicate-option",
    ),
    pytest.param(
        RULES,
        "answers: {neck: [slight, banding]}",
        "answers: {neck: [smooth, slight, banding]}",
        "already has a verdict for neck: smooth",
        "answers: {neck: [smooth, slight, banding]}",
        1,
        id="two-verdicts-for-one-answer",
    ),
    pytest.param(
        RULES,
        "answers: {neck: [banding]}",
        "answers: {neck: [slight]}",
        "outcome 'mini-facelift' already has a verdict for neck: slight",
        "answers: {neck: [slight]}",
        1,
        id="answer-left-out",
    ),
    pytest.param(
        RULES,
        "        companion: volume-treatment\n        answers: {midface: [slight, hollow]}\n        text: thread",
        "        answers: {midface: [slight, hollow]}\n        text: thread",
        "a 'with' verdict needs a companion",
        "- verdict: with",
        2,
        id="with-without-companion",
    ),
    pytest.param(
        RULES,
        "companion: svf-fat-graft",
        "companion: fat-graft",
        "'fat-graft' is not a companion",
        "companion: fat-graft",
        1,
        id="unknown-companion",
    ),
    pytest.param(
        RULES,
        "{question: downtime, in: [none]}",
        "{question: time-off, in: [none]}",
        "'time-off' is not a question",
        "{question: time-off",
        1,
        id="caveat-unknown-question",
    ),
    pytest.param(
        RULES,
        "{outcome: [not-yet, thread-lift, mini-facelift]}",
        "{stage: [moderate, severe]}",
        "'severe' is not a stage id",
        "{stage: [moderate, severe]}",
        1,
        id="caveat-unknown-stage",
    ),
    pytest.param(
        RULES,
        "{outcome: [deep-plane]}",
        "{outcome: [deep-plain]}",
        "'deep-plain' is not an outcome id",
        "{outcome: [deep-plain]}",
        1,
        id="caveat-unknown-outcome",
    ),
    pytest.param(
        RULES,
        "- {outcome: [mini-facelift, deep-plane]}",
        "- {outcomes: [mini-facelift, deep-plane]}",
        "a condition must be one of",
        "- {outcomes: [mini-facelift, deep-plane]}",
        1,
        id="caveat-bad-form",
    ),
    pytest.param(
        RULES,
        'source: "guide Part 2: it does not address',
        'source: "the web: it does not address',
        "the source must start with the id of a source in data/sources.yaml",
        'source: "the web',
        1,
        id="unnamed-source",
    ),
    pytest.param(
        RULES,
        "    page: thread-lift\n    stage: mild",
        "    page: thread-lift\n    stage: significant",
        "outcome 'mini-facelift' is for an earlier stage",
        "stage: moderate",
        1,
        id="outcomes-out-of-order",
    ),
    pytest.param(
        RULES,
        "  - id: consult\n    page: travel\n",
        "  - id: consult\n    page: travel\n    stage: mild\n",
        "exactly one outcome, the last, has no stage",
        "outcomes:",
        1,
        id="no-consult-outcome",
    ),
    pytest.param(
        RULES,
        "      - id: quick\n        stages: [mild]",
        "      - id: quick\n        stages: [significant]",
        "option 'slow' fits earlier stages than the option before it",
        "stages: [mild, moderate, significant]",
        5,
        id="signs-out-of-order",
    ),
    pytest.param(
        RULES,
        '\n        source: "guide Part 1: volume loss is one of several separate changes of aging, at different rates'
        ' for different people"',
        "",
        "option 'full' of question 'midface' needs a source",
        "- id: full",
        1,
        id="face-option-without-source",
    ),
    pytest.param(
        RULES,
        "        stages: [mild, moderate]\n",
        "        stages: [mild, significant]\n",
        "a run of neighbouring stages",
        "stages: [mild, significant]",
        1,
        id="stages-not-a-run",
    ),
    pytest.param(
        RULES,
        "    chosen_when: {question: goal, in: [less-tired, ten-years]}",
        "    chosen_when: {question: budget, in: [up-front]}",
        "chosen_when may only ask about the goal",
        "chosen_when:",
        1,
        id="chosen-by-budget",
    ),
    pytest.param(
        RULES,
        "next_step: {page: travel, section: consultation}",
        "next_step: {page: travel}",
        "the required field 'section' is missing",
        "next_step:",
        1,
        id="next-step-without-section",
    ),
    pytest.param(
        RULES,
        "stages: [mild, moderate, significant]\n\n",
        "stages: mild: moderate\n\n",
        "invalid YAML",
        "stages: mild: moderate",
        1,
        id="yaml-syntax",
    ),
    pytest.param(
        RULES,
        "        companion: volume-treatment\n        answers: {midface: [hollow]}\n        text: mini",
        "        answers: {midface: [hollow]}\n        text: mini",
        "a 'with' verdict needs a companion",
        "- verdict: with",
        3,
        id="mini-with-without-companion",
    ),
    pytest.param(
        EN,
        "  thread-lift-neck: It does not tighten a loose or banded neck.\n",
        "",
        "the required field 'thread-lift-neck' is missing",
        "indications:",
        1,
        id="missing-indication-text",
    ),
    pytest.param(
        EN,
        '  best_fit: "Best fit for your answers: {outcome}"',
        '  best_fit: "Best fit for your answers"',
        "phrase 'best_fit' must contain {outcome}",
        "best_fit:",
        1,
        id="phrase-lost-placeholder",
    ),
    pytest.param(
        EN,
        '  more: "More than your face needs now: it is meant for a later stage."',
        '  much: "More than your face needs now: it is meant for a later stage."',
        "unknown field 'much'",
        "much:",
        1,
        id="unknown-fit",
    ),
]


@pytest.mark.parametrize(("name", "old", "new", "message", "line_text", "occurrence"), CASES)
def test_bad_rule_data_is_refused_with_its_line(
    tmp_path: Path, name: str, old: str, new: str, message: str, line_text: str, occurrence: int
) -> None:
    data = copy_data(tmp_path)
    edit(data / name, old, new)
    problems = refused(data)
    matching = [p for p in problems if message in p.message]
    assert matching, [str(p) for p in problems]
    assert Path(matching[0].path) == data / name
    assert matching[0].line == line_of(data / name, line_text, occurrence), [str(p) for p in matching]


def test_rules_that_grow_less_invasive_with_severity_are_refused(tmp_path: Path) -> None:
    """If a thread lift at the mild stage did not treat slow skin, a worse pinch would turn it into
    no procedure yet: a more severe answer must never give a less invasive result."""
    data = copy_data(tmp_path)
    edit(
        data / RULES,
        "      - verdict: with\n        companion: skin-treatment\n        answers: {pinch: [slow, barely]}",
        "      - verdict: not\n        answers: {pinch: [slow, barely]}",
    )
    problems = refused(data)
    assert any("a more severe answer gives a less invasive result" in p.message for p in problems), problems
    assert problems[0].line == line_of(data / RULES, "outcomes:")


def test_rules_the_printed_key_cannot_express_are_refused(tmp_path: Path) -> None:
    """If the moderate stage gave a mini facelift for full cheeks but something else for hollow ones,
    one line per stage and goal on paper could not give the screen's result."""
    data = copy_data(tmp_path)
    edit(
        data / RULES,
        "      - verdict: with\n        companion: volume-treatment\n"
        "        answers: {midface: [hollow]}\n        text: mini",
        "      - verdict: not\n        answers: {midface: [hollow]}\n        text: mini",
    )
    edit(data / RULES, "    page: deep-plane\n    stage: significant", "    page: deep-plane\n    stage: moderate")
    problems = refused(data)
    assert any("the printed key gives one result per stage" in p.message for p in problems), problems


def test_every_entry_must_name_the_statement_it_rests_on(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    line = '        source: "guide Part 2, who it suits: people not troubled by jowls or neck laxity"\n'
    edit(data / RULES, line, "")
    [problem] = refused(data)
    assert "the required field 'source' is missing" in problem.message
    assert problem.line == line_of(data / RULES, "answers: {neck: [slight, banding]}") - 1  # its "- verdict:" line


def test_a_missing_language_file_is_named(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / EN).unlink()
    assert any("is missing" in p.message and Path(p.path) == data / EN for p in refused(data))


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data / RULES, "companion: svf-fat-graft", "companion: fat-graft")
    edit(data / RULES, "{outcome: [deep-plane]}", "{outcome: [deep-plain]}")
    messages = " ".join(p.message for p in refused(data))
    assert "'fat-graft' is not a companion" in messages and "'deep-plain' is not an outcome id" in messages


def test_the_real_rules_load() -> None:
    rules = load_rules(DATA, LANGS, REFERENCES)
    assert [o.id for o in rules.outcomes] == ["not-yet", "thread-lift", "mini-facelift", "deep-plane", "consult"]


RULES_TEXT = (DATA / RULES).read_text(encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, len(RULES_TEXT) - 1), st.integers(0, 40), st.text(max_size=12))
def test_no_edit_of_the_rule_file_gives_a_traceback(start: int, length: int, insert: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        data = copy_data(Path(folder))
        (data / RULES).write_text(RULES_TEXT[:start] + insert + RULES_TEXT[start + length :], encoding="utf-8")
        try:
            load_rules(data, LANGS, REFERENCES)
        except SiteError as error:
            assert all(str(problem) for problem in error.problems)
