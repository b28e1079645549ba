"""The one validator: declarative checks for YAML data, each problem reported at its own line.

A check is either a plain function (value -> None, or what is wrong with it) or a Shape, which knows
its own structure (a mapping of fields, a list of items) and reports problems inside it at their
own lines, with the path to them ("options, item 2: 'id' must be ...").
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import Collector
from .yamlio import LineDict, LineList

# A plain check returns None when the value is fine, or says what is wrong with it.
Check = Callable[[Any], "str | None"]


def line_in(container: Any, key: Any, default: int | None) -> int | None:
    """The line where container[key] stands in its file (its key's line, in a mapping)."""
    if isinstance(container, LineDict | LineList):
        return container.line_of(key)
    return default


class Shape:
    """A check with structure: it reports each problem inside the value at that problem's line."""

    def visit(self, value: Any, path: Path | str, line: int | None, problems: Collector, where: str) -> bool:
        raise NotImplementedError

    def __call__(self, value: Any) -> str | None:
        """As a plain check: the first problem, without its line."""
        found = Collector()
        self.visit(value, "", None, found, "")
        return found.problems[0].message if found.problems else None


def run(
    check: Check | Shape, value: Any, path: Path | str, line: int | None, problems: Collector, where: str = ""
) -> bool:
    """Apply a check of either kind; True when the value is fine."""
    if isinstance(check, Shape):
        return check.visit(value, path, line, problems, where)
    message = check(value)
    if message:
        problems.add(path, f"{where} {message}".strip(), line)
        return False
    return True


@dataclass(frozen=True)
class Field:
    check: Check | Shape
    required: bool = True


def _join(where: str, part: str) -> str:
    return f"{where}, {part}" if where else part


class MappingOf(Shape):
    """A mapping with known fields; unknown fields are refused with a suggestion."""

    def __init__(self, fields: Mapping[str, Field], what: str = ""):
        self.fields = fields
        self.what = what or "a mapping with " + ", ".join(fields)

    def visit(self, value: Any, path: Path | str, line: int | None, problems: Collector, where: str) -> bool:
        if not isinstance(value, dict):
            problems.add(path, f"{where} must be {self.what}".strip(), line)
            return False
        good = True
        start = value.line if isinstance(value, LineDict) and value.line else line
        for name in sorted(set(value) - set(self.fields), key=str):
            problems.add(
                path,
                _join(where, f"unknown field '{name}'" + suggestion(name, self.fields)),
                line_in(value, name, start),
            )
            good = False
        for name, field in self.fields.items():
            if name not in value:
                if field.required:  # at the key the mapping stands under, where the field belongs
                    problems.add(path, _join(where, f"the required field '{name}' is missing"), line or start)
                    good = False
                continue
            good &= run(
                field.check, value[name], path, line_in(value, name, start), problems, _join(where, f"'{name}'")
            )
        return good


class ListOf(Shape):
    def __init__(self, item: Check | Shape, allow_empty: bool = True):
        self.item = item
        self.allow_empty = allow_empty

    def visit(self, value: Any, path: Path | str, line: int | None, problems: Collector, where: str) -> bool:
        if not isinstance(value, list):
            problems.add(path, f"{where} must be a list".strip(), line)
            return False
        if not value and not self.allow_empty:
            problems.add(path, f"{where} must not be empty".strip(), line)
            return False
        good = True
        for index, entry in enumerate(value):
            good &= run(
                self.item, entry, path, line_in(value, index, line), problems, _join(where, f"item {index + 1}")
            )
        return good


class MapOf(Shape):
    """A mapping whose keys are ids (checked by `key`) and whose values all pass `item`."""

    def __init__(self, key: Check, item: Check | Shape, allow_empty: bool = True):
        self.key = key
        self.item = item
        self.allow_empty = allow_empty

    def visit(self, value: Any, path: Path | str, line: int | None, problems: Collector, where: str) -> bool:
        if not isinstance(value, dict) or (not value and not self.allow_empty):
            problems.add(path, f"{where} must map ids to their values".strip(), line)
            return False
        good = True
        for name, entry in value.items():
            at = line_in(value, name, line)
            good &= run(self.key, name, path, at, problems, _join(where, f"the key '{name}'"))
            good &= run(self.item, entry, path, at, problems, _join(where, f"'{name}'"))
        return good


def mapping_of(fields: Mapping[str, Field], what: str = "") -> MappingOf:
    return MappingOf(fields, what)


def list_of(item: Check | Shape, allow_empty: bool = True) -> ListOf:
    return ListOf(item, allow_empty)


def map_of(key: Check, item: Check | Shape, allow_empty: bool = True) -> MapOf:
    return MapOf(key, item, allow_empty)


def text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be a non-empty text"
    return None


def short_text(most: int, why: str) -> Check:
    """A non-empty text of at most `most` characters; `why` says what the limit is for."""

    def check(value: Any) -> str | None:
        if (problem := text(value)) is not None:
            return problem
        if len(value) > most:
            return f"is {len(value):,} characters long; at most {most} fit {why}: shorten it"
        return None

    return check


def date(value: Any) -> str | None:
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return None
    return "must be a date written as YYYY-MM-DD"


def boolean(value: Any) -> str | None:
    if isinstance(value, bool):
        return None
    return "takes true or false" + (f", not '{value}'" if isinstance(value, str | int | float) else "")


def number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return "must be a number" + separators(value)
    return None


def separators(value: Any) -> str:
    """A hint for a number written with thousands separators, which YAML reads as text."""
    if isinstance(value, str) and "," in value and value.replace(",", "").replace(".", "", 1).isdigit():
        return f" (write {value.replace(',', '')}, without commas)"
    return ""


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, str) and value in choices:
            return None
        return f"must be one of: {', '.join(choices)}" + suggestion(value, choices)

    return check


def among(choices: Iterable[str], what: str) -> Check:
    """An id that must be one of `choices` (known only once other data is read)."""
    known = tuple(choices)

    def check(value: Any) -> str | None:
        if isinstance(value, str) and value in known:
            return None
        return f"'{value}' is not {what} (known: {', '.join(known)})" + suggestion(value, known)

    return check


def suggestion(word: Any, known: Any) -> str:
    import difflib  # only once a word is wrong

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
        run(field.check, data[name], path, where(name), problems, f"'{name}'")
    return len(problems.problems) == before
