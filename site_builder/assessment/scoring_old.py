"""Self-assessment: load and check the rule data, and score a set of answers.

The rules (data/rules.yaml) and their texts (data/text/<lang>/assessment.yaml) drive the
printable checklist, the widget (static/js/widget.js interprets the same data as JSON)
and `score` below. Nothing about a question, option, weight or outcome is written here:
both interpreters read it from the data, so an editor changes the YAML alone.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..engine.errors import Collector, SiteError
from ..engine.yamlio import LineDict, LineList, load_yaml

RULES_FILE = "rules.yaml"  # in the data folder
ID_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ROLES = ("anatomy", "context")
# Phrases the widget and the checklist need, with the placeholders each must keep.
PHRASES: Mapping[str, frozenset[str]] = {
    "result_heading": frozenset(),
    "best_fit": frozenset({"outcome"}),
    "mixed_lean": frozenset({"outcome"}),
    "read_guide": frozenset({"outcome"}),
    "addons_heading": frozenset(),
    "caveats_heading": frozenset(),
    "options_heading": frozenset(),
    "face_points_here": frozenset({"answers"}),
    "context_points_here": frozenset({"answers"}),
    "nothing_points_here": frozenset(),
    "answers_heading": frozenset(),
    "key_heading": frozenset(),
    "key_intro": frozenset(),
    "key_question": frozenset(),
    "key_answer": frozenset(),
    "key_points_to": frozenset(),
    "points_nowhere": frozenset(),
}
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


# --- rule data -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Option:
    id: str
    points_to: tuple[str, ...]
    severity: float | None = None  # anatomy options only


@dataclass(frozen=True)
class Question:
    id: str
    role: str  # "anatomy" decides the stage; "context" only feeds caveats
    options: tuple[Option, ...]
    weight: float | None = None

    def option(self, option_id: str | None) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True)
class Outcome:
    id: str
    page: str
    min_score: float | None = None  # set for stages, None for the "mixed" outcome


@dataclass(frozen=True)
class Mixed:
    outcome: str
    questions: tuple[str, ...]
    min_spread: float
    best_fit: str


@dataclass(frozen=True)
class FitLevel:
    id: str
    max_distance: float | None = None  # None: every distance left


@dataclass(frozen=True)
class AnswerIn:
    question: str
    options: tuple[str, ...]


@dataclass(frozen=True)
class OutcomeIn:
    outcomes: tuple[str, ...]


@dataclass(frozen=True)
class AllOf:
    items: tuple[Condition, ...]


@dataclass(frozen=True)
class AnyOf:
    items: tuple[Condition, ...]


Condition = AnswerIn | OutcomeIn | AllOf | AnyOf


@dataclass(frozen=True)
class Extra:
    """An add-on or a caveat: shown when its condition holds."""

    id: str
    when: Condition
    page: str | None = None


@dataclass(frozen=True)
class QuestionText:
    short: str
    legend: str
    error: str
    hint: str
    options: Mapping[str, str]


@dataclass(frozen=True)
class NamedText:
    name: str
    text: str


@dataclass(frozen=True)
class Texts:
    questions: Mapping[str, QuestionText]
    outcomes: Mapping[str, NamedText]
    fits: Mapping[str, str]
    addons: Mapping[str, NamedText]
    caveats: Mapping[str, NamedText]
    phrases: Mapping[str, str]


@dataclass(frozen=True)
class Rules:
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    mixed: Mixed
    fits: tuple[FitLevel, ...]
    addons: tuple[Extra, ...]
    caveats: tuple[Extra, ...]
    texts: Mapping[str, Texts] = field(default_factory=dict)

    @property
    def stages(self) -> tuple[Outcome, ...]:
        return tuple(o for o in self.outcomes if o.min_score is not None)

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def outcome(self, outcome_id: str) -> Outcome | None:
        return next((o for o in self.outcomes if o.id == outcome_id), None)


# --- result ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reason:
    """One answer and the outcomes its option points to."""

    question: str
    option: str
    outcomes: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    outcome: str
    stage: str  # the stage the face answers add up to, even when the outcome is "consult"
    mixed: bool
    points: float
    fits: Mapping[str, str]  # stage outcome id -> fit level id, least invasive first
    addons: tuple[str, ...]
    caveats: tuple[str, ...]
    reasons: tuple[Reason, ...]

    def to_json(self) -> dict[str, Any]:
        """The same shape the JavaScript interpreter returns, for comparing the two."""
        return {
            "outcome": self.outcome,
            "stage": self.stage,
            "mixed": self.mixed,
            "points": self.points,
            "fits": dict(self.fits),
            "addons": list(self.addons),
            "caveats": list(self.caveats),
            "reasons": [
                {"question": r.question, "option": r.option, "outcomes": list(r.outcomes)} for r in self.reasons
            ],
        }


# --- scoring ---------------------------------------------------------------------------------------------


def holds(condition: Condition, answers: Mapping[str, str], outcome: str) -> bool:
    """Evaluate the condition form documented in rules.yaml."""
    if isinstance(condition, AllOf):
        return all(holds(c, answers, outcome) for c in condition.items)
    if isinstance(condition, AnyOf):
        return any(holds(c, answers, outcome) for c in condition.items)
    if isinstance(condition, OutcomeIn):
        return outcome in condition.outcomes
    return answers.get(condition.question) in condition.options


def score(rules: Rules, answers: Mapping[str, str]) -> Result:
    """Score one complete set of answers (question id -> option id). Pure and deterministic.

    Raises ValueError if a question is unanswered or answered with an unknown option;
    answers to questions the rules do not know are ignored.
    """
    points: float = 0
    severities: dict[str, float] = {}
    reasons = []
    for q in rules.questions:
        option = q.option(answers.get(q.id))
        if option is None:
            raise ValueError(f"question {q.id!r} needs one of {[o.id for o in q.options]}, got {answers.get(q.id)!r}")
        if q.role == "anatomy":
            # A plain loop, not sum(): the widget adds in the same order, so floats agree too.
            points += q.weight * option.severity  # type: ignore[operator]
            severities[q.id] = option.severity  # type: ignore[assignment]
        reasons.append(Reason(q.id, option.id, option.points_to))

    stages = rules.stages
    stage_index = 0
    for i, stage in enumerate(stages):
        if points >= stage.min_score:  # type: ignore[operator]
            stage_index = i
    spread = [severities[q] for q in rules.mixed.questions]
    mixed = max(spread) - min(spread) >= rules.mixed.min_spread
    outcome = rules.mixed.outcome if mixed else stages[stage_index].id

    fit_ids = [f.id for f in rules.fits]
    floor = fit_ids.index(rules.mixed.best_fit) if mixed else 0
    fits = {}
    for i, stage in enumerate(stages):
        distance = abs(i - stage_index)
        level = 0
        while rules.fits[level].max_distance is not None and distance > rules.fits[level].max_distance:
            level += 1
        fits[stage.id] = fit_ids[max(level, floor)]

    return Result(
        outcome=outcome,
        stage=stages[stage_index].id,
        mixed=mixed,
        points=points,
        fits=fits,
        addons=tuple(a.id for a in rules.addons if holds(a.when, answers, outcome)),
        caveats=tuple(c.id for c in rules.caveats if holds(c.when, answers, outcome)),
        reasons=tuple(reasons),
    )


# --- what the page gets ----------------------------------------------------------------------------------


def condition_json(condition: Condition) -> dict[str, Any]:
    """A condition back in its YAML form, for the widget."""
    if isinstance(condition, AllOf):
        return {"all": [condition_json(c) for c in condition.items]}
    if isinstance(condition, AnyOf):
        return {"any": [condition_json(c) for c in condition.items]}
    if isinstance(condition, OutcomeIn):
        return {"outcome": list(condition.outcomes)}
    return {"question": condition.question, "in": list(condition.options)}


def rules_json(rules: Rules) -> dict[str, Any]:
    """The language-neutral rules as plain JSON data (what widget.js interprets)."""

    def option(o: Option) -> dict[str, Any]:
        d: dict[str, Any] = {"id": o.id, "points_to": list(o.points_to)}
        if o.severity is not None:
            d["severity"] = o.severity
        return d

    def question(q: Question) -> dict[str, Any]:
        d: dict[str, Any] = {"id": q.id, "role": q.role, "options": [option(o) for o in q.options]}
        if q.weight is not None:
            d["weight"] = q.weight
        return d

    def outcome(o: Outcome) -> dict[str, Any]:
        d: dict[str, Any] = {"id": o.id, "page": o.page}
        if o.min_score is not None:
            d["min_score"] = o.min_score
        return d

    def extra(e: Extra) -> dict[str, Any]:
        d: dict[str, Any] = {"id": e.id, "when": condition_json(e.when)}
        if e.page is not None:
            d["page"] = e.page
        return d

    return {
        "questions": [question(q) for q in rules.questions],
        "outcomes": [outcome(o) for o in rules.outcomes],
        "mixed": {
            "outcome": rules.mixed.outcome,
            "questions": list(rules.mixed.questions),
            "min_spread": rules.mixed.min_spread,
            "best_fit": rules.mixed.best_fit,
        },
        "fits": [
            {"id": f.id, **({"max_distance": f.max_distance} if f.max_distance is not None else {})} for f in rules.fits
        ],
        "addons": [extra(a) for a in rules.addons],
        "caveats": [extra(c) for c in rules.caveats],
    }


def texts_json(texts: Texts) -> dict[str, Any]:
    def named(m: Mapping[str, NamedText]) -> dict[str, dict[str, str]]:
        return {k: {"name": v.name, "text": v.text} for k, v in m.items()}

    return {
        "questions": {
            qid: {"short": t.short, "legend": t.legend, "error": t.error, "options": dict(t.options)}
            for qid, t in texts.questions.items()
        },
        "outcomes": named(texts.outcomes),
        "fits": dict(texts.fits),
        "addons": named(texts.addons),
        "caveats": named(texts.caveats),
        "phrases": dict(texts.phrases),
    }


def linked_pages(rules: Rules) -> list[str]:
    """The page keys that results link to."""
    return sorted({o.page for o in rules.outcomes} | {e.page for e in rules.addons + rules.caveats if e.page})


def widget_data(rules: Rules, lang: str, urls: Mapping[str, str]) -> dict[str, Any]:
    """JSON-able data for the page's <script type="application/json"> block.

    `urls` maps page keys to URLs; only the pages the rules link to are embedded.
    """
    used = linked_pages(rules)
    return {
        "rules": rules_json(rules),
        "text": texts_json(rules.texts[lang]),
        "urls": {key: urls[key] for key in used if key in urls},
    }


def input_id(question_id: str, option_id: str) -> str:
    """The id of an option's radio button (the error summary links to it)."""
    return f"sa-{question_id}-{option_id}"


def _hint_id(question_id: str) -> str:
    return f"sa-{question_id}-hint"


def _error_id(question_id: str) -> str:
    return f"sa-{question_id}-error"


def checklist_context(rules: Rules, lang: str) -> dict[str, Any]:
    """What templates/partials/assessment.html needs, in the page language."""
    t = rules.texts[lang]

    def names(ids: Sequence[str]) -> str:
        return ", ".join(t.outcomes[i].name for i in ids) if ids else t.phrases["points_nowhere"]

    questions = []
    for q in rules.questions:
        qt = t.questions[q.id]
        questions.append(
            {
                "id": q.id,
                "role": q.role,
                "short": qt.short,
                "legend": qt.legend,
                "hint": qt.hint,
                "error": qt.error,
                "hint_id": _hint_id(q.id),
                "error_id": _error_id(q.id),
                "options": [
                    {
                        "id": o.id,
                        "label": qt.options[o.id],
                        "input_id": input_id(q.id, o.id),
                        "points_to": names(o.points_to),
                    }
                    for o in q.options
                ],
            }
        )
    return {"questions": questions, "phrases": dict(t.phrases)}


# --- loading and checking --------------------------------------------------------------------------------


def load_rules(data_dir: Path, languages: Sequence[str]) -> Rules:
    """Read rules.yaml and each language's assessment.yaml; refuse bad data with file and line."""
    data_dir = Path(data_dir)
    path = data_dir / RULES_FILE
    problems = Collector()
    rules = _RuleReader(path, problems).read(load_yaml(path))
    problems.raise_if_any()
    assert rules is not None  # no problems means the reader built the rules
    texts: dict[str, Texts] = {}
    for lang in languages:
        text_path = data_dir / "text" / lang / "assessment.yaml"
        if not text_path.is_file():
            problems.add(text_path, f"is missing: the self-assessment needs its {lang!r} texts here")
            continue
        try:
            raw = load_yaml(text_path)
        except SiteError as exc:
            problems.extend(exc)
            continue
        found = _TextReader(text_path, problems, rules).read(raw)
        if found is not None:
            texts[lang] = found
    problems.raise_if_any()
    return Rules(rules.questions, rules.outcomes, rules.mixed, rules.fits, rules.addons, rules.caveats, texts)


def _among(value: Any, ids: Any) -> bool:
    """Membership that is simply False for a list or mapping typed where an id belongs."""
    return isinstance(value, str) and value in ids


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _line(container: Any, key: Any) -> int | None:
    """The line where container[key] stands (its key's line, for a mapping)."""
    if isinstance(container, (LineDict, LineList)):
        return container.line_of(key)
    return None


def _start(value: Any) -> int | None:
    return value.line if isinstance(value, (LineDict, LineList)) else None


class _Reader:
    def __init__(self, path: Path, problems: Collector):
        self.path = path
        self.problems = problems
        self.ok = True

    def fail(self, message: str, line: int | None) -> None:
        self.ok = False
        self.problems.add(self.path, message, line)

    def mapping(self, value: Any, what: str, line: int | None, keys: set[str], required: set[str]) -> bool:
        """Check `value` is a mapping with only `keys` and all of `required`."""
        if not isinstance(value, dict):
            self.fail(f"{what} must be a mapping (key: value lines)", line)
            return False
        good = True
        for key in value:
            if key not in keys:
                self.fail(
                    f"{what}: unknown key {key!r}; expected one of {', '.join(sorted(keys))}",
                    _line(value, key),
                )
                good = False
        for key in sorted(required - set(value)):
            self.fail(f"{what} needs {key!r}", _start(value) or line)
            good = False
        return good

    def sequence(self, value: Any, what: str, line: int | None, allow_empty: bool = False) -> bool:
        if not isinstance(value, list):
            self.fail(f"{what} must be a list", line)
            return False
        if not value and not allow_empty:
            self.fail(f"{what} must not be empty", line)
            return False
        return True

    def ident(self, value: Any, what: str, line: int | None) -> str | None:
        if not isinstance(value, str) or not ID_RE.match(value):
            self.fail(f"{what} must be an id of lower-case letters, digits and hyphens, got {value!r}", line)
            return None
        return value

    def number(self, value: Any, what: str, line: int | None, minimum: float = 0) -> float | None:
        if not _is_number(value):
            self.fail(f"{what} must be a number, got {value!r}", line)
            return None
        if value < minimum:
            self.fail(f"{what} must be {minimum} or more, got {value!r}", line)
            return None
        return value

    def unique(self, seen: dict[str, int | None], ident: str, what: str, line: int | None) -> None:
        if ident in seen:
            where = f" (first at line {seen[ident]})" if seen[ident] else ""
            self.fail(f"duplicate {what} id {ident!r}{where}", line)
        else:
            seen[ident] = line


class _RuleReader(_Reader):
    """Turns rules.yaml into Rules, reporting every problem it finds."""

    def read(self, raw: Any) -> Rules | None:
        keys = {"questions", "outcomes", "mixed", "fits", "addons", "caveats"}
        if not self.mapping(raw, "the rule file", 1, keys, keys - {"addons", "caveats"}):
            return None
        # Outcomes and fits first: questions and conditions refer to them.
        outcomes = self.outcomes(raw["outcomes"], raw.line_of("outcomes"))
        self.outcome_ids = {o.id for o in outcomes}
        fits = self.fits(raw["fits"], raw.line_of("fits"))
        questions = self.questions(raw["questions"], raw.line_of("questions"))
        self.options = {q.id: {o.id for o in q.options} for q in questions}
        mixed = self.mixed(raw["mixed"], raw.line_of("mixed"), questions, outcomes, fits)
        extras_seen: dict[str, int | None] = {}
        addons = self.extras(raw.get("addons", []), "add-on", raw.line_of("addons"), extras_seen)
        caveats = self.extras(raw.get("caveats", []), "caveat", raw.line_of("caveats"), extras_seen)
        if not self.ok or mixed is None:
            return None
        return Rules(tuple(questions), tuple(outcomes), mixed, tuple(fits), tuple(addons), tuple(caveats))

    def outcomes(self, raw: Any, line: int | None) -> list[Outcome]:
        result: list[Outcome] = []
        if not self.sequence(raw, "outcomes", line):
            return result
        seen: dict[str, int | None] = {}
        last_min: float | None = None
        for i, item in enumerate(raw):
            at = _line(raw, i)
            if not self.mapping(item, "an outcome", at, {"id", "page", "min_score"}, {"id", "page"}):
                continue
            ident = self.ident(item["id"], "outcome id", at)
            page = item["page"]
            # Whether a page has this key is checked once the pages are read (assemble_site).
            if not (isinstance(page, str) and ID_RE.match(page)):
                self.fail(f"outcome {item['id']!r}: {page!r} is not a page key", _line(item, "page"))
            min_score = None
            if "min_score" in item:
                min_score = self.number(item["min_score"], f"min_score of {item['id']!r}", _line(item, "min_score"))
                if min_score is not None:
                    if last_min is None and min_score != 0:
                        self.fail(
                            "the first stage must have min_score 0, so every answer has a stage",
                            _line(item, "min_score"),
                        )
                    elif last_min is not None and min_score <= last_min:
                        self.fail(
                            f"min_score of {item['id']!r} must be higher than the stage before "
                            f"({last_min}): list stages from least to most invasive",
                            _line(item, "min_score"),
                        )
                    last_min = min_score
            if ident:
                self.unique(seen, ident, "outcome", at)
                result.append(Outcome(ident, page, min_score))
        if last_min is None:
            self.fail("no outcome has a min_score: at least one stage is needed", line)
        return result

    def fits(self, raw: Any, line: int | None) -> list[FitLevel]:
        result: list[FitLevel] = []
        if not self.sequence(raw, "fits", line):
            return result
        seen: dict[str, int | None] = {}
        for i, item in enumerate(raw):
            at = _line(raw, i)
            if not self.mapping(item, "a fit level", at, {"id", "max_distance"}, {"id"}):
                continue
            ident = self.ident(item["id"], "fit id", at)
            last = i == len(raw) - 1
            distance = None
            if "max_distance" in item:
                distance = self.number(item["max_distance"], "max_distance", _line(item, "max_distance"))
                if last:
                    self.fail(
                        "the last fit level must have no max_distance: it takes every distance left",
                        _line(item, "max_distance"),
                    )
                elif (
                    result
                    and distance is not None
                    and result[-1].max_distance is not None
                    and distance <= result[-1].max_distance
                ):
                    self.fail("max_distance must grow from one fit level to the next", _line(item, "max_distance"))
            elif not last:
                self.fail(f"fit level {item['id']!r} needs max_distance (only the last may leave it out)", at)
            if ident:
                self.unique(seen, ident, "fit", at)
                result.append(FitLevel(ident, distance))
        return result

    def points_to(self, raw: Any, what: str, line: int | None) -> tuple[str, ...]:
        if not self.sequence(raw, what, line, allow_empty=True):
            return ()
        found = []
        for i, item in enumerate(raw):
            if not _among(item, self.outcome_ids):
                self.fail(
                    f"{what}: unknown outcome id {item!r}; expected one of {', '.join(sorted(self.outcome_ids))}",
                    _line(raw, i),
                )
            else:
                found.append(item)
        return tuple(found)

    def questions(self, raw: Any, line: int | None) -> list[Question]:
        result: list[Question] = []
        if not self.sequence(raw, "questions", line):
            return result
        seen: dict[str, int | None] = {}
        page_ids: dict[str, int | None] = {}  # the element ids the checklist page will get
        for i, item in enumerate(raw):
            at = _line(raw, i)
            if not self.mapping(item, "a question", at, {"id", "role", "weight", "options"}, {"id", "role", "options"}):
                continue
            ident = self.ident(item["id"], "question id", at)
            name = item["id"]
            role = item["role"]
            weight = None
            if not _among(role, ROLES):
                self.fail(
                    f"question {name!r}: role must be one of {', '.join(ROLES)}, got {role!r}",
                    _line(item, "role"),
                )
            elif role == "anatomy":
                if "weight" not in item:
                    self.fail(f"question {name!r} has no scoring: an anatomy question needs a weight", at)
                else:
                    weight = self.number(item["weight"], f"weight of question {name!r}", _line(item, "weight"))
            elif "weight" in item:
                self.fail(
                    f"question {name!r}: a context question has no weight (it never changes the stage)",
                    _line(item, "weight"),
                )
            options = self.question_options(item["options"], name, role, _line(item, "options"))
            if ident:
                self.unique(seen, ident, "question", at)
                result.append(Question(ident, role, tuple(options), weight))
                option_lines = item["options"] if isinstance(item["options"], list) else []
                for dom_id, dom_line in [(_hint_id(ident), at), (_error_id(ident), at)] + [
                    (input_id(ident, o.id), _line(option_lines, n)) for n, o in enumerate(options)
                ]:
                    if dom_id in page_ids:
                        self.fail(f"these ids would give two elements the page id {dom_id!r}; rename one", dom_line)
                    page_ids[dom_id] = dom_line
        return result

    def question_options(self, raw: Any, question: str, role: str, line: int | None) -> list[Option]:
        result: list[Option] = []
        if not self.sequence(raw, f"options of question {question!r}", line):
            return result
        if len(raw) < 2:
            self.fail(f"question {question!r} needs at least 2 options", line)
        seen: dict[str, int | None] = {}
        last_severity: float | None = None
        for i, item in enumerate(raw):
            at = _line(raw, i)
            if not self.mapping(
                item, f"an option of question {question!r}", at, {"id", "severity", "points_to"}, {"id"}
            ):
                continue
            ident = self.ident(item["id"], "option id", at)
            what = f"option {item['id']!r} of question {question!r}"
            if "points_to" not in item:
                self.fail(f"{what} has no scoring: it needs points_to (a list of outcome ids, may be [])", at)
                points_to: tuple[str, ...] = ()
            else:
                points_to = self.points_to(item["points_to"], f"points_to of {what}", _line(item, "points_to"))
            severity = None
            if role == "anatomy":
                if "severity" not in item:
                    self.fail(f"{what} has no scoring: an anatomy option needs a severity", at)
                else:
                    severity = self.number(item["severity"], f"severity of {what}", _line(item, "severity"))
                    if severity is not None and last_severity is not None and severity < last_severity:
                        self.fail(
                            f"severity of {what} is lower than the option before it: list options from "
                            "least to most severe",
                            _line(item, "severity"),
                        )
                    if severity is not None:
                        last_severity = severity
            elif "severity" in item:
                self.fail(f"{what}: a context option has no severity", _line(item, "severity"))
            if ident:
                self.unique(seen, ident, f"option (question {question!r})", at)
                result.append(Option(ident, points_to, severity))
        return result

    def mixed(
        self,
        raw: Any,
        line: int | None,
        questions: list[Question],
        outcomes: list[Outcome],
        fits: list[FitLevel],
    ) -> Mixed | None:
        keys = {"outcome", "questions", "min_spread", "best_fit"}
        if not self.mapping(raw, "mixed", line, keys, keys):
            return None
        outcome = raw["outcome"]
        target = next((o for o in outcomes if o.id == outcome), None)
        if target is None:
            self.fail(f"mixed: unknown outcome id {outcome!r}", _line(raw, "outcome"))
        elif target.min_score is not None:
            self.fail(
                f"mixed: outcome {outcome!r} is a stage (it has a min_score); use an outcome of its own",
                _line(raw, "outcome"),
            )
        anatomy = {q.id for q in questions if q.role == "anatomy"}
        names = raw["questions"]
        if self.sequence(names, "mixed: questions", _line(raw, "questions")):
            for i, name in enumerate(names):
                if not _among(name, anatomy):
                    self.fail(f"mixed: {name!r} is not an anatomy question", _line(names, i))
        spread = self.number(raw["min_spread"], "mixed: min_spread", _line(raw, "min_spread"))
        if spread is not None and spread <= 0:
            self.fail("mixed: min_spread must be above 0", _line(raw, "min_spread"))
        if not _among(raw["best_fit"], {f.id for f in fits}):
            self.fail(f"mixed: unknown fit id {raw['best_fit']!r}", _line(raw, "best_fit"))
        for o in outcomes:
            if o.min_score is None and o.id != outcome:
                self.fail(
                    f"outcome {o.id!r} has no min_score and is not the mixed outcome: it can never be reached",
                    None,
                )
        if not self.ok:
            return None
        return Mixed(outcome, tuple(names), spread, raw["best_fit"])  # type: ignore[arg-type]

    def extras(self, raw: Any, kind: str, line: int | None, seen: dict[str, int | None]) -> list[Extra]:
        result: list[Extra] = []
        if not self.sequence(raw, f"{kind}s", line, allow_empty=True):
            return result
        for i, item in enumerate(raw):
            at = _line(raw, i)
            if not self.mapping(item, f"a {kind}", at, {"id", "page", "when"}, {"id", "when"}):
                continue
            ident = self.ident(item["id"], f"{kind} id", at)
            page = item.get("page")
            if page is not None and not (isinstance(page, str) and ID_RE.match(page)):
                self.fail(f"{kind} {item['id']!r}: {page!r} is not a page key", _line(item, "page"))
            when = self.condition(item["when"], f"{kind} {item['id']!r}", _line(item, "when"))
            if ident:
                self.unique(seen, ident, "add-on or caveat", at)
                if ident in self.outcome_ids:
                    self.fail(f"{kind} id {ident!r} is already an outcome id", at)
                if when is not None:
                    result.append(Extra(ident, when, page))
        return result

    def condition(self, raw: Any, what: str, line: int | None) -> Condition | None:
        forms = "{question: q, in: [...]}, {outcome: [...]}, {all: [...]} or {any: [...]}"
        if not isinstance(raw, dict) or not raw:
            self.fail(f"{what}: a condition must be one of {forms}", line)
            return None
        at = _start(raw) or line
        keys = set(raw)
        if keys in ({"all"}, {"any"}):
            key = next(iter(keys))
            items = raw[key]
            if not self.sequence(items, f"{what}: {key}", _line(raw, key)):
                return None
            parsed = [self.condition(c, what, _line(items, i)) for i, c in enumerate(items)]
            if any(c is None for c in parsed):
                return None
            return (AllOf if key == "all" else AnyOf)(tuple(parsed))  # type: ignore[arg-type]
        if keys == {"outcome"}:
            ids = raw["outcome"]
            if not self.sequence(ids, f"{what}: outcome", _line(raw, "outcome")):
                return None
            good = True
            for i, o in enumerate(ids):
                if not _among(o, self.outcome_ids):
                    self.fail(f"{what}: the condition names an unknown outcome {o!r}", _line(ids, i))
                    good = False
            return OutcomeIn(tuple(ids)) if good else None
        if keys == {"question", "in"}:
            question = raw["question"]
            if not _among(question, self.options):
                self.fail(f"{what}: the condition names an unknown question {question!r}", _line(raw, "question"))
                return None
            ids = raw["in"]
            if not self.sequence(ids, f"{what}: in", _line(raw, "in")):
                return None
            good = True
            for i, o in enumerate(ids):
                if not _among(o, self.options[question]):
                    self.fail(f"{what}: question {question!r} has no option {o!r}", _line(ids, i))
                    good = False
            return AnswerIn(question, tuple(ids)) if good else None
        self.fail(f"{what}: a condition must be one of {forms}, got keys {', '.join(sorted(map(str, keys)))}", at)
        return None


class _TextReader(_Reader):
    """Reads one language's assessment.yaml and checks it covers exactly the rule ids."""

    def __init__(self, path: Path, problems: Collector, rules: Rules):
        super().__init__(path, problems)
        self.rules = rules

    def text(self, container: Any, key: str, what: str) -> str:
        value = container.get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail(f"{what} must be some text", _line(container, key))
            return ""
        return value.strip()

    def ids(self, raw: Any, expected: Sequence[str], what: str, line: int | None) -> bool:
        """Check a mapping has a text for each expected id and nothing else."""
        if not isinstance(raw, dict):
            self.fail(f"{what} must be a mapping from ids to texts", line)
            return False
        for key in raw:
            if not _among(key, expected):
                self.fail(
                    f"{what}: {key!r} is not an id in rules.yaml (expected {', '.join(expected)})",
                    _line(raw, key),
                )
        for key in expected:
            if key not in raw:
                # Point at the key above the list (e.g. "options:"), where the text belongs.
                self.fail(f"{what}: missing translation for {key!r}", line)
        return True

    def named(self, raw: Any, expected: Sequence[str], what: str, line: int | None) -> dict[str, NamedText]:
        result: dict[str, NamedText] = {}
        if not self.ids(raw, expected, what, line):
            return result
        for key in expected:
            if key in raw and self.mapping(
                raw[key], f"{what} {key!r}", _line(raw, key), {"name", "text"}, {"name", "text"}
            ):
                result[key] = NamedText(
                    self.text(raw[key], "name", f"name of {key!r}"),
                    self.text(raw[key], "text", f"text of {key!r}"),
                )
        return result

    def read(self, raw: Any) -> Texts | None:
        keys = {"questions", "outcomes", "fits", "addons", "caveats", "phrases"}
        if not self.mapping(raw, "the self-assessment text file", 1, keys, keys):
            return None
        r = self.rules
        questions: dict[str, QuestionText] = {}
        qraw = raw["questions"]
        if self.ids(qraw, [q.id for q in r.questions], "questions", raw.line_of("questions")):
            for q in r.questions:
                item = qraw.get(q.id)
                if item is None or not self.mapping(
                    item,
                    f"question {q.id!r}",
                    _line(qraw, q.id),
                    {"short", "legend", "hint", "error", "options"},
                    {"short", "legend", "hint", "error", "options"},
                ):
                    continue
                options = item["options"]
                labels = {}
                if self.ids(
                    options,
                    [o.id for o in q.options],
                    f"options of question {q.id!r}",
                    item.line_of("options"),
                ):
                    labels = {o.id: self.text(options, o.id, f"option {o.id!r}") for o in q.options if o.id in options}
                questions[q.id] = QuestionText(
                    short=self.text(item, "short", f"short name of {q.id!r}"),
                    legend=self.text(item, "legend", f"legend of {q.id!r}"),
                    error=self.text(item, "error", f"error message of {q.id!r}"),
                    hint=self.text(item, "hint", f"hint of {q.id!r}"),
                    options=labels,
                )
        outcomes = self.named(raw["outcomes"], [o.id for o in r.outcomes], "outcomes", raw.line_of("outcomes"))
        fits: dict[str, str] = {}
        if self.ids(raw["fits"], [f.id for f in r.fits], "fits", raw.line_of("fits")):
            fits = {f.id: self.text(raw["fits"], f.id, f"fit {f.id!r}") for f in r.fits if f.id in raw["fits"]}
        addons = self.named(raw["addons"] or {}, [a.id for a in r.addons], "addons", raw.line_of("addons"))
        caveats = self.named(raw["caveats"] or {}, [c.id for c in r.caveats], "caveats", raw.line_of("caveats"))
        phrases: dict[str, str] = {}
        praw = raw["phrases"]
        if self.ids(praw, list(PHRASES), "phrases", raw.line_of("phrases")):
            for key, wanted in PHRASES.items():
                if key not in praw:
                    continue
                value = self.text(praw, key, f"phrase {key!r}")
                found = set(PLACEHOLDER_RE.findall(value))
                if value and found != wanted:
                    need = ", ".join("{" + p + "}" for p in sorted(wanted)) or "no placeholder"
                    self.fail(f"phrase {key!r} must contain {need}", _line(praw, key))
                phrases[key] = value
        if not self.ok:
            return None
        return Texts(questions, outcomes, fits, addons, caveats, phrases)
