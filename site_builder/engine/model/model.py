"""The domain model: a site of languages whose pages are linked across languages by a key."""

from __future__ import annotations

import datetime
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config.config import Language, SiteConfig

if TYPE_CHECKING:  # the loaders that make these are imported where they run
    from ..load.pictures import Picture

PAGE_TYPES = ("page", "home", "faq", "search")  # extensions add their own


@dataclass(frozen=True)
class Page:
    path: Path  # the Markdown file it came from
    lang: str
    key: str  # translation key, shared by a page's versions in every language
    slug: str  # "" for a language's home page
    title: str
    description: str
    type: str
    reviewed: datetime.date | None  # review dates: required only by an extension that asks for them
    next_review: datetime.date | None
    body: str  # Markdown with macros, not yet expanded
    body_line: int  # the file line the body starts on, for error messages
    nav_title: str | None = None
    reviewed_by: str | None = None
    sources: tuple[str, ...] = ()  # ids of data/sources.yaml entries
    translated_from: str | None = None  # a translation: the digest of its source page's text it follows
    draft: bool = False  # still being written: published only once `draft: true` is removed
    moved_from: tuple[str, ...] = ()  # old URL paths ("en/old-slug/") that now redirect here
    params: Mapping[str, Any] = field(default_factory=dict)  # front-matter fields that extensions add
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)

    def line_of(self, name: str, item: int | None = None) -> int:
        """The file line of a front-matter field, or of one item of a list field, for messages about it."""
        if item is not None and f"{name}.{item}" in self.field_lines:
            return self.field_lines[f"{name}.{item}"]
        return self.field_lines.get(name, 1)

    @property
    def url_path(self) -> str:
        """Path below the base URL: "en/", "en/getting-started/"."""
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
    pages: list[Page]  # the pages this build makes, sorted by language, then key
    data: Mapping[str, Any]  # each extension's data, by extension name
    references: Mapping[str, Reference] = field(default_factory=dict)  # the bibliography, by id
    glossary: Mapping[str, tuple[Term, ...]] = field(default_factory=dict)  # by language code
    # Drafts this build leaves out: read, their front matter checked, but neither made nor linked to.
    drafts: list[Page] = field(default_factory=list)
    card_style: CardStyle | None = None  # the link-preview pictures' colours and font; None: no pictures
    pictures: Mapping[str, Picture] = field(default_factory=dict)  # the pictures pages may show, by path below content/
    picture_sizes: str = field(kw_only=True)  # how wide a picture shows, for its copies' `sizes` (pictures.load_sizes)
    _by_key: dict[tuple[str, str], Page] = field(default_factory=dict, repr=False)
    _drafts: dict[tuple[str, str], Page] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self._by_key = {(p.lang, p.key): p for p in self.pages}
        self._drafts = {(p.lang, p.key): p for p in self.drafts}

    @property
    def every_page(self) -> list[Page]:
        """Every page read, the drafts left out included."""
        return self.pages + self.drafts

    @property
    def languages(self) -> tuple[Language, ...]:
        return self.config.languages

    def page(self, lang: str, key: str) -> Page | None:
        return self._by_key.get((lang, key))

    def let_go_of_texts(self) -> None:
        """Forget the pages' text once the checks have passed. Nothing after them reads it: each page's marks
        and links were taken as it was rendered, and the state keeps no text. A large site's text (some 6 kB a
        page) is then not held through drawing, writing and saving the state. The drafts, whose marks are
        taken when the state is made, keep theirs."""
        for page in self.pages:
            object.__setattr__(page, "body", "")  # frozen for every stage before: the one change a page sees

    def draft_left_out(self, lang: str, key: str) -> Page | None:
        """The draft with this key that the build leaves out, for saying why a link to it has nowhere to go."""
        return self._drafts.get((lang, key))

    def redirects(self) -> list[tuple[str, Page]]:
        """Each old URL path a page moved from, with the page it now leads to."""
        return [(old, page) for page in self.pages for old in page.moved_from]

    def versions(self, page: Page) -> list[Page]:
        """The page in every language, in the configured language order."""
        return [p for lang in self.languages if (p := self.page(lang.code, page.key))]

    def url(self, path: str = "") -> str:
        """Root-relative URL of a path below the base URL (works under a sub-path too)."""
        return self.config.base_path + path

    def absolute_url(self, path: str = "") -> str:
        return self.config.base_url + path


_ABBREVIATION = re.compile(r"[A-Z][A-Z0-9]+")


@dataclass(frozen=True)
class Term:
    """A glossary entry: a term or an abbreviation in plain words, in one language."""

    id: str
    term: str
    meaning: str
    stands_for: str | None = None  # what an abbreviation's letters stand for: its <abbr title>

    @property
    def is_abbreviation(self) -> bool:
        return bool(_ABBREVIATION.fullmatch(self.term))


@dataclass(frozen=True)
class Reference:
    """A source a page, a fact or a rule may cite (data/sources.yaml)."""

    id: str
    title: str
    publisher: str
    url: str | None = None
    read: datetime.date | None = None  # when the page was read; sources on paper have none
    lang: str = "en"  # the language of the title, marked up on pages in other languages
    publisher_lang: str = "en"  # the language of `publisher`, marked up on pages in other languages
    # The publisher in other languages, where it is a description ("a hospital (article)") and not a name.
    publisher_in: Mapping[str, str] = field(default_factory=dict)

    def publisher_for(self, lang: str) -> tuple[str, str]:
        """The publisher as a page in `lang` shows it, and the language it is in."""
        if lang in self.publisher_in:
            return self.publisher_in[lang], lang
        return self.publisher, self.publisher_lang


RGB = tuple[int, int, int]  # a colour


@dataclass(frozen=True)
class CardStyle:
    """The link-preview pictures' colours and font."""

    background: RGB
    title: RGB
    site_name: RGB
    stripes: tuple[RGB, ...]
    font_digest: str  # what the font is; the path below is only where it is
    font: Path = field(compare=False, repr=False)
