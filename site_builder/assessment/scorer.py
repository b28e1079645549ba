"""The reference scorer: the rules worked out in Python, step by step as static/js/widget.js does in the page.

The build does not need it to render anything; it is what the tests hold the widget and the printed key
to, over every combination of answers, and what an editor can run to see a result:

    python -m site_builder.assessment.scorer jawline=softening neck=smooth midface=full pinch=slow ...

How a result is worked out (the same words head data/rules.yaml):
1. Each face answer fits a run of neighbouring stages.
2. The stage is the earliest one that every face answer fits; if none fits them all, the answers are
   mixed and the outcome is the consult outcome.
3. The candidates are the options for that stage that treat every face answer, alone or with a
   companion. The outcome is the first whose `chosen_when` (on the goal) holds or that has none, else
   the first candidate; with no candidate, the consult outcome again.
4. Each option's fit: "poor" if it leaves an answer untreated (and which), "possible" when the answers
   are mixed, "good" for the outcome, "also" for another option of the stage, and "more" or "less" for
   an option meant for a later or an earlier stage.
5. Add-ons are the companions the outcome needs that are add-ons; caveats are those whose condition holds.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .model import (
    ALSO,
    GOOD,
    LESS,
    MORE,
    NOT,
    POOR,
    POSSIBLE,
    WITH,
    AllOf,
    Answer,
    AnswerIn,
    AnyOf,
    Condition,
    Indication,
    Outcome,
    OutcomeIn,
    Rules,
    StageIn,
)


@dataclass(frozen=True)
class Sign:
    question: str
    option: str
    stages: tuple[str, ...]  # the stages this face answer fits


@dataclass(frozen=True)
class Fit:
    outcome: str
    level: str
    fails: tuple[tuple[str, str], ...]  # (question, option) of each answer it does not treat
    needs: tuple[str, ...]  # companions it needs for the answers given


@dataclass(frozen=True)
class Assessment:
    outcome: str
    stage: str  # the stage every face answer fits; when mixed, the latest stage an answer calls for
    mixed: bool
    fits: tuple[Fit, ...]  # every option, least invasive first
    addons: tuple[str, ...]
    caveats: tuple[str, ...]
    signs: tuple[Sign, ...]  # each face answer and the stages it fits

    def to_json(self) -> dict[str, Any]:
        """The shape the widget's score() returns, to compare the two."""
        return {
            "outcome": self.outcome,
            "stage": self.stage,
            "mixed": self.mixed,
            "fits": [
                {"outcome": f.outcome, "level": f.level, "fails": [list(a) for a in f.fails], "needs": list(f.needs)}
                for f in self.fits
            ],
            "addons": list(self.addons),
            "caveats": list(self.caveats),
            "signs": [{"question": s.question, "option": s.option, "stages": list(s.stages)} for s in self.signs],
        }


def holds(condition: Condition, answers: Mapping[str, str], stage: str, outcome: str) -> bool:
    """The condition form documented in rules.yaml."""
    if isinstance(condition, AllOf):
        return all(holds(c, answers, stage, outcome) for c in condition.items)
    if isinstance(condition, AnyOf):
        return any(holds(c, answers, stage, outcome) for c in condition.items)
    if isinstance(condition, StageIn):
        return stage in condition.stages
    if isinstance(condition, OutcomeIn):
        return outcome in condition.outcomes
    assert isinstance(condition, AnswerIn)
    return answers.get(condition.question) in condition.options


class Scorer:
    """score() for many sets of answers under one set of rules: the lookups the steps make (an answer by its id,
    an option's indication of an answer, a stage's place) are tables made once here, not searched for again
    for every set of answers. The steps themselves are those of score() below."""

    def __init__(self, rules: Rules) -> None:
        self.rules = rules
        self.face = rules.face
        self.options = rules.options
        self.answers: dict[str, dict[str, Answer]] = {}
        for q in rules.questions:
            by_id = self.answers.setdefault(q.id, {})
            for a in q.options:
                by_id.setdefault(a.id, a)  # the first of an id, as Question.option finds it
        # (option, question, answer) -> the option's first indication that covers it, as Outcome.indication finds it
        self.indications: dict[tuple[str, str, str], Indication] = {}
        for o in self.options:
            for i in o.indications:
                for question, options in i.answers.items():
                    for option in options:
                        self.indications.setdefault((o.id, question, option), i)
        self.levels: dict[str, int] = {}
        for index, stage in enumerate(rules.stages):
            self.levels.setdefault(stage, index)
        self.addons: dict[str, bool] = {}
        for c in rules.companions:
            self.addons.setdefault(c.id, c.addon)

    def indication(self, option: Outcome, question: str, answer: str) -> Indication:
        found = self.indications.get((option.id, question, answer))
        return found if found is not None else option.indication(question, answer)  # none: raises as it does

    def score(self, answers: Mapping[str, str]) -> Assessment:
        """Score one complete set of answers (question id -> option id). Pure and deterministic.

        Raises ValueError if a question is unanswered or answered with an unknown option.
        """
        rules = self.rules
        for q in rules.questions:
            if answers.get(q.id) not in self.answers[q.id]:
                raise ValueError(
                    f"question {q.id!r} needs one of {[o.id for o in q.options]}, got {answers.get(q.id)!r}"
                )
        signs = tuple(Sign(q.id, answers[q.id], self.answers[q.id][answers[q.id]].stages) for q in self.face)
        # Each answer fits a run of stages, so the stages all fit run from the latest start to the earliest end.
        low = max(self.levels[s.stages[0]] for s in signs)
        high = min(self.levels[s.stages[-1]] for s in signs)
        mixed = low > high
        stage = rules.stages[low]

        verdicts = []
        for option in self.options:
            fails: list[tuple[str, str]] = []
            needs: list[str] = []
            for q in self.face:
                found = self.indication(option, q.id, answers[q.id])
                if found.verdict == NOT:
                    fails.append((q.id, answers[q.id]))
                elif found.verdict == WITH and found.companion not in needs:
                    needs.append(found.companion)  # type: ignore[arg-type]  # a WITH verdict names its companion
            verdicts.append((option, tuple(fails), tuple(needs)))
        candidates = [] if mixed else [o for o, fails, _ in verdicts if o.stage == stage and not fails]
        chosen = next(
            (o for o in candidates if o.chosen_when is None or holds(o.chosen_when, answers, stage, "")),
            candidates[0] if candidates else None,
        )
        outcome = chosen.id if chosen else rules.consult

        def level(option_id: str, option_stage: str, fails: tuple[tuple[str, str], ...]) -> str:
            if fails:
                return POOR
            if mixed:
                return POSSIBLE
            if option_id == outcome:
                return GOOD
            if option_stage == stage:
                return ALSO
            return MORE if self.levels[option_stage] > low else LESS

        fits = tuple(Fit(o.id, level(o.id, o.stage, fails), fails, needs) for o, fails, needs in verdicts)  # type: ignore[arg-type]  # only the consult outcome has no stage
        picked = next((f for f in fits if f.outcome == outcome), None)
        addons = tuple(c for c in picked.needs if self.addons[c]) if picked else ()
        return Assessment(
            outcome=outcome,
            stage=stage,
            mixed=mixed,
            fits=fits,
            addons=addons,
            caveats=tuple(c.id for c in rules.caveats if holds(c.when, answers, stage, outcome)),
            signs=signs,
        )


def score(rules: Rules, answers: Mapping[str, str]) -> Assessment:
    """Score one complete set of answers (question id -> option id). Pure and deterministic.

    Raises ValueError if a question is unanswered or answered with an unknown option. To score many sets of
    answers under the same rules, make one Scorer and call its score().
    """
    return Scorer(rules).score(answers)


def main(argv: list[str]) -> int:
    """Print the result for answers given as question=option, with the real site's rules."""
    from pathlib import Path

    from ..api import REFERENCES_FILE, SiteError, read_references
    from .load import load_rules

    try:
        rules = load_rules(Path("data"), (), read_references(Path("data") / REFERENCES_FILE))
        result = score(rules, dict(arg.partition("=")[::2] for arg in argv))
    except (SiteError, ValueError) as error:
        print(error, file=sys.stderr)
        return 1
    print(f"outcome: {result.outcome} ({'mixed answers' if result.mixed else 'stage ' + result.stage})")
    for fit in result.fits:
        fails = ", ".join("=".join(a) for a in fit.fails)
        print(f"  {fit.outcome}: {fit.level}" + (f"; does not treat {fails}" if fails else ""))
    print(f"add-ons: {' '.join(result.addons) or '-'}; caveats: {' '.join(result.caveats) or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
