"""The reference scorer: SPEC personas, our own personas, the result's shape, and the page data."""

from __future__ import annotations

import json
from html.parser import HTMLParser
from pathlib import Path

import jinja2
import pytest

from site_builder.assessment.scoring_old import Rules, checklist_context, load_rules, score, widget_data

from .scoring_helpers import LANGS, ROOT, SPEC_PERSONAS, copy_data, edit, with_context

PAGES = ("stages", "thread-lift", "mini-facelift", "deep-plane", "about", "faq")
URLS = {key: f"/en/{key}/" for key in PAGES}


# --- SPEC personas ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("given", "outcome", "addons"), SPEC_PERSONAS)
def test_spec_persona(rules: Rules, given: dict[str, str], outcome: str, addons: tuple[str, ...]) -> None:
    # The spec leaves budget and timeline open: the outcome and add-ons hold for every value of them.
    for answers in with_context(given, rules):
        result = score(rules, answers)
        assert result.outcome == outcome, answers
        assert result.addons == addons, answers
        assert result.fits[outcome] == "good"


def test_tired_at_46_is_never_a_surgical_tier(rules: Rules) -> None:
    given = SPEC_PERSONAS[0].values[0]
    outcomes = {score(rules, answers).outcome for answers in with_context(given, rules)}
    assert outcomes == {"not-yet"}


# --- our own personas (by ids) ---------------------------------------------------------------------------

OWN_PERSONAS = [
    pytest.param(
        # Late 30s, mild laxity: a softening jawline, skin that still springs back.
        {
            "jawline": "softening",
            "neck": "smooth",
            "midface": "full",
            "pinch": "quick",
            "downtime": "none",
            "budget": "up-front",
            "timeline": "soon",
            "goal": "less-tired",
        },
        "thread-lift",
        (),
        ("total-cost",),
        id="mild-laxity-thread-lift",
    ),
    pytest.param(
        # Hollow cheeks but a crisp jawline: volume first, and no fat-graft upsell.
        {
            "jawline": "defined",
            "neck": "smooth",
            "midface": "hollow",
            "pinch": "quick",
            "downtime": "month",
            "budget": "long-term",
            "timeline": "open",
            "goal": "less-tired",
        },
        "not-yet",
        (),
        (),
        id="volume-loss-only",
    ),
    pytest.param(
        # Jowls at rest, slightly loose neck, slow skin: the guide's moderate stage.
        {
            "jawline": "jowls",
            "neck": "slight",
            "midface": "full",
            "pinch": "slow",
            "downtime": "month",
            "budget": "long-term",
            "timeline": "open",
            "goal": "jawline",
        },
        "mini-facelift",
        (),
        (),
        id="moderate-jowls-slight-neck-mini",
    ),
    pytest.param(
        # Significant descent (jowls and neck bands) without volume loss: deep plane, no SVF.
        {
            "jawline": "jowls",
            "neck": "banding",
            "midface": "full",
            "pinch": "slow",
            "downtime": "month",
            "budget": "long-term",
            "timeline": "open",
            "goal": "jawline",
        },
        "deep-plane",
        (),
        (),
        id="deep-plane-without-volume-loss",
    ),
    pytest.param(
        # A crisp jawline with neck bands: mild and advanced signs together.
        {
            "jawline": "defined",
            "neck": "banding",
            "midface": "full",
            "pinch": "quick",
            "downtime": "two-weeks",
            "budget": "balanced",
            "timeline": "open",
            "goal": "jawline",
        },
        "consult",
        (),
        (),
        id="mixed-answers-consult",
    ),
    pytest.param(
        # Jowls at rest with a smooth neck: the guide's classic mini facelift case. Hollow cheeks bring no
        # fat-graft add-on without a deep plane result, and "ten years younger" asks for more than this face shows.
        {
            "jawline": "jowls",
            "neck": "smooth",
            "midface": "hollow",
            "pinch": "quick",
            "downtime": "month",
            "budget": "long-term",
            "timeline": "open",
            "goal": "ten-years",
        },
        "mini-facelift",
        (),
        ("over-treatment",),
        id="jowls-with-smooth-neck-mini",
    ),
    pytest.param(
        # Needs a deep plane but cannot take the time off: the tier stays, a bridge caveat is added.
        {
            "jawline": "jowls",
            "neck": "banding",
            "midface": "slight",
            "pinch": "barely",
            "downtime": "none",
            "budget": "balanced",
            "timeline": "open",
            "goal": "jawline",
        },
        "deep-plane",
        (),
        ("bridge",),
        id="deep-plane-no-downtime-bridge",
    ),
    pytest.param(
        # A mini-facelift face, a wedding in weeks and the cheapest price wanted.
        {
            "jawline": "softening",
            "neck": "smooth",
            "midface": "full",
            "pinch": "slow",
            "downtime": "two-weeks",
            "budget": "up-front",
            "timeline": "soon",
            "goal": "jawline",
        },
        "mini-facelift",
        (),
        ("bridge", "timeline", "total-cost"),
        id="mini-event-soon-cheapest",
    ),
    pytest.param(
        # Mild anatomy, a big goal: upgrading too early.
        {
            "jawline": "defined",
            "neck": "smooth",
            "midface": "slight",
            "pinch": "quick",
            "downtime": "month",
            "budget": "long-term",
            "timeline": "open",
            "goal": "ten-years",
        },
        "not-yet",
        (),
        ("over-treatment",),
        id="ten-years-goal-mild-face",
    ),
    pytest.param(
        # Everything advanced, an event soon and the lowest price wanted: every warning, the same tier.
        {
            "jawline": "jowls",
            "neck": "banding",
            "midface": "hollow",
            "pinch": "barely",
            "downtime": "two-weeks",
            "budget": "up-front",
            "timeline": "soon",
            "goal": "less-tired",
        },
        "deep-plane",
        ("svf-fat-graft",),
        ("bridge", "timeline", "total-cost"),
        id="late-50s-every-caveat",
    ),
    pytest.param(
        # Softening jawline, slightly loose neck, slow skin, hollow cheeks: still moderate; cheeks alone do not
        # make a deep plane case, and the goal asks for more than the face shows.
        {
            "jawline": "softening",
            "neck": "slight",
            "midface": "hollow",
            "pinch": "slow",
            "downtime": "month",
            "budget": "balanced",
            "timeline": "months",
            "goal": "ten-years",
        },
        "mini-facelift",
        (),
        ("over-treatment",),
        id="moderate-with-volume-loss",
    ),
]


@pytest.mark.parametrize(("answers", "outcome", "addons", "caveats"), OWN_PERSONAS)
def test_own_persona(
    rules: Rules, answers: dict[str, str], outcome: str, addons: tuple[str, ...], caveats: tuple[str, ...]
) -> None:
    result = score(rules, answers)
    assert (result.outcome, result.addons, result.caveats) == (outcome, addons, caveats)


def test_mixed_answers_show_which_answers_pointed_where(rules: Rules) -> None:
    answers = next(p.values[0] for p in OWN_PERSONAS if p.id == "mixed-answers-consult")
    result = score(rules, answers)
    assert result.mixed and result.outcome == "consult"
    pointed = {r.question: r.outcomes for r in result.reasons}
    assert "not-yet" in pointed["jawline"] and pointed["neck"] == ("deep-plane",)
    # No option fits mixed answers well, but every option still gets a fit.
    assert "good" not in result.fits.values()
    assert set(result.fits) == {"not-yet", "thread-lift", "mini-facelift", "deep-plane"}


# --- the shape of a result -------------------------------------------------------------------------------


def test_every_option_including_not_yet_gets_a_fit(rules: Rules) -> None:
    result = score(rules, SPEC_PERSONAS[1].values[0] | {"budget": "balanced", "timeline": "open"})
    assert result.fits == {
        "not-yet": "poor",
        "thread-lift": "partial",
        "mini-facelift": "good",
        "deep-plane": "partial",
    }


def test_reasons_cover_every_answer_in_question_order(rules: Rules) -> None:
    answers = OWN_PERSONAS[0].values[0]
    result = score(rules, answers)
    assert [(r.question, r.option) for r in result.reasons] == list(answers.items())
    assert dict((r.question, r.outcomes) for r in result.reasons)["pinch"] == ("not-yet", "thread-lift")


def test_result_is_frozen(rules: Rules) -> None:
    result = score(rules, OWN_PERSONAS[0].values[0])
    with pytest.raises(AttributeError):
        result.outcome = "deep-plane"  # type: ignore[misc]


@pytest.mark.parametrize("broken", [{"jawline": None}, {"jawline": "sagging"}, {"goal": "younger"}])
def test_incomplete_or_unknown_answers_are_refused(rules: Rules, broken: dict) -> None:
    answers = {**OWN_PERSONAS[0].values[0], **broken}
    answers = {k: v for k, v in answers.items() if v is not None}
    with pytest.raises(ValueError, match="needs one of"):
        score(rules, answers)


def test_answers_to_unknown_questions_are_ignored(rules: Rules) -> None:
    answers = OWN_PERSONAS[0].values[0]
    assert score(rules, {**answers, "age": "46"}) == score(rules, answers)


# --- an editor changes the YAML alone --------------------------------------------------------------------


def add_neck_option(data: Path) -> None:
    """An editor adds a fourth neck answer and its texts, and makes cheeks count more."""
    edit(
        data / "rules.yaml",
        "      - {id: banding, severity: 2, points_to: [deep-plane]}\n",
        "      - {id: banding, severity: 2, points_to: [deep-plane]}\n"
        "      - {id: heavy-folds, severity: 3, points_to: [deep-plane]}\n",
    )
    edit(data / "rules.yaml", "    weight: 1\n", "    weight: 6\n")
    edit(
        data / "text/en/assessment.yaml",
        "      banding: Bands or loose folds, and the angle under the jaw has faded\n",
        "      banding: Bands or loose folds, and the angle under the jaw has faded\n"
        "      heavy-folds: Heavy folds of skin hang from the neck\n",
    )
    edit(
        data / "text/id/assessment.yaml",
        "      banding: Ada garis pita atau lipatan kendur, dan sudut di bawah rahang memudar\n",
        "      banding: Ada garis pita atau lipatan kendur, dan sudut di bawah rahang memudar\n"
        "      heavy-folds: Lipatan kulit yang berat menggantung di leher\n",
    )


def test_an_added_option_and_a_changed_weight_need_only_yaml(tmp_path: Path, rules: Rules) -> None:
    data = copy_data(tmp_path)
    add_neck_option(data)
    changed = load_rules(data, LANGS)
    assert [o.id for o in changed.question("neck").options][-1] == "heavy-folds"
    base = {
        "jawline": "softening",
        "neck": "smooth",
        "midface": "hollow",
        "pinch": "slow",
        "downtime": "month",
        "budget": "balanced",
        "timeline": "open",
        "goal": "jawline",
    }
    # Cheeks now weigh 6: the same answers move from a mini facelift to a deep plane facelift.
    assert score(rules, base).outcome == "mini-facelift"
    assert score(changed, base).outcome == "deep-plane"
    heavy = score(changed, {**base, "neck": "heavy-folds"})
    assert heavy.outcome == "consult" and heavy.mixed  # severity 3 next to 1: mixed
    page = checklist_context(changed, "id")["questions"][1]
    assert [o["id"] for o in page["options"]][-1] == "heavy-folds"
    assert widget_data(changed, "en", URLS)["rules"]["questions"][1]["options"][-1]["severity"] == 3


# --- what the page gets ----------------------------------------------------------------------------------


def test_widget_data_is_json_and_carries_rules_texts_and_urls(rules: Rules) -> None:
    data = widget_data(rules, "id", URLS | {"home": "/id/"})
    assert json.loads(json.dumps(data)) == data
    assert data["rules"]["questions"][0] == {
        "id": "jawline",
        "role": "anatomy",
        "weight": 6,
        "options": [
            {"id": "defined", "severity": 0, "points_to": ["not-yet", "thread-lift"]},
            {"id": "softening", "severity": 1, "points_to": ["thread-lift", "mini-facelift"]},
            {"id": "jowls", "severity": 2, "points_to": ["deep-plane"]},
        ],
    }
    assert data["rules"]["addons"][0]["when"] == {
        "all": [{"outcome": ["deep-plane"]}, {"question": "midface", "in": ["hollow"]}]
    }
    assert data["text"]["outcomes"]["not-yet"]["name"] == "Belum perlu prosedur"
    # Only the pages the result links to, and only those the site has.
    assert set(data["urls"]) == {"stages", "thread-lift", "mini-facelift", "deep-plane", "about"}
    outcome_pages = {o["page"] for o in data["rules"]["outcomes"]}
    assert outcome_pages == {"stages", "thread-lift", "mini-facelift", "deep-plane", "about"}


def test_checklist_context_is_in_the_page_language(rules: Rules) -> None:
    en, id_ = checklist_context(rules, "en"), checklist_context(rules, "id")
    assert (
        [q["id"] for q in en["questions"]]
        == [q["id"] for q in id_["questions"]]
        == ["jawline", "neck", "midface", "pinch", "downtime", "budget", "timeline", "goal"]
    )
    assert en["questions"][0]["options"][2]["label"] != id_["questions"][0]["options"][2]["label"]
    assert en["questions"][4]["options"][0]["points_to"] == "No procedure yet, Thread lift"
    assert id_["questions"][6]["options"][2]["points_to"] == "Tidak ke pilihan tertentu"


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.data: dict[int, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        if self.tags and self.tags[-1][0] == "script":
            self.data[len(self.tags) - 1] = self.data.get(len(self.tags) - 1, "") + data


def render_partial(rules: Rules, lang: str) -> str:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(ROOT / "templates"),
        autoescape=True,
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
    )
    env.install_null_translations(newstyle=True)  # type: ignore[attr-defined]
    return env.get_template("partials/assessment.html").render(
        assessment=checklist_context(rules, lang),
        assessment_data=widget_data(rules, lang, URLS),
        asset=lambda path: f"/assets/{path}",
        url=lambda key: URLS[key],
    )


@pytest.mark.parametrize("lang", LANGS)
def test_partial_meets_the_markup_contract(rules: Rules, lang: str) -> None:
    parser = _Markup()
    parser.feed(render_partial(rules, lang))
    tags = parser.tags
    count = len(rules.questions)
    assert sum(t == "fieldset" for t, _ in tags) == sum(t == "legend" for t, _ in tags) == count
    radios = [a for t, a in tags if t == "input" and a.get("type") == "radio"]
    assert [(a["name"], a["value"]) for a in radios] == [(q.id, o.id) for q in rules.questions for o in q.options]
    label_for = {a["for"] for t, a in tags if t == "label"}
    assert all(a["id"] in label_for for a in radios)
    ids = [a["id"] for _, a in tags if "id" in a]
    assert len(ids) == len(set(ids)), "element ids must be unique"
    live = [a for _, a in tags if "aria-live" in a]
    assert len(live) == 1 and live[0]["aria-live"] == "polite"
    assert {"data-outcome", "data-addons", "data-caveats"} <= set(live[0])
    # Strict CSP: no inline handler, and no inline script other than the JSON data block.
    assert not [n for _, a in tags for n in a if n.startswith("on")]
    scripts = [(i, a) for i, (t, a) in enumerate(tags) if t == "script"]
    assert [a.get("type") for _, a in scripts] == ["application/json", None]
    assert scripts[1][1]["src"] == "/assets/js/widget.js" and "defer" in scripts[1][1]
    data_index = scripts[0][0]
    assert scripts[0][1]["id"] == "assessment-data"
    assert json.loads(parser.data[data_index]) == widget_data(rules, lang, URLS)
