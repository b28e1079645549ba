"""Stage 2b: read the language-neutral facts (data/facts.yaml) and their text in each language."""

from __future__ import annotations

from typing import Any

from ..engine import schema as s
from ..engine.config import SiteConfig
from ..engine.errors import Collector, SiteError
from ..engine.yamlio import LineDict, load_yaml
from .model import Facts, Range, Rates, Tier

UNITS = ("hour", "day", "week", "month", "year")
STAGES = ("mild", "moderate", "significant")
ANESTHESIA = ("local", "sedation", "general")
RANGES = ("ages", "downtime", "social_recovery", "stay", "longevity", "repeat_every")


def _number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return "must be a number of 0 or more"
    return None


def _range(unit: bool) -> s.Check:
    # Money has no open ends: a cost range needs both min and max.
    fields = {"min": s.Field(_number, required=not unit), "max": s.Field(_number, required=not unit)}
    if unit:
        fields["unit"] = s.Field(s.one_of(*UNITS))
    shape = s.mapping_of(fields)

    def check(value: Any) -> str | None:
        problem = shape(value)
        if problem:
            return problem
        if "min" not in value and "max" not in value:
            return "needs a 'min', a 'max' or both"
        if "min" in value and "max" in value and value["min"] > value["max"]:
            return "has a 'min' larger than its 'max'"
        return None

    return check


def _rounding(value: Any) -> str | None:
    if not isinstance(value, dict) or not all(type(v) is int and v > 0 for v in value.values()):
        return "must map currencies to whole positive steps, like IDR: 100000"
    return None


def _optional(check: s.Check) -> s.Check:
    return lambda value: None if value is None else check(value)


TIER_FIELDS = {
    "stage": s.Field(s.one_of(*STAGES)),
    "anesthesia": s.Field(s.one_of(*ANESTHESIA)),
    "operating_time": s.Field(_optional(_range(unit=True))),
    "cost_krw": s.Field(_range(unit=False)),
    **{name: s.Field(_range(unit=True)) for name in RANGES},
}
FACTS_FIELDS = {
    "rates": s.Field(
        s.mapping_of(
            {
                "as_of": s.Field(s.date),
                "per_million_krw": s.Field(
                    lambda v: None if isinstance(v, dict) and v else "must map currencies to amounts"
                ),
                "rounding": s.Field(_rounding, False),
            }
        )
    ),
    "horizon_years": s.Field(lambda v: None if type(v) is int and 0 < v <= 50 else "must be whole years, 1 to 50"),
    "tiers": s.Field(lambda v: None if isinstance(v, dict) and v else "must list the tiers"),
    "addons": s.Field(lambda v: None if isinstance(v, dict) else "must map add-on ids to their cost"),
}


def _to_range(value: dict[str, Any]) -> Range:
    return Range(value.get("min"), value.get("max"), value.get("unit"))


def load_facts(config: SiteConfig) -> Facts:
    path = config.data_dir / "facts.yaml"
    data = load_yaml(path)
    problems = Collector()
    if not s.validate(data, FACTS_FIELDS, path, problems):
        problems.raise_if_any()

    tiers = {}
    for tier_id, spec in data["tiers"].items():
        if s.validate(spec, TIER_FIELDS, path, problems, data["tiers"].line_of(tier_id)):
            tiers[tier_id] = Tier(
                id=tier_id,
                stage=spec["stage"],
                anesthesia=spec["anesthesia"],
                operating_time=_to_range(spec["operating_time"]) if spec["operating_time"] else None,
                cost_krw=_to_range(spec["cost_krw"]),
                **{name: _to_range(spec[name]) for name in RANGES},
            )
    addons = {}
    for addon_id, spec in data["addons"].items():
        if s.validate(
            spec, {"cost_krw": s.Field(_range(unit=False))}, path, problems, data["addons"].line_of(addon_id)
        ):
            addons[addon_id] = _to_range(spec["cost_krw"])

    rates_spec = data["rates"]
    currencies = set(rates_spec["per_million_krw"])
    for lang in config.languages:
        for currency in lang.currencies:
            if currency not in currencies:
                problems.add(
                    path,
                    f"no rate for {currency}, which {lang.name} pages show",
                    rates_spec.line_of("per_million_krw"),
                )
    for currency, amount in rates_spec["per_million_krw"].items():
        if _number(amount):
            problems.add(
                path, f"the rate for {currency} must be a number", rates_spec["per_million_krw"].line_of(currency)
            )
    problems.raise_if_any()

    text = {lang.code: _load_text(config, lang.code, tiers, addons, problems) for lang in config.languages}
    problems.raise_if_any()
    rates = Rates(
        as_of=rates_spec["as_of"],
        per_million_krw=dict(rates_spec["per_million_krw"]),
        rounding=dict(rates_spec.get("rounding", {})),
    )
    return Facts(tiers=tiers, addon_costs=addons, rates=rates, horizon_years=data["horizon_years"], text=text)


def _load_text(config: SiteConfig, lang: str, tiers: dict, addons: dict, problems: Collector) -> dict[str, Any]:
    """The names and short texts for every fact id, in one language: all ids, no strays."""
    path = config.data_dir / "text" / lang / "facts.yaml"
    try:
        data = load_yaml(path) if path.is_file() else None
    except SiteError as error:
        problems.extend(error)
        return {}
    if data is None:
        problems.add(path, "missing: the names of tiers, stages and anaesthesia in this language")
        return {}
    tier_text = s.mapping_of({"name": s.Field(s.text), "mechanism": s.Field(s.text), "suits": s.Field(s.text)})
    expected = {
        "tiers": {tier: tier_text for tier in tiers},
        "addons": {addon: s.mapping_of({"name": s.Field(s.text)}) for addon in addons},
        "stages": {stage: s.text for stage in STAGES},
        "anesthesia": {kind: s.text for kind in ANESTHESIA},
    }
    fields = {
        section: s.Field(s.mapping_of({k: s.Field(c) for k, c in ids.items()})) for section, ids in expected.items()
    }
    fields["not_stated"] = s.Field(s.text)
    s.validate(data, fields, path, problems)
    return data if isinstance(data, LineDict) else {}
