"""What a domain package adds to the engine: its data, page types, front-matter fields, macros and checks.

The engine knows pages, languages, templates and links. Everything about a site's subject (here the
guide's tiers and facts, and the self-assessment) comes in through an Extension named in site.yaml, so
the engine never names a domain concept. Each hook has a do-nothing default.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from .schema import Field

if TYPE_CHECKING:
    import jinja2
    from babel.support import NullTranslations

    from .config import Language, SiteConfig
    from .errors import Problem
    from .markup import Macros
    from .model import Page, Site
    from .references import Reference


class LanguageView:
    """An extension's part in rendering one language: macros for page bodies and templates, and page context."""

    def macros(self) -> Mapping[str, Any]:
        return {}

    def page_context(self, page: Page) -> Mapping[str, Any]:
        return {}

    def page_sources(self, page: Page) -> Sequence[str]:
        """Source ids the view's parts of a page cite (a table's facts, a summary's), listed after the page's own."""
        return ()

    def page_macros(self, page: Page, cite: Callable[[str], str]) -> Mapping[str, Any]:
        """Macros bound to one page: those whose output carries its numbered citation marks, made with `cite`."""
        return {}


class Extension:
    name: str = ""
    page_types: tuple[str, ...] = ()  # front matter `type:` values it adds; each renders with <type>.html
    front_matter: Mapping[str, Field] = {}  # optional fields it adds to every page's front matter

    def load(self, config: SiteConfig, references: Mapping[str, Reference]) -> Any:
        """Read and validate the extension's data, whose entries cite `references`; raise SiteError."""
        return None

    def check_pages(self, config: SiteConfig, data: Any, pages: list[Page]) -> list[Problem]:
        """Problems in the pages' front matter that only this domain can see (e.g. an unknown tier id)."""
        return []

    def language_view(
        self,
        site: Site,
        data: Any,
        language: Language,
        translations: NullTranslations,
        env: jinja2.Environment,
        macros: Macros,
    ) -> LanguageView:
        """The extension's part in one language. `macros` holds every extension's macros once all are made."""
        return LanguageView()

    def check_page(self, page: Page, ids: frozenset[str]) -> list[Problem]:
        """Problems in a rendered page, given the ids its HTML defines (e.g. a procedure page with no risks)."""
        return []
