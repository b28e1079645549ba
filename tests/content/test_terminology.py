"""Each language follows its terminology list (data/text/<lang>/terms.yaml): no variant it lists as
"avoid" appears in that language's pages, data texts or catalog. Macro calls and parts marked as another
language are not prose, and are left out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tests.helpers import PROJECT

_NOT_PROSE = re.compile(r"\{\{.*?\}\}|<(\w+) lang=\"[a-z]+\">.*?</\1>|\]\([^)]*\)", re.S)


def variants(root: Path, lang: str) -> list[tuple[str, str]]:
    terms = yaml.safe_load((root / "data" / "text" / lang / "terms.yaml").read_text(encoding="utf-8"))
    return [(bad, entry["use"]) for entry in terms for bad in entry["avoid"]]


def files(root: Path, lang: str) -> list[Path]:
    found = sorted((root / "content" / lang).glob("*.md"))
    found += sorted(p for p in (root / "data" / "text" / lang).glob("*.yaml") if p.name != "terms.yaml")
    return found + sorted((root / "locales" / lang).rglob("*.po"))


def misuses(root: Path, lang: str) -> list[str]:
    found = []
    for path in files(root, lang):
        text = path.read_text(encoding="utf-8")
        # Blank out what is not prose, keeping line breaks so line numbers stay right.
        prose = _NOT_PROSE.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
        for bad, use in variants(root, lang):
            for hit in re.finditer(rf"(?<![\w-]){re.escape(bad)}(?![\w-])", prose, re.I):
                line = prose.count("\n", 0, hit.start()) + 1
                found.append(f"{path.relative_to(root)}:{line}: '{hit.group(0)}' (use '{use}')")
    return found


@pytest.mark.parametrize("lang", ["en", "id"])
def test_pages_and_texts_follow_the_terminology_list(lang: str) -> None:
    assert misuses(PROJECT, lang) == []


def test_the_check_names_a_banned_variant_and_its_line(site_copy: Path) -> None:
    page = site_copy / "content" / "id" / "tanam-benang.md"
    lines = page.read_text(encoding="utf-8").count("\n")
    page.write_text(page.read_text(encoding="utf-8") + "Pipi dengan gelambir.\n", encoding="utf-8")
    found = f"content/id/tanam-benang.md:{lines + 1}: 'gelambir' (use 'pipi bawah yang turun')"
    assert misuses(site_copy, "id") == [found]


def test_words_marked_as_another_language_are_not_checked(site_copy: Path) -> None:
    page = site_copy / "content" / "en" / "faq.md"
    page.write_text(page.read_text(encoding="utf-8") + '<span lang="id">face lift</span> {{ name("face lift") }}\n')
    assert misuses(site_copy, "en") == []
