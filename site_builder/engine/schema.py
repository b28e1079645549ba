"""Small declarative checks for YAML mappings: required, unknown (with a suggestion) and typed fields."""

from __future__ import annotations

import datetime
import difflib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Collector
from .yamlio import LineDict

# A check returns None when the value is fine, or says what is wrong with it.
Check = Callable[[Any], "str | None"]


@dataclass(frozen=True)
class Field:
    check: Check
    required: bool = True


def text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty text"
    return None


def date(value: Any) -> str | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return None
    return "must be a date written as YYYY-MM-DD"


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        if value in choices:
            return None
        return f"must be one of: {', '.join(choices)}" + suggestion(value, choices)

    return check


def list_of(item: Check) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, list):
            return "must be a list"
        for index, entry in enumerate(value, 1):
            problem = item(entry)
            if problem:
                return f"item {index} {problem}"
        return None

    return check


def mapping_of(fields: Mapping[str, Field]) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, dict):
            return "must be a mapping with " + ", ".join(fields)
        for name, field in fields.items():
            if name not in value:
                if field.required:
                    return f"needs a '{name}'"
                continue
            problem = field.check(value[name])
            if problem:
                return f"'{name}' {problem}"
        unknown = sorted(set(value) - set(fields), key=str)
        if unknown:
            return f"has an unknown field '{unknown[0]}'" + suggestion(unknown[0], fields)
        return None

    return check


def suggestion(word: Any, known: Any) -> str:
    close = difflib.get_close_matches(str(word), [str(k) for k in known], n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def validate(data: Any, fields: Mapping[str, Field], path: Path | str, problems: Collector, line: int = 1) -> bool:
    """Check a mapping against `fields`, adding every problem to `problems`. True when all is well."""
    if not isinstance(data, dict):
        problems.add(path, "must be a mapping of 'field: value' lines", line)
        return False
    before = len(problems.problems)
    where = data.line_of if isinstance(data, LineDict) else (lambda _key: line)
    for name in sorted(set(data) - set(fields), key=str):
        problems.add(path, f"unknown field '{name}'" + suggestion(name, fields), where(name))
    for name, field in fields.items():
        if name not in data:
            if field.required:
                problems.add(path, f"the required field '{name}' is missing", line)
            continue
        problem = field.check(data[name])
        if problem:
            problems.add(path, f"'{name}' {problem}", where(name))
    return len(problems.problems) == before
