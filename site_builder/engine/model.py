"""The domain model: a site of languages whose pages are linked across languages by a key."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .card_style import CardStyle
from .config import Language, SiteConfig
from .glossary import Term
from .references import Reference

PAGE_TYPES = ("page", "home", "faq")  # extensions add their own


@dataclass(frozen=True)
class Page:
    path: Path  # the Markdown file it came from
    lang: str
    key: str  # translation key, shared by a page's versions in every language
    slug: str  # "" for a language's home page
    title: str
    description: str
    type: str
    reviewed: datetime.date
    next_review: datetime.date
    body: str  # Markdown with macros, not yet expanded
    body_line: int  # the file line the body starts on, for error messages
    nav_title: str | None = None
    reviewed_by: str | None = None
    sources: tuple[str, ...] = ()  # ids of data/sources.yaml entries
    params: Mapping[str, Any] = field(default_factory=dict)  # front-matter fields that extensions add
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, name: str) -> int:
        """The file line of a front-matter field, for messages about it."""
        return self.field_lines.get(name, 1)

    @property
    def url_path(self) -> str:
        """Path below the base URL: "en/", "en/thread-lift/"."""
        return f"{self.lang}/{self.slug}/" if self.slug else f"{self.lang}/"

    @property
    def output_file(self) -> str:
        return self.url_path + "index.html"

    @property
    def short_title(self) -> str:
        return self.nav_title or self.title


@dataclass
class Site:
    config: SiteConfig
    pages: list[Page]  # sorted by language, then key
    data: Mapping[str, Any]  # each extension's data, by extension name
    references: Mapping[str, Reference] = field(default_factory=dict)  # the bibliography, by id
    glossary: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)  # by language code
    card_style: CardStyle | None = None  # the link-preview pictures' colours and font; None: no pictures
    _by_key: dict[tuple[str, str], Page] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {(p.lang, p.key): p for p in self.pages}

    @property
    def languages(self) -> tuple[Language, ...]:
        return self.config.languages

    def page(self, lang: str, key: str) -> Page | None:
        return self._by_key.get((lang, key))

    def versions(self, page: Page) -> list[Page]:
        """The page in every language, in the configured language order."""
        return [p for lang in self.languages if (p := self.page(lang.code, page.key))]

    def url(self, path: str = "") -> str:
        """Root-relative URL of a path below the base URL (works under a sub-path too)."""
        return self.config.base_path + path

    def absolute_url(self, path: str = "") -> str:
        return self.config.base_url + path
