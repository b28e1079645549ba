"""Properties of the scorer: anatomy governs, monotone in severity, total and deterministic.

Each is checked on the real rules (exhaustively where that is cheap, and with hypothesis), and on
rule sets an editor could write (random weights, severities and thresholds), so no YAML edit that
passes validation can break them.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from site_builder.assessment.scoring_old import Question, Rules, load_rules, score

from .scoring_helpers import DATA, LANGS, every_answer_set

# Loaded once at import: the hypothesis strategies are built from it.
RULES = load_rules(DATA, LANGS)
ANATOMY = [q for q in RULES.questions if q.role == "anatomy"]
CONTEXT = [q for q in RULES.questions if q.role == "context"]


def answers_for(rules: Rules) -> st.SearchStrategy[dict[str, str]]:
    return st.fixed_dictionaries({q.id: st.sampled_from([o.id for o in q.options]) for q in rules.questions})


def rank(rules: Rules, outcome: str) -> int:
    return [s.id for s in rules.stages].index(outcome)


def harder(question: Question, option_id: str) -> str | None:
    """The next more severe option, if any."""
    ids = [o.id for o in question.options]
    i = ids.index(option_id)
    return ids[i + 1] if i + 1 < len(ids) else None


# --- the real rules --------------------------------------------------------------------------------------


@given(answers_for(RULES), answers_for(RULES))
def test_context_answers_never_change_the_tier(answers: dict[str, str], other: dict[str, str]) -> None:
    moved = answers | {q.id: other[q.id] for q in CONTEXT}
    a, b = score(RULES, answers), score(RULES, moved)
    same = ("outcome", "stage", "fits", "addons", "points")
    assert [getattr(a, f) for f in same] == [getattr(b, f) for f in same]


def test_context_answers_never_change_the_tier_exhaustively() -> None:
    by_anatomy: dict[tuple[str, ...], set[tuple]] = {}
    for answers in every_answer_set(RULES):
        r = score(RULES, answers)
        key = tuple(answers[q.id] for q in ANATOMY)
        by_anatomy.setdefault(key, set()).add((r.outcome, r.stage, tuple(r.fits.items()), r.addons))
    assert len(by_anatomy) == 81
    assert all(len(results) == 1 for results in by_anatomy.values())


@given(answers_for(RULES), st.sampled_from(ANATOMY))
def test_a_more_severe_answer_never_gives_a_lighter_tier(answers: dict[str, str], question: Question) -> None:
    step = harder(question, answers[question.id])
    if step is None:
        return
    before, after = score(RULES, answers), score(RULES, answers | {question.id: step})
    assert rank(RULES, after.stage) >= rank(RULES, before.stage)
    if "consult" not in (before.outcome, after.outcome):
        assert rank(RULES, after.outcome) >= rank(RULES, before.outcome)


def test_monotone_exhaustively() -> None:
    for answers in every_answer_set(RULES):
        if any(answers[q.id] != q.options[0].id for q in CONTEXT):
            continue  # context never matters (tested above): the 81 face combinations suffice
        before = score(RULES, answers)
        for q in ANATOMY:
            step = harder(q, answers[q.id])
            if step is not None:
                after = score(RULES, answers | {q.id: step})
                assert rank(RULES, after.stage) >= rank(RULES, before.stage), (answers, q.id)
                if "consult" not in (before.outcome, after.outcome):
                    assert rank(RULES, after.outcome) >= rank(RULES, before.outcome), (answers, q.id)


@given(answers_for(RULES))
def test_total_and_deterministic(answers: dict[str, str]) -> None:
    result = score(RULES, answers)
    assert result == score(RULES, dict(reversed(list(answers.items()))))
    assert result.outcome in {o.id for o in RULES.outcomes}
    assert list(result.fits) == [s.id for s in RULES.stages]
    assert set(result.fits.values()) <= {f.id for f in RULES.fits}
    assert (result.outcome == "consult") == result.mixed
    if not result.mixed:
        assert result.outcome == result.stage and result.fits[result.outcome] == "good"
        assert list(result.fits.values()).count("good") == 1
    else:
        assert "good" not in result.fits.values()


@given(answers_for(RULES))
def test_fat_graft_only_with_deep_plane_and_volume_loss(answers: dict[str, str]) -> None:
    result = score(RULES, answers)
    wanted = result.outcome == "deep-plane" and answers["midface"] == "hollow"
    assert ("svf-fat-graft" in result.addons) == wanted


# --- any rules an editor could write ---------------------------------------------------------------------


@st.composite
def edited_rules(draw: st.DrawFn) -> Rules:
    """The real rules with random (valid) weights, severities, stage thresholds and mixed spread."""
    questions = []
    for q in RULES.questions:
        if q.role != "anatomy":
            questions.append(q)
            continue
        levels = sorted(draw(st.lists(st.integers(0, 5), min_size=len(q.options), max_size=len(q.options))))
        options = tuple(dataclasses.replace(o, severity=s) for o, s in zip(q.options, levels, strict=True))
        questions.append(dataclasses.replace(q, weight=draw(st.integers(0, 9)), options=options))
    cuts = sorted(draw(st.sets(st.integers(1, 60), min_size=3, max_size=3)))
    outcomes = []
    for o in RULES.outcomes:
        if o.min_score is not None:
            o = dataclasses.replace(o, min_score=([0, *cuts])[rank(RULES, o.id)])
        outcomes.append(o)
    mixed = dataclasses.replace(RULES.mixed, min_spread=draw(st.integers(1, 6)))
    return dataclasses.replace(RULES, questions=tuple(questions), outcomes=tuple(outcomes), mixed=mixed)


@settings(max_examples=150)
@given(st.data())
def test_properties_hold_for_any_valid_weights(data: st.DataObject) -> None:
    rules = data.draw(edited_rules())
    answers = data.draw(answers_for(rules))
    base = score(rules, answers)
    assert base == score(rules, answers)
    other = data.draw(answers_for(rules))
    moved = score(rules, answers | {q.id: other[q.id] for q in CONTEXT})
    assert (moved.outcome, moved.stage, moved.fits) == (base.outcome, base.stage, base.fits)
    question = data.draw(st.sampled_from([q for q in rules.questions if q.role == "anatomy"]))
    step = harder(question, answers[question.id])
    if step is not None:
        after = score(rules, answers | {question.id: step})
        assert rank(rules, after.stage) >= rank(rules, base.stage)
        if "consult" not in (base.outcome, after.outcome):
            assert rank(rules, after.outcome) >= rank(rules, base.outcome)
