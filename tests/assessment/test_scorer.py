"""The reference scorer: the SPEC personas, the cases the guide spells out, and the result's shape."""

from __future__ import annotations

import pytest

from site_builder.assessment.model import GOOD, MORE, POOR, POSSIBLE, Rules
from site_builder.assessment.scorer import main, score

from .helpers import SPEC_PERSONAS, with_context


@pytest.mark.parametrize(("given", "outcome", "addons"), SPEC_PERSONAS)
def test_spec_personas_whatever_the_unstated_answers(
    rules: Rules, given: dict[str, str], outcome: str, addons: tuple[str, ...]
) -> None:
    for answers in with_context(given, rules):
        result = score(rules, answers)
        assert (result.outcome, result.addons) == (outcome, addons), answers


NEUTRAL = {"downtime": "month", "budget": "balanced", "timeline": "open", "goal": "less-tired"}


def face(jawline: str, neck: str, midface: str, pinch: str, **life: str) -> dict[str, str]:
    return {"jawline": jawline, "neck": neck, "midface": midface, "pinch": pinch, **NEUTRAL, **life}


# Cases the guide itself describes, each with where it says so.
@pytest.mark.parametrize(
    ("answers", "outcome", "addons"),
    [
        # FAQ: good volume and only structural descent: no fat graft upsell.
        pytest.param(face("jowls", "banding", "full", "slow"), "deep-plane", (), id="descent-without-volume-loss"),
        # Part 7: mixed answers (a crisp jawline with neck bands) go to a specialist.
        pytest.param(face("defined", "banding", "hollow", "barely"), "consult", (), id="crisp-jaw-bands-poor-skin"),
        pytest.param(face("defined", "banding", "full", "quick"), "consult", (), id="crisp-jaw-bands-good-skin"),
        # Part 3: jowls at rest with a smooth neck and full cheeks: the classic mini facelift case.
        pytest.param(face("softening", "smooth", "full", "slow"), "mini-facelift", (), id="moderate-jowls"),
        # Part 3 and expectations: a mini facelift with flat cheeks needs a volume treatment beside it.
        pytest.param(face("softening", "slight", "hollow", "slow"), "mini-facelift", (), id="moderate-hollow"),
        # FAQ age 46: the mild stage calls for skin and volume care, not a lift.
        pytest.param(face("defined", "smooth", "hollow", "quick"), "not-yet", (), id="mild-hollow"),
        # Part 4: heavy jowls, neck bands and hollow cheeks.
        pytest.param(face("jowls", "banding", "hollow", "barely"), "deep-plane", ("svf-fat-graft",), id="significant"),
    ],
)
def test_cases_the_guide_describes(rules: Rules, answers: dict[str, str], outcome: str, addons: tuple) -> None:
    result = score(rules, answers)
    assert (result.outcome, result.addons) == (outcome, addons)


def test_a_mini_facelift_with_flat_cheeks_names_the_volume_treatment_it_needs(rules: Rules) -> None:
    result = score(rules, face("softening", "slight", "hollow", "slow"))
    mini = next(f for f in result.fits if f.outcome == "mini-facelift")
    assert (mini.level, mini.needs) == (GOOD, ("volume-treatment",))
    assert result.addons == ()  # a combined step, not one of the guide's add-ons


def test_every_option_is_shown_with_its_fit_and_why(rules: Rules) -> None:
    result = score(rules, face("softening", "smooth", "full", "slow"))
    fits = {f.outcome: f for f in result.fits}
    assert list(fits) == ["not-yet", "thread-lift", "mini-facelift", "deep-plane"]
    assert fits["not-yet"].level == fits["thread-lift"].level == POOR
    assert fits["thread-lift"].fails == (("jawline", "softening"), ("pinch", "slow"))
    assert fits["mini-facelift"].level == GOOD
    assert fits["deep-plane"].level == MORE  # meant for a later stage than the answers show
    assert [s.stage for s in result.signs] == ["moderate", None, None, "moderate"]


def test_at_the_mild_stage_a_thread_lift_fits_too_but_no_procedure_yet_comes_first(rules: Rules) -> None:
    result = score(rules, face("defined", "smooth", "full", "quick"))
    fits = {f.outcome: f.level for f in result.fits}
    assert result.outcome == "not-yet"
    assert fits == {"not-yet": GOOD, "thread-lift": GOOD, "mini-facelift": MORE, "deep-plane": MORE}


def test_mixed_answers_show_no_option_as_the_answer(rules: Rules) -> None:
    result = score(rules, face("defined", "banding", "full", "quick"))
    assert result.mixed and result.outcome == "consult"
    assert {f.outcome: f.level for f in result.fits} == {
        "not-yet": POOR,
        "thread-lift": POOR,
        "mini-facelift": POOR,
        "deep-plane": POSSIBLE,
    }


@pytest.mark.parametrize(
    ("answers", "caveats"),
    [
        (face("softening", "smooth", "full", "slow", downtime="none"), ("bridge",)),
        (face("softening", "smooth", "full", "slow", budget="up-front"), ("bridge", "total-cost")),
        (face("jowls", "banding", "full", "slow", downtime="none"), ("not-now",)),
        (face("jowls", "banding", "full", "slow", downtime="two-weeks", timeline="soon"), ("not-now", "timeline")),
        (face("defined", "smooth", "full", "quick", goal="ten-years"), ("over-treatment",)),
        (face("defined", "smooth", "full", "quick", goal="jawline", downtime="none"), ("over-treatment",)),
        (face("jowls", "banding", "hollow", "barely", goal="ten-years"), ()),
    ],
)
def test_caveats(rules: Rules, answers: dict[str, str], caveats: tuple[str, ...]) -> None:
    assert score(rules, answers).caveats == caveats


def test_the_result_as_json_has_the_widget_shape(rules: Rules) -> None:
    data = score(rules, face("jowls", "banding", "hollow", "barely")).to_json()
    assert set(data) == {"outcome", "stage", "mixed", "fits", "addons", "caveats", "signs"}
    assert data["fits"][3] == {"outcome": "deep-plane", "level": "good", "fails": [], "needs": ["svf-fat-graft"]}
    assert data["signs"][0] == {"question": "jawline", "option": "jowls", "stage": "significant"}


def test_the_command_line_prints_a_result(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from .helpers import ROOT

    monkeypatch.chdir(ROOT)
    answers = [f"{k}={v}" for k, v in face("softening", "smooth", "full", "slow").items()]
    assert main(answers) == 0
    assert "outcome: mini-facelift (stage moderate)" in capsys.readouterr().out
    assert main(answers[:3]) == 1
    assert "needs one of" in capsys.readouterr().err
