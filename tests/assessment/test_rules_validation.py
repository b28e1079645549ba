"""Bad rule data is refused with the file and line, never with a traceback."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from site_builder.assessment.scoring_old import load_rules
from site_builder.engine.errors import Problem, SiteError

from .scoring_helpers import DATA, LANGS, copy_data, edit

RULES = "rules.yaml"
EN = "text/en/assessment.yaml"
ID = "text/id/assessment.yaml"


def line_of(path: Path, text: str, occurrence: int = 1) -> int:
    """The line on which `text` appears for the given time."""
    found = [n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in line]
    assert len(found) >= occurrence, f"{text!r} not found {occurrence} time(s) in {path}"
    return found[occurrence - 1]


def refused(data: Path) -> list[Problem]:
    with pytest.raises(SiteError) as info:
        load_rules(data, LANGS)
    return info.value.problems


# (file, old text, new text, part of the message, text on the line the problem must name, which occurrence)
CASES = [
    pytest.param(
        RULES,
        "{id: slow, severity: 1, points_to: [mini-facelift]}",
        "{id: slow, severity: 1, points_to: [mini-lift]}",
        "unknown outcome id 'mini-lift'",
        "mini-lift",
        1,
        id="unknown-outcome-in-points-to",
    ),
    pytest.param(
        RULES,
        "  outcome: consult\n",
        "  outcome: consultation\n",
        "mixed: unknown outcome id 'consultation'",
        "outcome: consultation",
        1,
        id="unknown-mixed-outcome",
    ),
    pytest.param(
        RULES,
        "  - id: neck\n",
        "  - id: jawline\n",
        "duplicate question id 'jawline'",
        "- id: jawline",
        2,
        id="duplicate-question",
    ),
    pytest.param(
        RULES,
        "{id: slight, severity: 1, points_to: [mini-facelift]}",
        "{id: smooth, severity: 1, points_to: [mini-facelift]}",
        "duplicate option (question 'neck') id 'smooth'",
        "{id: smooth",
        2,
        id="duplicate-option",
    ),
    pytest.param(
        RULES,
        "  - {id: deep-plane, page: deep-plane, min_score: 22}",
        "  - {id: mini-facelift, page: deep-plane, min_score: 22}",
        "duplicate outcome id 'mini-facelift'",
        "{id: mini-facelift, page: deep-plane",
        1,
        id="duplicate-outcome",
    ),
    pytest.param(
        RULES,
        "  - id: total-cost\n",
        "  - id: bridge\n",
        "duplicate add-on or caveat id 'bridge'",
        "- id: bridge",
        2,
        id="duplicate-caveat",
    ),
    pytest.param(
        RULES,
        "{id: softening, severity: 1, points_to: [thread-lift, mini-facelift]}",
        "{id: softening, points_to: [thread-lift, mini-facelift]}",
        "option 'softening' of question 'jawline' has no scoring",
        "{id: softening",
        1,
        id="anatomy-option-without-severity",
    ),
    pytest.param(
        RULES,
        "{id: months, points_to: [thread-lift, mini-facelift]}",
        "{id: months}",
        "option 'months' of question 'timeline' has no scoring",
        "{id: months}",
        1,
        id="option-without-points-to",
    ),
    pytest.param(
        RULES,
        "    weight: 3\n",
        "",
        "question 'neck' has no scoring",
        "- id: neck",
        1,
        id="anatomy-question-without-weight",
    ),
    pytest.param(
        RULES,
        "    weight: 6\n",
        "    weight: six\n",
        "weight of question 'jawline' must be a number, got 'six'",
        "weight: six",
        1,
        id="non-numeric-weight",
    ),
    pytest.param(
        RULES,
        "    weight: 6\n",
        "    weight: yes\n",
        "weight of question 'jawline' must be a number, got True",
        "weight: yes",
        1,
        id="boolean-weight",
    ),
    pytest.param(
        RULES,
        "    weight: 6\n",
        "    weight: -2\n",
        "weight of question 'jawline' must be 0 or more",
        "weight: -2",
        1,
        id="negative-weight",
    ),
    pytest.param(
        RULES,
        "{id: barely, severity: 2,",
        "{id: barely, severity: high,",
        "severity of option 'barely' of question 'pinch' must be a number",
        "severity: high",
        1,
        id="non-numeric-severity",
    ),
    pytest.param(
        RULES,
        "{id: jowls, severity: 2,",
        "{id: jowls, severity: 0,",
        "is lower than the option before it",
        "{id: jowls",
        1,
        id="severity-goes-down",
    ),
    pytest.param(
        RULES,
        "{question: midface, in: [hollow]}",
        "{question: cheeks, in: [hollow]}",
        "the condition names an unknown question 'cheeks'",
        "question: cheeks",
        1,
        id="condition-unknown-question",
    ),
    pytest.param(
        RULES,
        "{question: downtime, in: [none]}",
        "{question: downtime, in: [nothing]}",
        "question 'downtime' has no option 'nothing'",
        "in: [nothing]",
        1,
        id="condition-unknown-option",
    ),
    pytest.param(
        RULES,
        "        - {outcome: [thread-lift]}\n",
        "        - {outcome: [threads]}\n",
        "the condition names an unknown outcome 'threads'",
        "{outcome: [threads]}",
        1,
        id="condition-unknown-outcome",
    ),
    pytest.param(
        RULES,
        "{question: timeline, in: [soon]}",
        "{question: timeline, is: [soon]}",
        "a condition must be one of",
        "is: [soon]",
        1,
        id="condition-bad-form",
    ),
    pytest.param(
        RULES,
        "min_score: 11}",
        "min_score: 6}",
        "min_score of 'mini-facelift' must be higher than the stage before",
        "min_score: 6}",
        2,
        id="stages-out-of-order",
    ),
    pytest.param(
        RULES,
        "min_score: 0}",
        "min_score: 2}",
        "the first stage must have min_score 0",
        "min_score: 2}",
        1,
        id="first-stage-not-zero",
    ),
    pytest.param(
        RULES,
        "  questions: [neck, pinch]",
        "  questions: [neck, downtime]",
        "mixed: 'downtime' is not an anatomy question",
        "[neck, downtime]",
        1,
        id="mixed-counts-a-context-question",
    ),
    pytest.param(
        RULES,
        "{id: defined, severity: 0,",
        "{id: hint, severity: 0,",
        "two elements the page id 'sa-jawline-hint'",
        "{id: hint",
        1,
        id="clashing-page-ids",
    ),
    pytest.param(RULES, "    weight: 6\n", "    weight: 6: 7\n", "invalid YAML", "weight: 6: 7", 1, id="invalid-yaml"),
    pytest.param(
        ID,
        "      softening: Mulai kabur di beberapa bagian, paling banyak ada sedikit gelambir\n",
        "",
        "options of question 'jawline': missing translation for 'softening'",
        "    options:",
        1,
        id="missing-option-translation",
    ),
    pytest.param(
        EN,
        "  total-cost:\n",
        "  total-costs:\n",
        "caveats: missing translation for 'total-cost'",
        "caveats:",
        1,
        id="missing-caveat-translation",
    ),
    pytest.param(
        ID,
        "  timeline:\n    short: Acara",
        "  jadwal:\n    short: Acara",
        "questions: 'jadwal' is not an id in rules.yaml",
        "  jadwal:",
        1,
        id="unknown-id-in-texts",
    ),
    pytest.param(
        ID,
        "      quick: Kulit langsung kembali\n",
        "      quick: ''\n",
        "option 'quick' must be some text",
        "quick: ''",
        1,
        id="empty-label",
    ),
    pytest.param(
        ID,
        '  best_fit: "Paling cocok dengan jawaban Anda: {outcome}"',
        '  best_fit: "Paling cocok dengan jawaban Anda"',
        "phrase 'best_fit' must contain {outcome}",
        "best_fit:",
        1,
        id="phrase-loses-placeholder",
    ),
    pytest.param(
        EN,
        "    hint: Use a thumb and finger on the middle of your cheek, with a relaxed face.\n",
        "",
        "question 'pinch' needs 'hint'",
        "    short: Pinch test",
        1,
        id="missing-hint",
    ),
]


@pytest.mark.parametrize(("file", "old", "new", "message", "line_text", "occurrence"), CASES)
def test_bad_rule_data_is_refused_with_file_and_line(
    tmp_path: Path, file: str, old: str, new: str, message: str, line_text: str, occurrence: int
) -> None:
    data = copy_data(tmp_path)
    path = data / file
    edit(path, old, new)
    problems = refused(data)
    matching = [p for p in problems if message in p.message]
    assert matching, "\n".join(map(str, problems))
    problem = matching[0]
    assert Path(problem.path) == path
    assert problem.line == line_of(path, line_text, occurrence), str(problem)


def test_several_problems_are_reported_together(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data / RULES, "    weight: 6\n", "    weight: six\n")
    edit(data / RULES, "{question: midface, in: [hollow]}", "{question: cheeks, in: [hollow]}")
    edit(data / RULES, "page: about}", "page: Contact Us}")
    messages = " | ".join(p.message for p in refused(data))
    assert "must be a number" in messages and "unknown question 'cheeks'" in messages
    assert "'Contact Us' is not a page key" in messages


def test_a_missing_text_file_is_named(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    (data / ID).unlink()
    [problem] = refused(data)
    assert Path(problem.path) == data / ID and "is missing" in problem.message


def test_every_language_is_checked(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    edit(data / EN, "      jowls: Blurred by jowls that hang below the line of the jaw\n", "")
    edit(data / ID, "      jowls: Tertutup gelambir yang menggantung di bawah garis rahang\n", "")
    assert {Path(p.path) for p in refused(data)} == {data / EN, data / ID}


def test_the_real_rules_load(tmp_path: Path) -> None:
    rules = load_rules(copy_data(tmp_path), LANGS)
    assert [q.id for q in rules.questions][:4] == ["jawline", "neck", "midface", "pinch"]
    assert [s.id for s in rules.stages] == ["not-yet", "thread-lift", "mini-facelift", "deep-plane"]


# --- never a traceback -----------------------------------------------------------------------------------

ORIGINAL = yaml.safe_load((DATA / RULES).read_text(encoding="utf-8"))
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-3, 30),
    st.floats(allow_nan=True),
    st.text(max_size=8),
    st.lists(st.one_of(st.text(max_size=5), st.integers(), st.none()), max_size=3),
    st.dictionaries(st.text(max_size=6), st.one_of(st.text(max_size=5), st.integers()), max_size=2),
)


def paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    found = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            found += paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            found += paths(value, (*prefix, i))
    return found


ALL_PATHS = paths(ORIGINAL)[1:]


def replaced(node: Any, path: tuple, value: Any) -> Any:
    if not path:
        return value
    copy = dict(node) if isinstance(node, dict) else list(node)
    copy[path[0]] = replaced(node[path[0]], path[1:], value)
    return copy


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), JUNK), min_size=1, max_size=3))
def test_any_damage_gives_a_site_error_not_a_traceback(damage: list[tuple[tuple, Any]]) -> None:
    tree = ORIGINAL
    for path, value in damage:
        try:
            tree = replaced(tree, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    with tempfile.TemporaryDirectory() as folder:
        data = copy_data(Path(folder))
        (data / RULES).write_text(yaml.safe_dump(tree, allow_unicode=True), encoding="utf-8")
        try:
            load_rules(data, LANGS)
        except SiteError as error:
            assert error.problems and all(p.path for p in error.problems)
            assert all(p.line is not None for p in error.problems if "can never be reached" not in p.message)
