"""The scorer over all 6,561 answer sets: it reads the guide's stages as the guide does.

Each test is one rule of SPEC section 4 (as issue-corrected) or of the rule model (data/rules.yaml),
checked for every combination of answers.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from site_builder.assessment.model import ALSO, FACE, GOOD, LESS, MORE, NOT, POOR, POSSIBLE, WITH, Rules
from site_builder.assessment.scorer import Assessment, score

from .helpers import every_answer_set

SURGICAL = {"mini-facelift", "deep-plane"}  # the tiers that are operations (SPEC section 4)
NO_JOWLS = "defined"  # the jawline answer with no jowls when looking straight ahead (guide Part 1)

_SCORED: dict[int, tuple[tuple[dict[str, str], Assessment], ...]] = {}


def _all(rules: Rules) -> tuple[tuple[dict[str, str], Assessment], ...]:
    """Every answer set with its result, worked out once per rule set."""
    if id(rules) not in _SCORED:
        _SCORED[id(rules)] = tuple((answers, score(rules, answers)) for answers in every_answer_set(rules))
    return _SCORED[id(rules)]


def results(rules: Rules) -> Iterator[tuple[dict[str, str], Assessment]]:
    yield from _all(rules)


def fitted(rules: Rules, answers: dict[str, str]) -> list[set[str]]:
    """The stages each face answer fits, as the rule file gives them."""
    return [set(q.option(answers[q.id]).stages) for q in rules.face]  # type: ignore[union-attr]


def invasiveness(rules: Rules, outcome: str) -> int:
    return [o.id for o in rules.outcomes].index(outcome)


def test_every_combination_has_a_result(rules: Rules) -> None:
    assert len(_all(rules)) == 3**8 == 6561


# -- Never (SPEC section 4) ----------------------------------------------------------------------


def test_never_a_surgical_tier_without_jowls_at_rest(rules: Rules) -> None:
    for answers, result in results(rules):
        if answers["jawline"] == NO_JOWLS:
            assert result.outcome not in SURGICAL, answers


def test_never_no_procedure_or_a_thread_lift_with_jowls_at_rest(rules: Rules) -> None:
    for answers, result in results(rules):
        if answers["jawline"] != NO_JOWLS:
            assert result.outcome not in {"not-yet", "thread-lift"}, answers


def test_never_a_mini_facelift_for_heavy_jowls_or_neck_bands(rules: Rules) -> None:
    for answers, result in results(rules):
        if answers["jawline"] == "jowls" or answers["neck"] == "banding":
            assert result.outcome != "mini-facelift", answers


# -- Stages first ---------------------------------------------------------------------------------


def test_answers_that_fit_no_common_stage_are_mixed_and_give_consult(rules: Rules) -> None:
    seen = 0
    for answers, result in results(rules):
        common = set.intersection(*fitted(rules, answers))
        assert result.mixed == (not common), answers
        if not common:
            seen += 1
            assert result.outcome == rules.consult, answers
        else:
            assert result.stage == min(common, key=rules.level), answers
    assert seen > 0


def test_mild_beside_moderate_gives_consult(rules: Rules) -> None:
    """Guide Part 7: "some items suggesting mild laxity, others suggesting moderate" are mixed."""
    seen = 0
    for answers, result in results(rules):
        sets = fitted(rules, answers)
        if {"mild"} in sets and any("mild" not in s for s in sets):
            seen += 1
            assert result.outcome == rules.consult, answers
    assert seen > 0


def test_a_clear_jawline_beside_a_looser_neck_is_mixed(rules: Rules) -> None:
    for answers, result in results(rules):
        if answers["jawline"] == NO_JOWLS and answers["neck"] != "smooth":
            assert result.outcome == rules.consult, answers


def test_the_outcome_is_an_option_for_the_stage_that_treats_every_answer(rules: Rules) -> None:
    for answers, result in results(rules):
        if result.outcome == rules.consult:
            continue
        chosen = rules.outcome(result.outcome)
        assert chosen.stage == result.stage, answers
        for q in rules.face:
            assert chosen.indication(q.id, answers[q.id]).verdict != NOT, (answers, result.outcome, q.id)


# -- What each stage offers, and the goal's place ----------------------------------------------------


@pytest.mark.parametrize(
    ("goal", "outcome", "caveat"),
    [("jawline", "thread-lift", None), ("less-tired", "not-yet", None), ("ten-years", "not-yet", "over-treatment")],
)
def test_at_the_mild_stage_the_goal_chooses(rules: Rules, goal: str, outcome: str, caveat: str | None) -> None:
    seen = 0
    for answers, result in results(rules):
        if result.stage == "mild" and not result.mixed and answers["goal"] == goal:
            seen += 1
            assert result.outcome == outcome, answers
            assert caveat is None or caveat in result.caveats
    assert seen > 0


@pytest.mark.parametrize(("stage", "outcome"), [("moderate", "mini-facelift"), ("significant", "deep-plane")])
def test_the_later_stages_have_one_option(rules: Rules, stage: str, outcome: str) -> None:
    for _, result in results(rules):
        if result.stage == stage and not result.mixed:
            assert result.outcome == outcome


def test_time_off_budget_and_event_never_change_the_outcome(rules: Rules) -> None:
    by_rest: dict[tuple[str, ...], set[str]] = {}
    for answers, result in results(rules):
        key = tuple(answers[q.id] for q in rules.questions if q.role != "life")
        by_rest.setdefault(key, set()).add(result.outcome)
    assert len(by_rest) == 3**5
    assert all(len(outcomes) == 1 for outcomes in by_rest.values())


def test_the_goal_changes_the_outcome_only_within_the_stages_options(rules: Rules) -> None:
    by_face: dict[tuple[str, ...], set[str]] = {}
    for answers, result in results(rules):
        by_face.setdefault(tuple(answers[q.id] for q in rules.face), set()).add(result.outcome)
        if result.outcome != rules.consult:
            assert rules.outcome(result.outcome).stage == result.stage
    for face, outcomes in by_face.items():
        stages = {rules.outcome(o).stage for o in outcomes if o != rules.consult}
        assert len(stages) <= 1, (face, outcomes)
        assert rules.consult not in outcomes or outcomes == {rules.consult}, (face, outcomes)


def test_a_more_severe_face_answer_never_gives_a_less_invasive_outcome(rules: Rules) -> None:
    outcome = {tuple(sorted(a.items())): r.outcome for a, r in results(rules)}
    for answers, result in results(rules):
        if result.outcome == rules.consult:
            continue
        for q in rules.face:
            ids = [o.id for o in q.options]
            for worse in ids[ids.index(answers[q.id]) + 1 :]:
                other = outcome[tuple(sorted({**answers, q.id: worse}.items()))]
                if other != rules.consult:
                    assert invasiveness(rules, other) >= invasiveness(rules, result.outcome), (answers, q.id, worse)


def test_consult_is_kept_for_answers_that_disagree_at_most_60_percent_of_faces(rules: Rules) -> None:
    faces = {tuple(a[q.id] for q in rules.face): r.outcome == rules.consult for a, r in results(rules)}
    share = sum(faces.values()) / len(faces)
    print(f"consult for {sum(faces.values())} of {len(faces)} face combinations ({share:.1%})")
    assert len(faces) == 81
    assert share <= 0.60


# -- Fits, add-ons and caveats --------------------------------------------------------------------------


def test_every_option_has_a_fit_that_says_why(rules: Rules) -> None:
    for answers, result in results(rules):
        assert [f.outcome for f in result.fits] == [o.id for o in rules.options]
        for fit in result.fits:
            option = rules.outcome(fit.outcome)
            untreated = [
                (q.id, answers[q.id]) for q in rules.face if option.indication(q.id, answers[q.id]).verdict == NOT
            ]
            assert list(fit.fails) == untreated
            needs: list[str] = []
            for q in rules.face:
                found = option.indication(q.id, answers[q.id])
                if found.verdict == WITH and found.companion not in needs:
                    needs.append(found.companion)  # type: ignore[arg-type]
            assert list(fit.needs) == needs
            if untreated:
                expected = POOR
            elif result.mixed:
                expected = POSSIBLE
            elif fit.outcome == result.outcome:
                expected = GOOD
            elif option.stage == result.stage:
                expected = ALSO
            else:
                expected = MORE if rules.level(option.stage) > rules.level(result.stage) else LESS  # type: ignore[arg-type]
            assert fit.level == expected, (answers, fit)


def test_the_fat_graft_only_with_a_deep_plane_result_and_hollow_cheeks(rules: Rules) -> None:
    for answers, result in results(rules):
        wanted = result.outcome == "deep-plane" and answers["midface"] == "hollow"
        assert result.addons == (("svf-fat-graft",) if wanted else ()), answers


def test_hollow_cheeks_with_a_mini_facelift_need_a_volume_treatment(rules: Rules) -> None:
    for answers, result in results(rules):
        if result.outcome == "mini-facelift" and answers["midface"] == "hollow":
            fit = next(f for f in result.fits if f.outcome == "mini-facelift")
            assert "volume-treatment" in fit.needs


def test_cheek_volume_never_changes_which_option(rules: Rules) -> None:
    by_rest: dict[tuple[str, ...], set[str]] = {}
    for answers, result in results(rules):
        rest = tuple(answers[q.id] for q in rules.questions if q.id != "midface")
        by_rest.setdefault(rest, set()).add(result.outcome)
    assert all(len(outcomes) == 1 for outcomes in by_rest.values())


def test_the_bridge_is_offered_with_a_mini_facelift_only(rules: Rules) -> None:
    for answers, result in results(rules):
        wanted = result.outcome == "mini-facelift" and (
            answers["downtime"] == "none" or answers["budget"] == "up-front"
        )
        assert ("bridge" in result.caveats) == wanted, answers


def test_the_significant_stage_without_time_off_says_plan_for_later(rules: Rules) -> None:
    for answers, result in results(rules):
        short = answers["downtime"] in ("none", "two-weeks")
        assert ("not-now" in result.caveats) == (result.outcome == "deep-plane" and short), answers


def test_no_cost_caveat_favours_surgery_for_a_face_without_jowls(rules: Rules) -> None:
    for answers, result in results(rules):
        if answers["jawline"] == NO_JOWLS:
            assert "total-cost" not in result.caveats, answers


def test_scoring_is_deterministic_and_refuses_incomplete_answers(rules: Rules) -> None:
    answers, result = _all(rules)[1234]
    assert score(rules, answers) == result
    with pytest.raises(ValueError, match="jawline"):
        score(rules, {k: v for k, v in answers.items() if k != "jawline"})
    with pytest.raises(ValueError, match="neck"):
        score(rules, {**answers, "neck": "very-loose"})


def test_face_questions_are_the_four_of_the_spec(rules: Rules) -> None:
    assert [q.id for q in rules.questions if q.role == FACE] == ["jawline", "neck", "midface", "pinch"]
    assert [q.id for q in rules.goal] == ["goal"]
