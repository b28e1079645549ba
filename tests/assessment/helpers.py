"""Plain helpers for the self-assessment tests: personas, editable data copies, every answer set."""

from __future__ import annotations

import itertools
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.assessment.model import Rules
from site_builder.engine.load.references import read_references

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
LANGS = ("en", "id")
REFERENCES = read_references(DATA / "sources.yaml")  # the bibliography the rules cite

# SPEC section 4 personas: the answers the spec gives (budget and timeline are left open there,
# so tests try every value of those), and what must come out.
SPEC_PERSONAS = [
    pytest.param(
        {
            "jawline": "defined",
            "neck": "smooth",
            "midface": "slight",
            "pinch": "quick",
            "downtime": "none",
            "goal": "less-tired",
        },
        "not-yet",
        (),
        id="age-46-tired-no-jowls",
    ),
    pytest.param(
        {
            "jawline": "softening",
            "neck": "smooth",
            "midface": "full",
            "pinch": "slow",
            "downtime": "two-weeks",
            "goal": "jawline",
        },
        "mini-facelift",
        (),
        id="age-52-jawline-smooth-neck",
    ),
    pytest.param(
        {
            "jawline": "jowls",
            "neck": "banding",
            "midface": "hollow",
            "pinch": "barely",
            "downtime": "month",
            "goal": "ten-years",
        },
        "deep-plane",
        ("svf-fat-graft",),
        id="age-58-significant-descent",
    ),
]


def copy_data(target: Path) -> Path:
    """A private copy of the rule data (rules.yaml and the assessment texts) to edit in a test."""
    shutil.copy(DATA / "rules.yaml", target / "rules.yaml")
    for lang in LANGS:
        (target / "text" / lang).mkdir(parents=True, exist_ok=True)
        shutil.copy(DATA / "text" / lang / "assessment.yaml", target / "text" / lang / "assessment.yaml")
    return target


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace text in a data file, insisting the old text is there (so a test never edits nothing)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def every_answer_set(rules: Rules) -> Iterator[dict[str, str]]:
    """All combinations of answers, in question and option order (3^8 = 6,561 for the real rules)."""
    ids = [q.id for q in rules.questions]
    for combo in itertools.product(*[[o.id for o in q.options] for q in rules.questions]):
        yield dict(zip(ids, combo, strict=True))


def with_context(answers: dict[str, str], rules: Rules) -> Iterator[dict[str, str]]:
    """Complete a partial answer set with every combination of the unanswered questions."""
    open_questions = [q for q in rules.questions if q.id not in answers]
    for combo in itertools.product(*[[o.id for o in q.options] for q in open_questions]):
        yield {**answers, **{q.id: o for q, o in zip(open_questions, combo, strict=True)}}
