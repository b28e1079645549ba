"""The one error type: every problem an editor can cause names a file and, where known, a line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the reader allows."""

    path: Path | str
    message: str
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        where = str(self.path)
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


class SiteError(Exception):
    """One or more problems in the site's sources. The CLI prints them and exits 1."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems: list[Problem] = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def at(cls, path: Path | str, message: str, line: int | None = None, column: int | None = None) -> SiteError:
        return cls(Problem(path, message, line, column))


class Collector:
    """Gathers problems across a stage so an editor sees them all at once, not one per run."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, path: Path | str, message: str, line: int | None = None, column: int | None = None) -> None:
        self.problems.append(Problem(path, message, line, column))

    def extend(self, error: SiteError) -> None:
        self.problems.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.problems:
            raise SiteError(sorted(self.problems, key=_order))


def _order(p: Problem) -> tuple[str, int, int, str]:
    return (str(p.path), p.line or 0, p.column or 0, p.message)
