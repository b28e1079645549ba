"""The reference scorer: the SPEC personas, the cases the guide spells out, and the result's shape."""

from __future__ import annotations

import pytest

from site_builder.assessment.model import ALSO, GOOD, MORE, POOR, POSSIBLE, Rules
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
        # Part 7: a crisp jawline with a looser neck is mixed: a specialist first.
        pytest.param(face("defined", "banding", "hollow", "barely"), "consult", (), id="crisp-jaw-bands-poor-skin"),
        pytest.param(face("defined", "slight", "full", "quick"), "consult", (), id="crisp-jaw-slightly-loose-neck"),
        # Part 7: mild beside moderate is mixed (skin that springs back quickly beside jowls at rest).
        pytest.param(face("softening", "smooth", "full", "quick"), "consult", (), id="jowls-with-springy-skin"),
        # FAQ age 52: moderate jowling, a smooth neck and full cheeks is a classic mini facelift case.
        pytest.param(face("softening", "smooth", "full", "slow"), "mini-facelift", (), id="faq-age-52"),
        # Part 3 and expectations: a mini facelift with hollow cheeks, a volume treatment beside it.
        pytest.param(face("softening", "slight", "hollow", "slow"), "mini-facelift", (), id="moderate-hollow"),
        # FAQ age 46: no jowls, looks tired: skin and volume first, not surgery of any tier.
        pytest.param(face("defined", "smooth", "hollow", "quick"), "not-yet", (), id="faq-age-46-hollow"),
        # Part 2, who it suits: the mild stage, wanting a subtle refresh of the jawline.
        pytest.param(face("defined", "smooth", "full", "quick", goal="jawline"), "thread-lift", (), id="part-2"),
        # Part 5, upgrading too early: mild laxity wanting to look ten years younger.
        pytest.param(face("defined", "smooth", "slight", "quick", goal="ten-years"), "not-yet", (), id="part-5-early"),
        # Part 5, waiting too long: significant jowling, neck laxity and volume loss, sold threads.
        pytest.param(
            face("jowls", "banding", "hollow", "slow", downtime="none", budget="up-front"),
            "deep-plane",
            ("svf-fat-graft",),
            id="part-5-late",
        ),
        # Part 6, thread lift as a bridge: the moderate stage, not ready for the operation yet.
        pytest.param(face("softening", "slight", "full", "slow", downtime="none"), "mini-facelift", (), id="part-6"),
        # Part 4: heavy jowls, neck bands and hollow cheeks.
        pytest.param(face("jowls", "banding", "hollow", "barely"), "deep-plane", ("svf-fat-graft",), id="significant"),
        # Part 4 asks for neck laxity with prominent jowls: heavy jowls over a smooth neck are mixed.
        pytest.param(face("jowls", "smooth", "full", "slow"), "consult", (), id="heavy-jowls-smooth-neck"),
    ],
)
def test_cases_the_guide_describes(rules: Rules, answers: dict[str, str], outcome: str, addons: tuple) -> None:
    result = score(rules, answers)
    assert (result.outcome, result.addons) == (outcome, addons)


def test_a_mini_facelift_with_hollow_cheeks_names_the_volume_treatment_it_needs(rules: Rules) -> None:
    result = score(rules, face("softening", "slight", "hollow", "slow"))
    mini = next(f for f in result.fits if f.outcome == "mini-facelift")
    assert (mini.level, mini.needs) == (GOOD, ("volume-treatment",))
    assert result.addons == ()  # a combined step, not one of the guide's add-ons


def test_every_option_is_shown_with_its_fit_and_why(rules: Rules) -> None:
    result = score(rules, face("softening", "smooth", "full", "slow"))
    fits = {f.outcome: f for f in result.fits}
    assert list(fits) == ["not-yet", "thread-lift", "mini-facelift", "deep-plane"]
    assert fits["not-yet"].level == fits["thread-lift"].level == POOR
    assert fits["thread-lift"].fails == (("jawline", "softening"),)
    assert fits["mini-facelift"].level == GOOD
    assert fits["deep-plane"].level == MORE  # meant for a later stage than the answers show
    assert [s.stages for s in result.signs] == [
        ("moderate",),
        ("mild", "moderate"),
        ("mild", "moderate", "significant"),
        ("mild", "moderate", "significant"),
    ]


def test_at_the_mild_stage_both_options_fit_and_the_goal_chooses(rules: Rules) -> None:
    tired = score(rules, face("defined", "smooth", "full", "quick"))
    jawline = score(rules, face("defined", "smooth", "full", "quick", goal="jawline"))
    assert (tired.outcome, jawline.outcome) == ("not-yet", "thread-lift")
    assert {f.outcome: f.level for f in tired.fits} == {
        "not-yet": GOOD,
        "thread-lift": ALSO,
        "mini-facelift": POOR,
        "deep-plane": POOR,
    }


def test_mixed_answers_show_no_option_as_the_answer(rules: Rules) -> None:
    result = score(rules, face("softening", "banding", "full", "slow"))
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
        (face("defined", "smooth", "full", "quick", goal="jawline", budget="up-front", timeline="soon"), ()),
        (face("softening", "smooth", "full", "slow", goal="ten-years"), ("over-treatment",)),
        (face("jowls", "banding", "hollow", "barely", goal="ten-years"), ()),
    ],
)
def test_caveats(rules: Rules, answers: dict[str, str], caveats: tuple[str, ...]) -> None:
    assert score(rules, answers).caveats == caveats


def test_the_result_as_json_has_the_widget_shape(rules: Rules) -> None:
    data = score(rules, face("jowls", "banding", "hollow", "barely")).to_json()
    assert set(data) == {"outcome", "stage", "mixed", "fits", "addons", "caveats", "signs"}
    assert data["fits"][3] == {"outcome": "deep-plane", "level": "good", "fails": [], "needs": ["svf-fat-graft"]}
    assert data["signs"][0] == {"question": "jawline", "option": "jowls", "stages": ["significant"]}


def test_the_command_line_prints_a_result(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from .helpers import ROOT

    monkeypatch.chdir(ROOT)
    answers = [f"{k}={v}" for k, v in face("softening", "smooth", "full", "slow").items()]
    assert main(answers) == 0
    assert "outcome: mini-facelift (stage moderate)" in capsys.readouterr().out
    assert main(answers[:3]) == 1
    assert "needs one of" in capsys.readouterr().err
