"""The scorer over all 6,561 answer sets: it recommends only what the guide says will treat the answers.

Each test is one rule of SPEC section 4 or of the rule model (data/rules.yaml), checked for every combination.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from site_builder.assessment.model import FACE, NOT, POOR, POSSIBLE, WITH, Rules
from site_builder.assessment.scorer import Assessment, score

from .helpers import every_answer_set

SURGICAL = {"mini-facelift", "deep-plane"}  # the tiers that are operations (SPEC section 4)


_SCORED: dict[int, tuple[tuple[dict[str, str], Assessment], ...]] = {}


def _all(rules: Rules) -> tuple[tuple[dict[str, str], Assessment], ...]:
    """Every answer set with its result, worked out once per rule set."""
    if id(rules) not in _SCORED:
        _SCORED[id(rules)] = tuple((answers, score(rules, answers)) for answers in every_answer_set(rules))
    return _SCORED[id(rules)]


def results(rules: Rules) -> Iterator[tuple[dict[str, str], Assessment]]:
    yield from _all(rules)


def face_signs(rules: Rules, answers: dict[str, str]) -> list[int]:
    return [
        rules.level(sign)
        for q in rules.face
        if (sign := q.option(answers[q.id]).sign_of) is not None  # type: ignore[union-attr]
    ]


def test_every_combination_has_a_result(rules: Rules) -> None:
    assert len(_all(rules)) == 3**8 == 6561


def test_the_outcome_never_leaves_an_answer_untreated(rules: Rules) -> None:
    for answers, result in results(rules):
        if result.outcome == rules.consult:
            continue
        chosen = rules.outcome(result.outcome)
        for q in rules.face:
            assert chosen.indication(q.id, answers[q.id]).verdict != NOT, (answers, result.outcome, q.id)


def test_the_outcome_is_the_least_invasive_option_that_treats_every_answer(rules: Rules) -> None:
    for answers, result in results(rules):
        treating = [
            o.id for o in rules.options if all(o.indication(q.id, answers[q.id]).verdict != NOT for q in rules.face)
        ]
        if result.mixed or not treating:
            assert result.outcome == rules.consult, answers
        else:
            assert result.outcome == treating[0], answers


def test_answers_two_stages_apart_give_consult_with_the_stages_named(rules: Rules) -> None:
    seen = 0
    for answers, result in results(rules):
        levels = face_signs(rules, answers)
        if max(levels) - min(levels) >= 2:
            seen += 1
            assert result.outcome == rules.consult and result.mixed, answers
            # The reasons: every face answer with the stage it is a sign of, both ends among them.
            stages = {s.stage for s in result.signs if s.stage}
            assert {rules.stages[min(levels)], rules.stages[max(levels)]} <= stages
    assert seen > 0


def test_a_crisp_jawline_with_neck_bands_is_mixed_whatever_the_skin(rules: Rules) -> None:
    """The checklist's own example of mixed answers: a worse pinch test must not remove the caution."""
    for answers, result in results(rules):
        if answers["jawline"] == "defined" and answers["neck"] == "banding":
            assert result.outcome == rules.consult, answers


def test_consult_shows_no_option_as_fitting_that_fails_an_answer(rules: Rules) -> None:
    for answers, result in results(rules):
        if result.outcome != rules.consult:
            continue
        for fit in result.fits:
            option = rules.outcome(fit.outcome)
            fails = [(q.id, answers[q.id]) for q in rules.face if option.indication(q.id, answers[q.id]).verdict == NOT]
            assert fit.level == (POOR if fails else POSSIBLE), (answers, fit)
            assert list(fit.fails) == fails


def test_fits_well_only_when_every_answer_is_treated_and_a_poor_fit_names_the_answers(rules: Rules) -> None:
    for answers, result in results(rules):
        for fit in result.fits:
            option = rules.outcome(fit.outcome)
            untreated = {
                (q.id, answers[q.id]) for q in rules.face if option.indication(q.id, answers[q.id]).verdict == NOT
            }
            assert (fit.level == POOR) == bool(untreated) == bool(fit.fails), (answers, fit)
            assert set(fit.fails) == untreated
            needs: list[str] = []
            for q in rules.face:
                found = option.indication(q.id, answers[q.id])
                if found.verdict == WITH and found.companion not in needs:
                    needs.append(found.companion)  # type: ignore[arg-type]
            assert list(fit.needs) == needs


def test_no_surgical_tier_without_a_moderate_sign_and_no_deep_plane_without_a_significant_one(rules: Rules) -> None:
    moderate, significant = rules.level("moderate"), rules.level("significant")
    for answers, result in results(rules):
        levels = face_signs(rules, answers)
        if result.outcome in SURGICAL:
            assert max(levels) >= moderate, answers
        if result.outcome == "deep-plane":
            assert max(levels) >= significant, answers


def test_life_answers_never_change_the_outcome(rules: Rules) -> None:
    by_face: dict[tuple[str, ...], set[str]] = {}
    for answers, result in results(rules):
        by_face.setdefault(tuple(answers[q.id] for q in rules.face), set()).add(result.outcome)
    assert len(by_face) == 81
    assert all(len(outcomes) == 1 for outcomes in by_face.values())


def invasiveness(rules: Rules, outcome: str) -> int:
    return [o.id for o in rules.outcomes].index(outcome)


def test_a_more_severe_face_answer_never_gives_a_less_invasive_outcome(rules: Rules) -> None:
    outcome = {tuple(sorted(a.items())): r.outcome for a, r in results(rules)}
    for answers, result in results(rules):
        if result.outcome == rules.consult:
            continue
        for q in rules.face:
            ids = [o.id for o in q.options]
            index = ids.index(answers[q.id])
            for worse in ids[index + 1 :]:
                other = outcome[tuple(sorted({**answers, q.id: worse}.items()))]
                if other != rules.consult:
                    assert invasiveness(rules, other) >= invasiveness(rules, result.outcome), (answers, q.id, worse)


def test_the_fat_graft_only_with_a_deep_plane_result_and_hollow_cheeks(rules: Rules) -> None:
    for answers, result in results(rules):
        wanted = result.outcome == "deep-plane" and answers["midface"] == "hollow"
        assert result.addons == (("svf-fat-graft",) if wanted else ()), answers


def test_cheek_volume_never_pushes_the_outcome_towards_threads_or_a_mini_facelift(rules: Rules) -> None:
    by_rest: dict[tuple[str, ...], dict[str, str]] = {}
    for answers, result in results(rules):
        rest = tuple(answers[q.id] for q in rules.face if q.id != "midface")
        by_rest.setdefault(rest, {})[answers["midface"]] = result.outcome
    for outcomes in by_rest.values():
        assert len(set(outcomes.values())) == 1  # the cheeks decide what goes with the option, not which


def test_the_bridge_is_offered_at_the_moderate_stage_only(rules: Rules) -> None:
    for answers, result in results(rules):
        if "bridge" in result.caveats:
            assert result.stage == "moderate" and result.outcome == "mini-facelift", answers


def test_the_significant_stage_without_time_off_says_no_tier_fits_now(rules: Rules) -> None:
    for answers, result in results(rules):
        short = answers["downtime"] in ("none", "two-weeks")
        assert ("not-now" in result.caveats) == (result.outcome == "deep-plane" and short), answers


@pytest.mark.parametrize(
    ("goal", "stages"), [("ten-years", {"mild", "moderate"}), ("jawline", {"mild"}), ("less-tired", set())]
)
def test_over_treatment_when_the_goal_asks_for_more_than_the_face_shows(rules: Rules, goal: str, stages: set) -> None:
    for answers, result in results(rules):
        if answers["goal"] == goal:
            assert ("over-treatment" in result.caveats) == (result.stage in stages), answers


def test_scoring_is_deterministic_and_refuses_incomplete_answers(rules: Rules) -> None:
    answers, result = _all(rules)[1234]
    assert score(rules, answers) == result
    with pytest.raises(ValueError, match="jawline"):
        score(rules, {k: v for k, v in answers.items() if k != "jawline"})
    with pytest.raises(ValueError, match="neck"):
        score(rules, {**answers, "neck": "very-loose"})


def test_face_questions_are_the_four_of_the_spec(rules: Rules) -> None:
    assert [q.id for q in rules.questions if q.role == FACE] == ["jawline", "neck", "midface", "pinch"]
