"""Read data/rules.yaml and data/text/<lang>/assessment.yaml into Rules, refusing bad data by file and line.

The shape of both files is checked by the one validator (engine/base/schema.py); what it cannot see alone
(ids that refer to each other, every answer covered once, stages that never go back with severity,
results the printed key can give and that never grow less invasive with severity) is checked here,
each problem at the line an editor should fix.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from ..api import Collector, LineDict, Reference, SiteError, citation_problem, load_yaml
from ..api import schema as s
from .model import (
    FACE,
    FITS,
    GOAL,
    LIFE,
    ROLES,
    TREATS,
    VERDICTS,
    WITH,
    AllOf,
    Answer,
    AnswerIn,
    AnyOf,
    Caveat,
    Companion,
    Condition,
    Indication,
    Limit,
    NamedText,
    Outcome,
    OutcomeIn,
    Question,
    QuestionText,
    Rules,
    StageIn,
    Texts,
)

RULES_FILE = "rules.yaml"  # in the data folder
TEXT_FILE = "assessment.yaml"  # in data/text/<lang>/
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
# Phrases the widget and the checklist need, with the placeholders each must keep.
PHRASES: dict[str, frozenset[str]] = {
    "result_heading": frozenset(),
    "updated": frozenset(),
    "best_fit": frozenset({"outcome"}),
    "read_guide": frozenset({"outcome"}),
    "best_fit_with": frozenset({"outcome", "companions"}),
    "why_stage": frozenset({"stage"}),
    "why_goal": frozenset({"goal"}),
    "why_mixed": frozenset(),
    "why_none": frozenset(),
    "next_heading": frozenset(),
    "next_text": frozenset(),
    "next_link": frozenset(),
    "signs_heading": frozenset(),
    "sign_fits": frozenset({"answer", "stages"}),
    "every_stage": frozenset(),
    "mixed_heading": frozenset(),
    "mixed_group": frozenset({"stage", "options", "answers"}),
    "addons_heading": frozenset(),
    "caveats_heading": frozenset(),
    "options_heading": frozenset(),
    "does_not_treat": frozenset({"answers"}),
    "together_with": frozenset({"companions"}),
    "answers_heading": frozenset(),
    "key_heading": frozenset(),
    "key_intro": frozenset(),
    "key_step_signs": frozenset(),
    "key_step_mixed": frozenset({"outcome"}),
    "key_step_stage": frozenset(),
    "key_step_addons": frozenset(),
    "key_step_caveats": frozenset(),
    "key_question": frozenset(),
    "key_answer": frozenset(),
    "key_sign": frozenset(),
    "key_stage": frozenset(),
    "key_goal": frozenset(),
    "key_any_goal": frozenset(),
    "key_result": frozenset(),
    "key_addon_when": frozenset({"outcome", "answers"}),
    "key_caveat_when": frozenset({"condition"}),
    "and": frozenset(),
    "or": frozenset(),
    "answer_is": frozenset({"question", "answers"}),
    "stage_is": frozenset({"stages"}),
    "outcome_is": frozenset({"outcomes"}),
}


def ident(value: Any) -> str | None:
    if isinstance(value, str) and ID.fullmatch(value):
        return None
    return "must be an id of lower-case letters, digits and single hyphens"


def _boolean(value: Any) -> str | None:
    return None if isinstance(value, bool) else "must be true or false"


_ANSWERS = s.map_of(ident, s.list_of(ident, allow_empty=False), allow_empty=False)
_OPTION = s.mapping_of(
    {
        "id": s.Field(ident),
        "stages": s.Field(s.list_of(ident, allow_empty=False), required=False),
        "source": s.Field(s.text, required=False),
    }
)
_INDICATION = s.mapping_of(
    {
        "verdict": s.Field(s.one_of(*VERDICTS)),
        "answers": s.Field(_ANSWERS),
        "text": s.Field(lambda v: None if v is None else ident(v)),
        "source": s.Field(s.text),
        "companion": s.Field(ident, required=False),
    }
)
_OUTCOME = s.mapping_of(
    {
        "id": s.Field(ident),
        "page": s.Field(ident),
        "stage": s.Field(ident, required=False),
        "chosen_when": s.Field(lambda v: None, required=False),
        "chosen_source": s.Field(s.text, required=False),
        "indications": s.Field(s.list_of(_INDICATION), required=False),
        "limits": s.Field(s.list_of(s.mapping_of({"text": s.Field(ident), "source": s.Field(s.text)})), required=False),
    }
)
_RULES = {
    "stages": s.Field(s.list_of(ident, allow_empty=False)),
    "next_step": s.Field(s.mapping_of({"page": s.Field(ident), "section": s.Field(ident)})),
    "questions": s.Field(
        s.list_of(
            s.mapping_of(
                {"id": s.Field(ident), "role": s.Field(s.one_of(*ROLES)), "options": s.Field(s.list_of(_OPTION))}
            ),
            allow_empty=False,
        )
    ),
    "companions": s.Field(
        s.list_of(s.mapping_of({"id": s.Field(ident), "page": s.Field(ident), "addon": s.Field(_boolean)})),
        required=False,
    ),
    "outcomes": s.Field(s.list_of(_OUTCOME, allow_empty=False)),
    "caveats": s.Field(
        s.list_of(s.mapping_of({"id": s.Field(ident), "source": s.Field(s.text), "when": s.Field(lambda v: None)})),
        required=False,
    ),
}


def input_id(question: str, option: str) -> str:
    """The id of an option's radio button (the error summary links to it)."""
    return f"sa-{question}-{option}"


def hint_id(question: str) -> str:
    return f"sa-{question}-hint"


def error_id(question: str) -> str:
    return f"sa-{question}-error"


def load_rules(
    data_dir: Path,
    languages: Sequence[str],
    references: Mapping[str, Reference],
    text_files: Mapping[str, Path] | None = None,
) -> Rules:
    """Read rules.yaml and each language's assessment.yaml; every problem names its file and line.

    Each entry's `source` must start with the id of one of `references` (data/sources.yaml). `text_files`
    names a language's texts where they are not data/text/<lang>/ (a draft language's, in the preview).
    """
    path = Path(data_dir) / RULES_FILE
    raw = load_yaml(path)
    problems = Collector()
    if not s.validate(raw, _RULES, path, problems):
        problems.raise_if_any()
    rules = _RuleReader(path, problems, references).read(raw)
    problems.raise_if_any()
    texts = {}
    for lang in languages:
        text_path = (text_files or {}).get(lang) or Path(data_dir) / "text" / lang / TEXT_FILE
        if not text_path.is_file():
            problems.add(text_path, f"is missing: the self-assessment needs its {lang!r} texts here")
            continue
        try:
            texts[lang] = _read_texts(text_path, load_yaml(text_path), rules, problems)
        except SiteError as error:
            problems.extend(error)
    problems.raise_if_any()
    return Rules(**{**rules.__dict__, "texts": texts})


class _RuleReader:
    """The checks across the rule file that its shape alone does not show."""

    def __init__(self, path: Path, problems: Collector, references: Mapping[str, Reference]):
        self.path = path
        self.problems = problems
        self.references = references

    def fail(self, message: str, line: int | None) -> None:
        self.problems.add(self.path, message, line)

    def unique(self, items: Sequence[Any], what: str) -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            name = item["id"] if isinstance(item, dict) else item
            line = s.line_in(items, index, None)
            if name in seen:
                self.fail(f"the {what} id '{name}' appears twice (first at line {seen[name]})", line)
            seen.setdefault(name, line or 0)

    def source(self, text: str, line: int | None) -> str:
        problem = citation_problem(text, self.references)
        if problem:
            self.fail(f"the source {problem}", line)
        return text

    def read(self, raw: LineDict) -> Rules:
        stages = tuple(raw["stages"])
        self.unique(raw["stages"], "stage")
        questions = [self.question(q) for q in raw["questions"]]
        self.unique(raw["questions"], "question")
        self.check_page_ids(raw["questions"])
        self.options = {q.id: [o.id for o in q.options] for q in questions}
        if not any(q.role == FACE for q in questions):
            self.fail(
                "at least one question needs role: face: the face answers decide the outcome", raw.line_of("questions")
            )
        questions = [self.stages_of(q, rq, stages) for q, rq in zip(questions, raw["questions"], strict=True)]
        self.face = [q for q in questions if q.role == FACE]
        self.goal = {q.id for q in questions if q.role == GOAL}
        companions = [Companion(c["id"], c["page"], c["addon"]) for c in raw.get("companions") or []]
        self.unique(raw.get("companions") or [], "companion")
        self.companions = {c.id for c in companions}
        self.outcome_ids = [ro["id"] for ro in raw["outcomes"]]
        outcomes = self.outcomes(raw["outcomes"], stages, raw.line_of("outcomes"))
        self.outcome_ids = [o.id for o in outcomes]
        caveats = []
        for rc in raw.get("caveats") or []:
            when = self.condition(rc["when"], f"caveat '{rc['id']}'", rc.line_of("when"), stages)
            caveats.append(Caveat(rc["id"], when, self.source(rc["source"], rc.line_of("source"))))  # type: ignore[arg-type]  # a failed condition is reported, and the rules not built
        self.unique(raw.get("caveats") or [], "caveat")
        clash = {c.id for c in caveats} & (set(self.outcome_ids) | self.companions)
        for rc in raw.get("caveats") or []:
            if rc["id"] in clash:
                self.fail(f"the caveat id '{rc['id']}' is already an outcome or companion id", rc.line)
        consult = outcomes[-1].id if outcomes and outcomes[-1].stage is None else ""
        next_step = (raw["next_step"]["page"], raw["next_step"]["section"])
        rules = Rules(stages, consult, tuple(questions), tuple(outcomes), tuple(companions), tuple(caveats), next_step)
        if not self.problems.problems:
            self.check_key(rules, raw.line_of("outcomes"))
        return rules

    def question(self, raw: LineDict) -> Question:
        options = []
        for ro in raw["options"]:
            if raw["role"] == FACE and "source" not in ro:
                self.fail(f"option '{ro['id']}' of question '{raw['id']}' needs a source: what it rests on", ro.line)
            elif raw["role"] != FACE and ({"stages", "source"} & set(ro)):
                self.fail(f"option '{ro['id']}': only a face question's options fit stages", ro.line)
            if "source" in ro:
                self.source(ro["source"], ro.line_of("source"))
            options.append(Answer(ro["id"], tuple(ro.get("stages") or ())))
        if len(options) < 2:
            self.fail(f"question '{raw['id']}' needs at least 2 options", raw.line_of("options"))
        self.unique(raw["options"], f"option (question '{raw['id']}')")
        return Question(raw["id"], raw["role"], tuple(options))

    def stages_of(self, q: Question, raw: LineDict, stages: tuple[str, ...]) -> Question:
        """A face answer fits a run of neighbouring stages (all, when it names none); a more severe
        answer's run never starts or ends earlier than a milder one's."""
        if q.role != FACE:
            return q
        options, before = [], (0, 0)
        for option, ro in zip(q.options, raw["options"], strict=True):
            named = option.stages or stages
            at = ro.line_of("stages") or ro.line
            unknown = [x for x in named if x not in stages]
            if unknown:
                self.fail(f"'{unknown[0]}' is not a stage (stages: {', '.join(stages)})", at)
                options.append(option)
                continue
            levels = sorted(stages.index(x) for x in named)
            if levels != list(range(levels[0], levels[-1] + 1)) or len(set(levels)) != len(levels):
                self.fail("an answer fits one stage or a run of neighbouring stages, each named once", at)
            elif (levels[0], levels[-1]) < before or levels[-1] < before[1]:
                self.fail(
                    f"question '{q.id}': option '{option.id}' fits earlier stages than the option before it: "
                    "list options from least to most severe",
                    at,
                )
            else:
                before = (levels[0], levels[-1])
            options.append(Answer(option.id, tuple(stages[i] for i in levels)))
        return Question(q.id, q.role, tuple(options))

    def check_page_ids(self, raw: Sequence[LineDict]) -> None:
        """Ids must stay distinct once joined into the page's element ids."""
        seen: dict[str, int] = {}
        for rq in raw:
            names = [(hint_id(rq["id"]), rq.line), (error_id(rq["id"]), rq.line)]
            names += [(input_id(rq["id"], ro["id"]), ro.line) for ro in rq["options"]]
            for name, line in names:
                if name in seen and seen[name] != line:
                    self.fail(f"these ids would give two elements the page id '{name}'; rename one", line)
                seen.setdefault(name, line)

    def outcomes(self, raw: Sequence[LineDict], stages: tuple[str, ...], line: int | None) -> list[Outcome]:
        self.unique(raw, "outcome")
        result = []
        consults = [ro for ro in raw if "stage" not in ro]
        if len(consults) != 1 or raw[-1] is not consults[0]:
            self.fail(
                "exactly one outcome, the last, has no stage: the one for mixed answers (consult)",
                consults[1].line if len(consults) > 1 else line,
            )
        last = -1
        for ro in raw:
            stage = ro.get("stage")
            if stage is not None:
                if stage not in stages:
                    self.fail(f"stage: '{stage}' is not a stage (stages: {', '.join(stages)})", ro.line_of("stage"))
                elif stages.index(stage) < last:
                    self.fail(
                        f"outcome '{ro['id']}' is for an earlier stage than the one before it: list outcomes "
                        "from least to most invasive",
                        ro.line_of("stage"),
                    )
                else:
                    last = stages.index(stage)
                indications = self.indications(ro)
            else:
                indications = ()
                for key in ("indications", "limits", "chosen_when"):
                    if key in ro:
                        self.fail(f"outcome '{ro['id']}' is for mixed answers: it has no {key}", ro.line_of(key))
            limits = tuple(
                Limit(rl["text"], self.source(rl["source"], rl.line_of("source"))) for rl in ro.get("limits") or []
            )
            result.append(Outcome(ro["id"], ro["page"], stage, indications, limits, self.chosen_when(ro, stages)))
        return result

    def chosen_when(self, ro: LineDict, stages: tuple[str, ...]) -> Condition | None:
        """When the goal chooses this option among its stage's: a condition on goal answers only."""
        if "chosen_when" not in ro:
            if "chosen_source" in ro:
                self.fail("chosen_source belongs with a chosen_when", ro.line_of("chosen_source"))
            return None
        at = ro.line_of("chosen_when")
        if "chosen_source" not in ro:
            self.fail(f"outcome '{ro['id']}' needs chosen_source: what the choice by goal rests on", at)
        else:
            self.source(ro["chosen_source"], ro.line_of("chosen_source"))
        condition = self.condition(ro["chosen_when"], f"outcome '{ro['id']}' chosen_when", at, stages)

        def goal_only(c: Condition | None) -> bool:
            if isinstance(c, AllOf | AnyOf):
                return all(goal_only(i) for i in c.items)
            return isinstance(c, AnswerIn) and c.question in self.goal

        if condition is not None and not goal_only(condition):
            names = ", ".join(sorted(self.goal)) or "none"
            self.fail(
                "chosen_when may only ask about the goal (questions with role: goal: " + names + "): "
                "the face answers decide the stage, and life answers never change the outcome",
                at,
            )
        return condition

    def indications(self, ro: LineDict) -> tuple[Indication, ...]:
        found = []
        covered: dict[tuple[str, str], int] = {}
        face = {q.id for q in self.face}
        for ri in ro.get("indications") or []:
            verdict, companion = ri["verdict"], ri.get("companion")
            if verdict == WITH and companion is None:
                self.fail("a 'with' verdict needs a companion: what the option must be combined with", ri.line)
            elif verdict != WITH and companion is not None:
                self.fail(f"only a 'with' verdict has a companion, not '{verdict}'", ri.line_of("companion"))
            elif companion is not None and companion not in self.companions:
                known = ", ".join(sorted(self.companions)) or "none"
                self.fail(f"'{companion}' is not a companion (known: {known})", ri.line_of("companion"))
            if verdict != TREATS and ri["text"] is None:
                self.fail(f"a '{verdict}' verdict needs a text: the reader must be told why", ri.line_of("text"))
            answers = ri["answers"]
            for question, options in answers.items():
                at = answers.line_of(question)
                if question not in face:
                    self.fail(f"'{question}' is not a face question ({', '.join(sorted(face))})", at)
                    continue
                for option in options:
                    if option not in self.options[question]:
                        self.fail(f"question '{question}' has no option '{option}'", at)
                    elif (question, option) in covered:
                        self.fail(
                            f"outcome '{ro['id']}' already has a verdict for {question}: {option} "
                            f"(line {covered[question, option]}): give each answer one",
                            at,
                        )
                    else:
                        covered[question, option] = at
            found.append(
                Indication(
                    verdict,
                    {q: tuple(o) for q, o in answers.items()},
                    ri["text"],
                    self.source(ri["source"], ri.line_of("source")),
                    companion,
                )
            )
        for q in self.face:
            for o in q.options:
                if (q.id, o.id) not in covered:
                    self.fail(
                        f"outcome '{ro['id']}' says nothing of {q.id}: {o.id}; add it under treats, with or not",
                        ro.line_of("indications"),
                    )
        return tuple(found)

    def condition(self, raw: Any, what: str, line: int | None, stages: tuple[str, ...]) -> Condition | None:
        forms = "{question: q, in: [...]}, {stage: [...]}, {outcome: [...]}, {all: [...]} or {any: [...]}"
        keys = set(raw) if isinstance(raw, dict) else None
        at = raw.line if isinstance(raw, LineDict) else line

        def ids(values: Any, known: Sequence[str], kind: str) -> tuple[str, ...]:
            if not isinstance(values, list) or not values:
                self.fail(f"{what}: a list of {kind} ids is needed here", at)
                return ()
            for value in values:
                if value not in known:
                    self.fail(f"{what}: '{value}' is not {kind} id (known: {', '.join(known)})", at)
            return tuple(values)

        if keys in ({"all"}, {"any"}):
            key = next(iter(keys))
            items = raw[key]
            if not isinstance(items, list) or not items:
                self.fail(f"{what}: '{key}' needs a list of conditions", at)
                return None
            parsed = tuple(self.condition(c, what, s.line_in(items, i, at), stages) for i, c in enumerate(items))
            return (AllOf if key == "all" else AnyOf)(parsed)  # type: ignore[arg-type]  # as above: a failed part is reported
        if keys == {"stage"}:
            return StageIn(ids(raw["stage"], stages, "a stage"))
        if keys == {"outcome"}:
            return OutcomeIn(ids(raw["outcome"], self.outcome_ids, "an outcome"))
        if keys == {"question", "in"}:
            if raw["question"] not in self.options:
                self.fail(f"{what}: '{raw['question']}' is not a question", at)
                return None
            return AnswerIn(raw["question"], ids(raw["in"], self.options[raw["question"]], "an option"))
        self.fail(f"{what}: a condition must be one of {forms}", at)
        return None

    def check_key(self, rules: Rules, line: int | None) -> None:
        """The printed key gives one result per stage and goal, and a more severe face answer never
        gives a less invasive result (leaving consult aside): the rules must make both so."""
        from .scorer import Scorer

        found: dict[tuple[str, str], set[str]] = {}
        goals = [[(q.id, o.id) for o in q.options] for q in rules.goal]
        life = {q.id: q.options[0].id for q in rules.questions if q.role == LIFE}
        face = [[(q.id, o.id) for o in q.options] for q in rules.face]
        rank = {o.id: index for index, o in enumerate(rules.outcomes)}
        outcome: dict[tuple[tuple[str, str], ...], str] = {}
        scorer = Scorer(rules)
        for combo in itertools.product(*face, *goals):
            result = scorer.score({**dict(combo), **life})
            outcome[combo] = result.outcome
            if not result.mixed:
                goal = combo[len(face) :]
                found.setdefault((result.stage, str(goal)), set()).add(result.outcome)
        worse = _first_step_down(outcome, face, rank, rules.consult)
        if worse:
            combo, index, option, was, other = worse
            question, answer = combo[index]
            self.fail(
                f"a more severe answer gives a less invasive result: {question}: {option} instead of {answer} "
                f"turns {was} into {other} ({', '.join('='.join(a) for a in combo)})",
                line,
            )
        for (stage, _), outcomes in found.items():
            if len(outcomes) > 1:
                self.fail(
                    f"at the {stage} stage these rules give different outcomes ({', '.join(sorted(outcomes))}) for "
                    "the same goal; the printed key gives one result per stage and goal, so make the indications agree",
                    line,
                )
                return


def _first_step_down(
    outcome: Mapping[tuple[tuple[str, str], ...], str],
    face: Sequence[Sequence[tuple[str, str]]],
    rank: Mapping[str, int],
    consult: str,
) -> tuple[tuple[tuple[str, str], ...], int, str, str, str] | None:
    """The first answer set where one face answer made more severe gives a less invasive outcome (consult aside):
    the set, the answer's index, the more severe option, and the outcomes before and after."""
    for combo, result in outcome.items():
        for index, (question, answer) in enumerate(combo[: len(face)]):
            options = [o for _, o in face[index]]
            for option in options[options.index(answer) + 1 :]:
                other = outcome[(*combo[:index], (question, option), *combo[index + 1 :])]
                if consult not in (result, other) and rank[other] < rank[result]:
                    return combo, index, option, result, other
    return None


def _read_texts(path: Path, raw: Any, rules: Rules, problems: Collector) -> Texts:
    """One language's words for every id of the rules: all of them, and nothing else."""

    def named(ids: Sequence[str]) -> s.Shape:
        return s.mapping_of({i: s.Field(s.mapping_of({"name": s.Field(s.text), "text": s.Field(s.text)})) for i in ids})

    def texts(ids: Sequence[str]) -> s.Shape:
        return s.mapping_of({i: s.Field(s.text) for i in ids})

    question = {
        q.id: s.Field(
            s.mapping_of(
                {
                    "short": s.Field(s.text),
                    "legend": s.Field(s.text),
                    "hint": s.Field(s.text),
                    "error": s.Field(s.text),
                    "options": s.Field(texts([o.id for o in q.options])),
                }
            )
        )
        for q in rules.questions
    }
    indication_ids = sorted(
        {i.text for o in rules.outcomes for i in o.indications if i.text}
        | {lim.text for o in rules.outcomes for lim in o.limits}
    )
    fields = {
        "questions": s.Field(s.mapping_of(question)),
        "stages": s.Field(named(rules.stages)),
        "outcomes": s.Field(named([o.id for o in rules.outcomes])),
        "fits": s.Field(texts(FITS)),
        "companions": s.Field(named([c.id for c in rules.companions]), required=bool(rules.companions)),
        "indications": s.Field(texts(indication_ids)),
        "caveats": s.Field(named([c.id for c in rules.caveats]), required=bool(rules.caveats)),
        "summaries": s.Field(texts([o.id for o in rules.options])),
        "phrases": s.Field(texts(list(PHRASES))),
    }
    before = len(problems.problems)
    if not s.validate(raw, fields, path, problems) or len(problems.problems) > before:
        return Texts({}, {}, {}, {}, {}, {}, {}, {}, {})
    for key, wanted in PHRASES.items():
        found = set(PLACEHOLDER.findall(raw["phrases"][key]))
        if found != wanted:
            need = ", ".join("{" + p + "}" for p in sorted(wanted)) or "no placeholder"
            problems.add(path, f"phrase '{key}' must contain {need}", raw["phrases"].line_of(key))

    strip: Callable[[str], str] = str.strip
    lines: dict[str, int] = {}

    def note_lines(node: Any) -> None:
        for key, value in node.items():
            if isinstance(value, str):
                lines.setdefault(value.strip(), node.line_of(key))
            elif isinstance(value, dict):
                note_lines(value)

    note_lines(raw)
    return Texts(
        questions={
            qid: QuestionText(
                strip(t["short"]), strip(t["legend"]), strip(t["hint"]), strip(t["error"]), dict(t["options"])
            )
            for qid, t in raw["questions"].items()
        },
        stages={k: NamedText(strip(v["name"]), strip(v["text"])) for k, v in raw["stages"].items()},
        outcomes={k: NamedText(strip(v["name"]), strip(v["text"])) for k, v in raw["outcomes"].items()},
        fits=dict(raw["fits"]),
        companions={k: NamedText(strip(v["name"]), strip(v["text"])) for k, v in (raw.get("companions") or {}).items()},
        indications={k: strip(v) for k, v in raw["indications"].items()},
        caveats={k: NamedText(strip(v["name"]), strip(v["text"])) for k, v in (raw.get("caveats") or {}).items()},
        summaries={k: strip(v) for k, v in raw["summaries"].items()},
        phrases={k: strip(v) for k, v in raw["phrases"].items()},
        path=path,
        lines=lines,
    )
