"""The site's bibliography (data/sources.yaml): every source a page, a fact or a rule may cite, once.

Pages list sources by id in their front matter and cite them inline with {{ cite("nhs-fillers") }};
data files name the source of each entry as "<id>, <where>: <what it says>". A source on the web
must be the specific page that was read, not a site's home page, with the date it was read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from ..base import schema as s
from ..base.errors import Collector
from ..base.yamlio import load_yaml
from ..config.config import SiteConfig
from ..model.model import Reference

REFERENCES_FILE = "sources.yaml"  # in the data folder
_CITE = re.compile(r"""\{\{\s*cite\(\s*["']([^"']+)["']\s*\)\s*\}\}""")


def _url(value: object) -> str | None:
    parts = urlsplit(value) if isinstance(value, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        return "must be an absolute http(s) address"
    if parts.path.strip("/") == "" and not parts.query:
        return "is a site's home page: link the specific page that says what is cited"
    return None


_ENTRY = s.mapping_of(
    {
        "title": s.Field(s.text),
        # A name, or a description with its words per language: {en: "...", id: "..."}.
        "publisher": s.Field(lambda v: None if isinstance(v, dict) else s.text(v)),
        "url": s.Field(_url, required=False),
        "read": s.Field(s.date, required=False),
        "lang": s.Field(s.text, required=False),
        "publisher_lang": s.Field(s.text, required=False),
    }
)


def _key(value: object) -> str | None:
    return None if isinstance(value, str) and re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value) else "must be an id"


def load_references(config: SiteConfig) -> dict[str, Reference]:
    """The bibliography, or none when the site has no data/sources.yaml."""
    return read_references(config.data_dir / REFERENCES_FILE)


def read_references(path: Path) -> dict[str, Reference]:
    if not path.is_file():
        return {}
    data = load_yaml(path)
    problems = Collector()
    if not s.run(s.map_of(_key, _ENTRY, allow_empty=False), data, path, 1, problems):
        problems.raise_if_any()
    found = {}
    for key, entry in data.items():
        if "url" in entry and "read" not in entry:
            problems.add(path, f"source '{key}' has a web address but no 'read' date: when was it read?", entry.line)
        publisher = entry["publisher"]
        words: dict[str, str] = {}
        if isinstance(publisher, dict):
            for lang, text in publisher.items():
                if not isinstance(text, str) or not text.strip():
                    message = f"source '{key}': publisher in '{lang}' must be a non-empty text"
                    problems.add(path, message, entry.line_of("publisher"))
                else:
                    words[str(lang)] = text.strip()
            if not words:
                message = f"source '{key}': give the publisher, or its words per language"
                problems.add(path, message, entry.line_of("publisher"))
                continue
        default_lang = entry.get("publisher_lang", "en")
        found[key] = Reference(
            key,
            entry["title"].strip(),
            words.get(default_lang, next(iter(words.values()), "")) if words else publisher.strip(),
            entry.get("url"),
            entry.get("read"),
            entry.get("lang", "en"),
            default_lang if not words or default_lang in words else next(iter(words)),
            words,
        )
    problems.raise_if_any()
    return found


def first_source(text: str) -> str:
    """The source id a data entry's `source` starts with ("guide, Part 2: ..." -> "guide")."""
    return re.split(r"[\s,:;]", text.strip(), maxsplit=1)[0]


def citation_problem(text: str, references: Mapping[str, Reference]) -> str | None:
    """A data entry's `source` must start with a source id, then say where and what: "guide, Part 2: ..."."""
    if first_source(text) in references:
        return None
    known = ", ".join(sorted(references)) or "none: add data/sources.yaml"
    return f"must start with the id of a source in data/{REFERENCES_FILE} (known: {known}), got {text!r}"


def source_ids(statement: str | None, known: Mapping[str, object]) -> list[str]:
    """The sources a data entry's `source` names, in order, each once: "guide Part 2 and smas-article: ..."."""
    if not statement:
        return []
    return list(dict.fromkeys(word for word in re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", statement) if word in known))


def cited(body: str) -> list[str]:
    """The source ids a page body cites with {{ cite("id") }}, in order, each once."""
    return list(dict.fromkeys(_CITE.findall(body)))


def page_references(sources: tuple[str, ...], body: str) -> list[str]:
    """A page's sources in the order its list shows them: those cited in the text first, then the rest."""
    return list(dict.fromkeys([*cited(body), *sources]))
