"""The self-assessment's rule model (data/rules.yaml) and its words (data/text/<lang>/assessment.yaml).

Each face answer fits one or more stages of aging; each option of the guide (an outcome) is meant for one
stage, treats some answers,
treats some only together with a named companion (an add-on such as the fat graft, or a combined step),
and does not treat the rest. These dataclasses are all the scorer, the checklist page and the widget read.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Question roles: face answers decide the stage; the goal chooses among the options that fit it; life
# answers (time off, budget, event) only add caveats.
FACE, GOAL, LIFE = "face", "goal", "life"
ROLES = (FACE, GOAL, LIFE)
TREATS, WITH, NOT = "treats", "with", "not"  # verdicts, from best to worst for the reader
VERDICTS = (TREATS, WITH, NOT)
# How well an option fits a set of answers (the scorer says when each applies).
GOOD, ALSO, MORE, LESS, POSSIBLE, POOR = "good", "also", "more", "less", "possible", "poor"
FITS = (GOOD, ALSO, MORE, LESS, POSSIBLE, POOR)


@dataclass(frozen=True)
class Answer:
    id: str
    stages: tuple[str, ...] = ()  # the run of stages a face answer fits (every stage, once loaded)


@dataclass(frozen=True)
class Question:
    id: str
    role: str
    options: tuple[Answer, ...]

    def option(self, option_id: str | None) -> Answer | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Indication:
    """What an outcome does for some face answers: treats them, treats them with a companion, or does not."""

    verdict: str
    answers: Mapping[str, tuple[str, ...]]  # question id -> option ids
    text: str | None  # id of the words for it, in the language files; None for "nothing to treat"
    source: str  # the statement of the source texts it rests on
    companion: str | None = None  # for WITH: what it must be combined with

    def covers(self, question: str, option: str) -> bool:
        return option in self.answers.get(question, ())


@dataclass(frozen=True)
class Limit:
    """Something an option cannot do that no question asks about (fine lines, permanence)."""

    text: str
    source: str


@dataclass(frozen=True)
class Outcome:
    id: str
    page: str  # key of the guide page a result links to
    stage: str | None  # the stage this option is for; None for the consult outcome
    indications: tuple[Indication, ...] = ()
    limits: tuple[Limit, ...] = ()
    chosen_when: Condition | None = None  # on the goal alone: when it is chosen among its stage's options

    def indication(self, question: str, option: str) -> Indication:
        return next(i for i in self.indications if i.covers(question, option))


@dataclass(frozen=True)
class Companion:
    """Something an outcome may need for some answers: an add-on of the guide, or a step combined with it."""

    id: str
    page: str
    addon: bool  # an add-on is named in the result's data-addons; a combined step only in its words


@dataclass(frozen=True)
class AnswerIn:
    question: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class StageIn:
    stages: tuple[str, ...]


@dataclass(frozen=True)
class OutcomeIn:
    outcomes: tuple[str, ...]


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


Condition = AnswerIn | StageIn | OutcomeIn | AllOf | AnyOf


@dataclass(frozen=True)
class Caveat:
    id: str
    when: Condition
    source: str


@dataclass(frozen=True)
class QuestionText:
    short: str
    legend: str
    hint: str
    error: str
    options: Mapping[str, str]


@dataclass(frozen=True)
class NamedText:
    name: str
    text: str


@dataclass(frozen=True)
class Texts:
    questions: Mapping[str, QuestionText]
    stages: Mapping[str, NamedText]
    outcomes: Mapping[str, NamedText]
    fits: Mapping[str, str]
    companions: Mapping[str, NamedText]
    indications: Mapping[str, str]
    caveats: Mapping[str, NamedText]
    summaries: Mapping[str, str]  # per option: its recovery and main risks, from the facts its page shows
    phrases: Mapping[str, str]
    path: Path | str = ""  # the file they came from, and the line of each text, for messages
    lines: Mapping[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Rules:
    stages: tuple[str, ...]  # least to most advanced
    consult: str  # the outcome for mixed answers, or answers no option treats
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]  # least to most invasive, the consult outcome last
    companions: tuple[Companion, ...]
    caveats: tuple[Caveat, ...]
    next_step: tuple[str, str]  # (page key, section id) every result sends the reader to next
    texts: Mapping[str, Texts] = field(default_factory=dict)

    @property
    def face(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.role == FACE)

    @property
    def goal(self) -> tuple[Question, ...]:
        return tuple(q for q in self.questions if q.role == GOAL)

    @property
    def options(self) -> tuple[Outcome, ...]:
        """The outcomes a reader can choose between: every one but the consult outcome."""
        return tuple(o for o in self.outcomes if o.id != self.consult)

    def outcome(self, outcome_id: str) -> Outcome:
        return next(o for o in self.outcomes if o.id == outcome_id)

    def companion(self, companion_id: str) -> Companion:
        return next(c for c in self.companions if c.id == companion_id)

    def level(self, stage: str) -> int:
        return self.stages.index(stage)
