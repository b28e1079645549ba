"""The glossary (data/text/<lang>/glossary.yaml): terms and abbreviations in plain words, per language.

Entries share their ids across languages, like pages share keys; the glossary page of each language
lists them, and page bodies mark them up (see markup.py): an abbreviation as <abbr> wherever it appears,
and the first mention of any entry on a page as a link to its meaning.
"""

from __future__ import annotations

import re

from ..base import schema as s
from ..base.errors import Collector
from ..base.yamlio import load_yaml
from ..config.config import SiteConfig
from ..model.model import Term

GLOSSARY_FILE = "glossary.yaml"  # in data/text/<lang>/
GLOSSARY_KEY = "glossary"  # the key of the page that lists it



_ENTRY = s.mapping_of(
    {"term": s.Field(s.text), "stands_for": s.Field(s.text, required=False), "meaning": s.Field(s.text)}
)


def _id(value: object) -> str | None:
    return None if isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) else "must be an id"


def load_glossary(config: SiteConfig) -> dict[str, tuple[Term, ...]]:
    """Each language's glossary, by language code; a language without the file has none."""
    problems = Collector()
    found: dict[str, tuple[Term, ...]] = {}
    lines: dict[str, dict[str, int | None]] = {}
    for lang in config.languages:
        path = config.text_file(lang.code, GLOSSARY_FILE)
        if not path.is_file():
            continue
        data = load_yaml(path)
        if s.run(s.map_of(_id, _ENTRY, allow_empty=False), data, path, 1, problems):
            terms = tuple(
                Term(k, e["term"].strip(), e["meaning"].strip(), e.get("stands_for")) for k, e in data.items()
            )
            for term in (t for t in terms if t.is_abbreviation and not t.stands_for):
                problems.add(path, f"'{term.term}' is an abbreviation: say what it stands for", data.line_of(term.id))
            found[lang.code] = terms
            lines[lang.code] = {key: data.line_of(key) for key in data}
    # Hugo-style, as for pages: an entry missing from one language is reported, never filled in (a draft
    # language's gaps are for `status` to list).
    drafts = {lang.code for lang in config.languages if lang.draft}
    for code, ids in ((code, ids) for code, ids in lines.items() if code not in drafts):
        path = config.data_dir / "text" / code / GLOSSARY_FILE
        for other in (lang for lang in config.languages if lang.code != code and not lang.draft):
            if other.code not in lines:
                problems.add(path, f"there is a glossary here but none in data/text/{other.code}/", 1)
                continue
            for key in sorted(ids.keys() - lines[other.code].keys()):
                problems.add(path, f"the glossary entry '{key}' is missing from {other.name}", ids[key])
    problems.raise_if_any()
    return found
