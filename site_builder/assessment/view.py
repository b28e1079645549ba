"""What pages get from the rules: the checklist with its printed key, the widget's data, and option lists.

All of it is derived from Rules in the page's language; templates/partials/assessment.html and
templates/partials/indications.html hold the markup.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..api import first_source
from .load import error_id, hint_id, input_id
from .model import LIFE, WITH, AllOf, AnswerIn, AnyOf, Condition, OutcomeIn, Rules, StageIn, Texts
from .scorer import Scorer


@dataclass(frozen=True)
class Item:
    """One entry of an option's lists, in words: what it is about and what the guide says."""

    kind: str  # treats, with, not, or limit
    text: str
    source: str  # the id of the source it rests on (data/sources.yaml)
    companion: str | None = None


def stage_results(rules: Rules) -> dict[str, dict[tuple[tuple[str, str], ...], str]]:
    """The outcome for each stage and goal answer when the answers are not mixed (load_rules makes sure
    there is one), each stage's goals in question and option order."""
    life = {q.id: q.options[0].id for q in rules.questions if q.role == LIFE}
    goals = [[(q.id, o.id) for o in q.options] for q in rules.goal]
    found: dict[str, dict[tuple[tuple[str, str], ...], str]] = {}
    scorer = Scorer(rules)
    for goal in itertools.product(*goals):
        for combo in itertools.product(*[[(q.id, o.id) for o in q.options] for q in rules.face]):
            result = scorer.score({**dict(combo), **dict(goal), **life})
            if not result.mixed:
                found.setdefault(result.stage, {}).setdefault(goal, result.outcome)
    return {stage: found[stage] for stage in rules.stages if stage in found}


class AssessmentText:
    """The rules' words in one language, with fact macros in them already expanded."""

    def __init__(self, rules: Rules, lang: str, expand: Callable[[str], str]):
        self.rules = rules
        t = rules.texts[lang]
        self.t = t
        self.expand = expand
        self.phrases = {k: expand(v) for k, v in t.phrases.items()}

    def name(self, outcome: str) -> str:
        return self.t.outcomes[outcome].name

    def names(self, ids: Sequence[str], section: Mapping[str, Any]) -> str:
        return ", ".join(section[i].name for i in ids)

    def answer(self, question: str, option: str) -> str:
        return self.t.questions[question].options[option]

    def stages(self, stages: Sequence[str]) -> str:
        """The stages a face answer fits, in words: "Mild", "Moderate or Significant", "Any stage"."""
        if len(stages) == len(self.rules.stages):
            return self.phrases["every_stage"]
        return f" {self.phrases['or']} ".join(self.t.stages[s].name for s in stages)

    def answers(self, question: str, options: Sequence[str]) -> str:
        return f" {self.phrases['or']} ".join(f"“{self.answer(question, o)}”" for o in options)

    def condition(self, c: Condition, nested: bool = False) -> str:
        """A caveat's condition in words, for the printed key."""
        p = self.phrases
        if isinstance(c, AllOf | AnyOf):
            joiner = p["and"] if isinstance(c, AllOf) else p["or"]
            words = f" {joiner} ".join(self.condition(i, True) for i in c.items)
            return f"({words})" if nested and len(c.items) > 1 else words
        if isinstance(c, StageIn):
            return p["stage_is"].format(stages=f" {p['or']} ".join(self.t.stages[s].name for s in c.stages))
        if isinstance(c, OutcomeIn):
            return p["outcome_is"].format(outcomes=f" {p['or']} ".join(self.name(o) for o in c.outcomes))
        assert isinstance(c, AnswerIn)
        return p["answer_is"].format(
            question=self.t.questions[c.question].short, answers=self.answers(c.question, c.options)
        )

    def items(self, outcome: str, kinds: Sequence[str]) -> list[Item]:
        """An option's indications of the given kinds in words, in the order of the rule file."""
        o = self.rules.outcome(outcome)
        found = [
            Item(i.verdict, self.expand(self.t.indications[i.text]), first_source(i.source), i.companion)
            for i in o.indications
            if i.verdict in kinds and i.text
        ]
        if "limit" in kinds:
            found += [
                Item("limit", self.expand(self.t.indications[lim.text]), first_source(lim.source)) for lim in o.limits
            ]
        return found


def checklist_context(rules: Rules, lang: str, expand: Callable[[str], str]) -> dict[str, Any]:
    """What templates/partials/assessment.html needs: the questions and the printed key."""
    words = AssessmentText(rules, lang, expand)
    t = words.t
    questions = [
        {
            "id": q.id,
            "short": t.questions[q.id].short,
            "legend": t.questions[q.id].legend,
            "hint": t.questions[q.id].hint,
            "error": t.questions[q.id].error,
            "hint_id": hint_id(q.id),
            "error_id": error_id(q.id),
            "options": [
                {"id": o.id, "label": words.answer(q.id, o.id), "input_id": input_id(q.id, o.id)} for o in q.options
            ],
        }
        for q in rules.questions
    ]
    signs = [
        {
            "question": t.questions[q.id].short,
            "options": [{"label": words.answer(q.id, o.id), "stage": words.stages(o.stages)} for o in q.options],
        }
        for q in rules.face
    ]
    mixed = words.phrases["key_step_mixed"].format(outcome=words.name(rules.consult))
    results = []
    for stage, by_goal in stage_results(rules).items():
        if len(set(by_goal.values())) == 1:
            results.append(
                {
                    "stage": t.stages[stage].name,
                    "goal": words.phrases["key_any_goal"],
                    "result": words.name(next(iter(by_goal.values()))),
                }
            )
            continue
        for goal, outcome in by_goal.items():
            goal_words = f" {words.phrases['and']} ".join(f"“{words.answer(q, o)}”" for q, o in goal)
            results.append({"stage": t.stages[stage].name, "goal": goal_words, "result": words.name(outcome)})
    addons = [
        words.phrases["key_addon_when"].format(
            outcome=words.name(o.id),
            answers="; ".join(f"{words.answers(q, opts)} ({t.questions[q].short})" for q, opts in i.answers.items()),
        )
        + f" {t.companions[i.companion].name}"
        for o in rules.options
        for i in o.indications
        if i.verdict == WITH and i.companion and rules.companion(i.companion).addon
    ]
    return {
        "questions": questions,
        "phrases": words.phrases,
        "key": {
            "signs": signs,
            "mixed": mixed,
            "stages": results,
            "addons": addons,
            "caveats": [
                {
                    "name": t.caveats[c.id].name,
                    "when": words.phrases["key_caveat_when"].format(condition=words.condition(c.when)),
                    "text": expand(t.caveats[c.id].text),
                }
                for c in rules.caveats
            ],
        },
    }


def condition_json(c: Condition) -> dict[str, Any]:
    """A condition in its YAML form, for the widget."""
    if isinstance(c, AllOf | AnyOf):
        return {"all" if isinstance(c, AllOf) else "any": [condition_json(i) for i in c.items]}
    if isinstance(c, StageIn):
        return {"stage": list(c.stages)}
    if isinstance(c, OutcomeIn):
        return {"outcome": list(c.outcomes)}
    return {"question": c.question, "in": list(c.options)}


def rules_json(rules: Rules) -> dict[str, Any]:
    """The language-neutral rules as plain JSON data: what widget.js interprets (sources left out)."""
    return {
        "stages": list(rules.stages),
        "consult": rules.consult,
        "next": list(rules.next_step),
        "questions": [
            {
                "id": q.id,
                "role": q.role,
                "options": [{"id": o.id, **({"stages": list(o.stages)} if o.stages else {})} for o in q.options],
            }
            for q in rules.questions
        ],
        "outcomes": [
            {
                "id": o.id,
                "page": o.page,
                **({"stage": o.stage} if o.stage else {}),
                **({"chosen_when": condition_json(o.chosen_when)} if o.chosen_when else {}),
                "indications": [
                    {
                        "verdict": i.verdict,
                        "answers": {q: list(opts) for q, opts in i.answers.items()},
                        **({"text": i.text} if i.text else {}),
                        **({"companion": i.companion} if i.companion else {}),
                    }
                    for i in o.indications
                ],
            }
            for o in rules.outcomes
        ],
        "companions": [{"id": c.id, "page": c.page, "addon": c.addon} for c in rules.companions],
        "caveats": [{"id": c.id, "when": condition_json(c.when)} for c in rules.caveats],
    }


def texts_json(t: Texts, expand: Callable[[str], str]) -> dict[str, Any]:
    def named(section: Mapping[str, Any]) -> dict[str, dict[str, str]]:
        return {k: {"name": v.name, "text": expand(v.text)} for k, v in section.items()}

    return {
        "questions": {
            qid: {"short": q.short, "error": q.error, "options": dict(q.options)} for qid, q in t.questions.items()
        },
        "stages": {k: v.name for k, v in t.stages.items()},
        "outcomes": named(t.outcomes),
        "fits": dict(t.fits),
        "companions": named(t.companions),
        "indications": {k: expand(v) for k, v in t.indications.items()},
        "caveats": named(t.caveats),
        "summaries": {k: expand(v) for k, v in t.summaries.items()},
        "phrases": {k: expand(v) for k, v in t.phrases.items()},
    }


def linked_pages(rules: Rules) -> list[str]:
    """The page keys results link to."""
    return sorted({o.page for o in rules.outcomes} | {c.page for c in rules.companions} | {rules.next_step[0]})


def widget_data(rules: Rules, lang: str, urls: Mapping[str, str], expand: Callable[[str], str]) -> dict[str, Any]:
    """JSON for the page's <script type="application/json"> block; only the pages results link to."""
    return {
        "rules": rules_json(rules),
        "text": texts_json(rules.texts[lang], expand),
        "urls": {key: urls[key] for key in linked_pages(rules) if key in urls},
    }
