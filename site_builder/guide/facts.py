"""Read the guide's language-neutral facts (data/facts.yaml) and their words in each language.

Every fact must name its source in data/sources.yaml; a fact the sources do not give is null, never a guess.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from ..api import Collector, LineDict, Reference, SiteConfig, SiteError, citation_problem, load_yaml
from ..api import schema as s
from .formatting import currencies
from .model import CHOICE, DURATION, KINDS, MONEY, TEXT, Fact, FactField, Facts, Option, Outcome, Range, Rates

UNITS = ("hour", "day", "week", "month", "year")
FACTS_FILE = "facts.yaml"


def _number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return "must be a number of 0 or more" + s.separators(value)
    return None


def _rate(value: Any) -> str | None:
    # A rate of 0 would print every converted amount as zero: never what an editor meant.
    if isinstance(value, bool) or not isinstance(value, int | float) or not value > 0:
        return "must be a number above 0: what one million KRW is worth" + s.separators(value)
    return None


def _id(value: Any) -> str | None:
    return (
        None
        if isinstance(value, str) and value and value.replace("-", "").replace("_", "").isalnum()
        else "must be an id"
    )


_FIELD = s.mapping_of(
    {
        "id": s.Field(_id),
        "kind": s.Field(s.one_of(*KINDS)),
        "short": s.Field(lambda v: None if isinstance(v, bool) else "must be true or false", required=False),
        "choices": s.Field(s.list_of(_id, allow_empty=False), required=False),
    }
)
_RATES = s.mapping_of(
    {
        "as_of": s.Field(s.date),
        "source": s.Field(s.text),
        "per_million_krw": s.Field(s.map_of(s.text, _rate, allow_empty=False)),
        "rounding": s.Field(
            s.map_of(s.text, lambda v: None if type(v) is int and v > 0 else "must be a whole positive step"),
            required=False,
        ),
    }
)
_OUTCOME = s.mapping_of(
    {
        "id": s.Field(_id),
        "count": s.Field(lambda v: None if type(v) is int and v >= 0 else "must be a whole number of people"),
        "per": s.Field(lambda v: None if v in (100, 1000) else "must be 100 or 1000: people per 100 or per 1,000"),
        "applies": s.Field(s.list_of(_id, allow_empty=False)),
        "icons": s.Field(lambda v: None if isinstance(v, bool) else "must be true or false", required=False),
        "source": s.Field(s.text),
    }
)
_TOP = {
    "rates": s.Field(_RATES),
    "horizon_years": s.Field(lambda v: None if type(v) is int and 0 < v <= 50 else "must be whole years, 1 to 50"),
    "fields": s.Field(s.list_of(_FIELD, allow_empty=False)),
    "options": s.Field(s.map_of(_id, lambda v: None if isinstance(v, dict) else "must map fields to facts")),
    "addons": s.Field(s.map_of(_id, s.mapping_of({"cost": s.Field(lambda v: None)})), required=False),
    "outcomes": s.Field(s.list_of(_OUTCOME), required=False),
}


class _Reader:
    def __init__(self, path: Any, problems: Collector, references: Mapping[str, Reference]):
        self.path = path
        self.problems = problems
        self.references = references

    def fact(self, raw: Any, field: FactField, where: str, line: int | None) -> Fact | None:
        """One fact in the form its field's kind allows; every problem at its own line."""
        if raw is None:
            return Fact(None, None)
        forms = {
            DURATION: "{min, max, unit, source}",
            MONEY: "{min, max, source}",
            CHOICE: "{is: <choice>, source}",
            TEXT: "{words: true, source}",
        }[field.kind]
        allowed = {DURATION: {"min", "max", "unit"}, MONEY: {"min", "max"}, CHOICE: {"is"}, TEXT: set()}[field.kind]
        if field.kind in (DURATION, MONEY):
            allowed = allowed | {"independent"}
        if not isinstance(raw, dict) or not (set(raw) <= allowed | {"words", "source"}):
            self.fail(f"{where} must be null, {forms} or {{words: true, source}}", line)
            return None
        raw = cast(LineDict, raw)  # a mapping read from YAML knows its lines
        source = raw.get("source")
        if not isinstance(source, str) or not source.strip():
            self.fail(f'{where} needs a source: the statement it rests on, like "guide, Part 2: ..."', line)
            return None
        problem = citation_problem(source, self.references)
        if problem:
            self.fail(f"{where}: the source {problem}", raw.line_of("source"))
        independent = raw.get("independent")
        if independent is not None:
            problem = (
                citation_problem(independent, self.references)
                if isinstance(independent, str)
                else "must be text naming a source"
            )
            if problem:
                self.fail(f"{where}: 'independent' {problem}", raw.line_of("independent"))
                independent = None
        if raw.get("words") is True and set(raw) == {"words", "source"}:
            return Fact(None, source, words=True)
        if field.kind == TEXT:
            self.fail(f"{where} holds words per language: write {{words: true, source}}", line)
            return None
        if field.kind == CHOICE:
            if raw.get("is") not in field.choices:
                self.fail(f"{where}: 'is' must be one of {', '.join(field.choices)}", raw.line_of("is"))
                return None
            return Fact(raw["is"], source)
        found = self.range(raw, field, where, source)
        return found and Fact(found.value, found.source, independent=independent)

    def range(self, raw: LineDict, field: FactField, where: str, source: str) -> Fact | None:
        for end in ("min", "max"):
            problem = _number(raw[end]) if end in raw else None
            if problem:
                self.fail(f"{where}: '{end}' {problem}", raw.line_of(end))
                return None
        if "min" not in raw and "max" not in raw:
            self.fail(f"{where} needs a 'min', a 'max' or both", raw.line)
            return None
        if field.kind == MONEY and not ("min" in raw and "max" in raw):
            self.fail(f"{where}: a cost needs both 'min' and 'max'", raw.line)
            return None
        if "min" in raw and "max" in raw and raw["min"] > raw["max"]:
            self.fail(f"{where} is an empty range: its 'min' is larger than its 'max'", raw.line)
            return None
        if field.kind == DURATION and raw.get("unit") not in UNITS:
            self.fail(f"{where}: 'unit' must be one of {', '.join(UNITS)}", raw.line_of("unit"))
            return None
        return Fact(Range(raw.get("min"), raw.get("max"), raw.get("unit")), source)

    def fail(self, message: str, line: int | None) -> None:
        self.problems.add(self.path, message, line)


def load_facts(config: SiteConfig, references: Mapping[str, Reference]) -> Facts:
    path = config.data_dir / FACTS_FILE
    data = load_yaml(path)
    problems = Collector()
    if not s.validate(data, _TOP, path, problems):
        problems.raise_if_any()
    reader = _Reader(path, problems, references)
    fields: dict[str, FactField] = {}
    for raw in data["fields"]:
        if raw["id"] in fields:
            problems.add(path, f"the field '{raw['id']}' appears twice", raw.line)
        if (raw["kind"] == CHOICE) != ("choices" in raw):
            problems.add(path, f"field '{raw['id']}': a choice field, and only it, lists its choices", raw.line)
        fields[raw["id"]] = FactField(raw["id"], raw["kind"], raw.get("short", False), tuple(raw.get("choices", ())))
    if "cost" not in fields or fields["cost"].kind != MONEY:
        problems.add(
            path,
            "the fields need a 'cost' of kind money: the charts and the ten-year cost read it",
            data.line_of("fields"),
        )
    if "repeats" in fields and fields["repeats"].kind != DURATION:
        problems.add(
            path,
            "the field 'repeats' must be of kind duration: how often a treatment is repeated",
            data.line_of("fields"),
        )
    options = {}
    for option_id, raw in data["options"].items():
        facts = {}
        for field in fields.values():
            if field.id not in raw:
                message = f"option '{option_id}' has no '{field.id}': give it, or null if no source gives it"
                problems.add(path, message, data["options"].line_of(option_id))
                continue
            found = reader.fact(raw[field.id], field, f"{option_id}: {field.id}", raw.line_of(field.id))
            if found is not None:
                facts[field.id] = found
        for name in sorted(set(raw) - set(fields), key=str):
            problems.add(
                path, f"option '{option_id}': '{name}' is not a field" + s.suggestion(name, fields), raw.line_of(name)
            )
        options[option_id] = Option(option_id, facts)
    addons = {}
    for addon_id, raw in (data.get("addons") or {}).items():
        found = reader.fact(raw["cost"], FactField("cost", MONEY), f"add-on {addon_id}: cost", raw.line_of("cost"))
        if found is not None:
            addons[addon_id] = found
    rates_raw = data["rates"]
    citation = citation_problem(rates_raw["source"], references)
    if citation:
        problems.add(path, f"rates: the source {citation}", rates_raw.line_of("source"))
    for lang in config.languages:
        for currency in currencies(lang):
            if currency not in rates_raw["per_million_krw"]:
                problems.add(
                    path, f"no rate for {currency}, which {lang.name} pages show", rates_raw.line_of("per_million_krw")
                )
    outcomes: list[Outcome] = []
    for raw in data.get("outcomes") or []:
        where = f"outcome '{raw['id']}'"
        if raw["count"] > raw["per"]:
            problems.add(path, f"{where}: 'count' is more than 'per': more people than were counted", raw.line)
        for option in raw["applies"]:
            if option not in options:
                message = f"{where}: '{option}' in 'applies' is not an option (known: {', '.join(options)})"
                problems.add(path, message, raw.line_of("applies"))
        citation = citation_problem(raw["source"], references)
        if citation:
            problems.add(path, f"{where}: the source {citation}", raw.line_of("source"))
        if raw["id"] in {o.id for o in outcomes}:
            problems.add(path, f"{where} appears twice", raw.line)
        outcomes.append(
            Outcome(raw["id"], raw["count"], raw["per"], tuple(raw["applies"]), raw["source"], raw.get("icons", False))
        )
    problems.raise_if_any()
    rates = Rates(
        rates_raw["as_of"],
        dict(rates_raw["per_million_krw"]),
        dict(rates_raw.get("rounding") or {}),
        rates_raw["source"],
    )
    text = {
        lang.code: _load_text(config, lang.code, fields, options, addons, problems, outcomes)
        for lang in config.languages
    }
    problems.raise_if_any()
    return Facts(fields, options, addons, rates, data["horizon_years"], text, tuple(outcomes))


def _load_text(
    config: SiteConfig,
    lang: str,
    fields: Mapping[str, FactField],
    options: Mapping[str, Option],
    addons: Mapping[str, Fact],
    problems: Collector,
    outcomes: list[Outcome],
) -> dict[str, Any]:
    """The words for every fact id in one language: all ids, no strays."""
    path = config.text_file(lang, FACTS_FILE)
    try:
        data = load_yaml(path) if path.is_file() else None
    except SiteError as error:
        problems.extend(error)
        return {}
    if data is None:
        problems.add(path, "missing: the names of options, fields and choices in this language")
        return {}

    def words(option: Option) -> s.Shape:
        needs = {"name": s.Field(s.text)}
        needs.update({f: s.Field(s.text) for f, fact in option.facts.items() if fact.words})
        return s.mapping_of(needs)

    chart = ("repeated", "once", "lasting", "enough", "no_cost")  # the sentences beside the ten-year chart
    # The options with an independent figure beside one of the publisher's, and which fields.
    sides = {o.id: [f for f, fact in o.facts.items() if fact.independent] for o in options.values()}
    sided = [o for o in options.values() if sides[o.id]]
    spec = {
        "options": s.Field(s.mapping_of({o.id: s.Field(words(o)) for o in options.values()})),
        "addons": s.Field(s.mapping_of({a: s.Field(s.mapping_of({"name": s.Field(s.text)})) for a in addons})),
        # A missing row name is reported below, as a row; here each given one must be text.
        "fields": s.Field(s.mapping_of({f: s.Field(s.text, required=False) for f in fields})),
        "choices": s.Field(
            s.mapping_of(
                {
                    f.id: s.Field(s.mapping_of({c: s.Field(s.text) for c in f.choices}))
                    for f in fields.values()
                    if f.kind == CHOICE
                }
            )
        ),
        "independent": s.Field(
            s.mapping_of({o.id: s.Field(s.mapping_of({f: s.Field(s.text) for f in sides[o.id]})) for o in sided}),
            required=bool(sided),
        ),
        # Each outcome in words: what happened, what did not, and to whom and when it was counted.
        "outcomes": s.Field(
            s.mapping_of(
                {o.id: s.Field(s.mapping_of({k: s.Field(s.text) for k in ("what", "other", "who")})) for o in outcomes}
            ),
            required=bool(outcomes),
        ),
        "not_stated": s.Field(s.text),
        "chart": s.Field(s.mapping_of({k: s.Field(s.text) for k in chart})),
    }
    s.validate(data, spec, path, problems)
    if isinstance(data, LineDict) and isinstance(data.get("fields"), dict):
        for field in fields:
            if field not in data["fields"]:
                message = f"fields: the row '{field}' of data/facts.yaml has no name here; add '{field}: <its name>'"
                problems.add(path, message, data.line_of("fields"))
    return data if isinstance(data, LineDict) else {}
