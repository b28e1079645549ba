"""The engine names no subject of any site: the guide's options, tiers, currencies and medical schema live in
its extension (site_builder/guide/), and the engine knows them only through the Extension hooks."""

from __future__ import annotations

import re
from pathlib import Path

from site_builder.engine.config import config

ENGINE = Path(config.__file__).parents[1]  # engine/, above config/config.py

# The guide's words: its subject, its option ids, its money and its schema.org type. ("thread" alone is
# the engine's own word for threads of execution, so the option is looked for as "thread lift".)
DOMAIN = re.compile(
    r"facelift|thread[- _]?lift|deep[- _]?plane|no[- _]procedure|mini[- _]facelift|\btiers?\b|\bKRW\b|currenc"
    r"|MedicalWebPage|medical|\bclinic|surgeon|surgery|Korea",
    re.IGNORECASE,
)


def domain_words(text: str) -> list[str]:
    return [f"{number}: {line.strip()}" for number, line in enumerate(text.splitlines(), 1) if DOMAIN.search(line)]


def test_the_pattern_finds_the_guide_s_words() -> None:
    """The search itself can fail: each word the guide uses, written as its code writes it, is found."""
    samples = [
        "OPTION = 'thread-lift'",
        "deep_plane",
        "a mini facelift",
        "BASE_CURRENCY = 'KRW'",
        "tier 2",
        "MedicalWebPage",
    ]
    assert all(domain_words(sample) for sample in samples)
    assert domain_words("threading.current_thread() is the main thread; options: --root") == []


def test_no_engine_module_names_the_guide_s_domain() -> None:
    found = {
        path.name: words
        for path in sorted(ENGINE.rglob("*.py"))
        if (words := domain_words(path.read_text(encoding="utf-8")))
    }
    assert found == {}


def test_the_default_theme_names_none_of_it_either() -> None:
    files = sorted(
        p for p in config.THEME.rglob("*") if p.is_file() and p.suffix in (".html", ".xml", ".css", ".po", "")
    )
    found = {str(p.relative_to(config.THEME)): words for p in files if (words := domain_words(p.read_text("utf-8")))}
    assert len(files) > 10 and found == {}
