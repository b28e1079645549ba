"""What a domain package adds to the engine: its data, page types, front-matter fields, macros and checks.

The engine knows pages, languages, templates and links. Everything about a site's subject (its data, its
page types, the settings and pages it needs, the schema.org type of its pages) comes in through an
Extension named in site.yaml, so the engine never names a domain concept. Each hook has a do-nothing
default, and a site with no extension needs none of them.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .base.schema import Field

if TYPE_CHECKING:
    import jinja2
    from babel.support import NullTranslations

    from .base.errors import Problem
    from .config.config import Language, SiteConfig
    from .model.model import Page, Reference, Site
    from .render.macros import Macros


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
    # The engine's optional front matter this domain makes every page give (e.g. "reviewed", "next_review").
    required_front_matter: tuple[str, ...] = ()
    required_pages: tuple[str, ...] = ()  # keys of pages every language must have (its templates link them)
    # Settings each language in site.yaml gives (Language.settings), beside the engine's own.
    language_fields: Mapping[str, Field] = {}
    schema_type: str | None = None  # the schema.org type of every page's JSON-LD, instead of WebPage

    def check_config(self, config: SiteConfig) -> list[Problem]:
        """Problems in the settings it declared that their shape alone does not show (e.g. an unknown code)."""
        return []

    def load(self, config: SiteConfig, references: Mapping[str, Reference]) -> Any:
        """Read and validate the extension's data, whose entries cite `references`; raise SiteError."""
        return None

    def check_pages(self, config: SiteConfig, data: Any, pages: list[Page]) -> list[Problem]:
        """Problems in the pages' front matter that only this domain can see (e.g. an id its data lacks)."""
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
        """Problems in a rendered page, given the ids its HTML defines (e.g. a section its page type needs)."""
        return []


# The entry-point group extensions register in (pyproject.toml's [project.entry-points."site_builder.extensions"]),
# as MkDocs' plugins do: a site names one in site.yaml, and any installed package may provide it.
GROUP = "site_builder.extensions"


def installed() -> dict[str, Any]:
    """The installed extensions' entry points, by name; read only when a build loads its sources, as importing
    importlib.metadata takes longer than a build with nothing to do."""
    from importlib.metadata import entry_points

    return {point.name: point for point in entry_points(group=GROUP)}


def load_extensions(config: SiteConfig) -> list[Extension]:
    """The extensions site.yaml names, in its order; a name no installed package provides is refused at its line."""
    from .base.errors import SiteError
    from .base.schema import suggestion

    points = installed() if config.extensions else {}
    found = []
    for name in config.extensions:
        point = points.get(name)
        if point is None:
            known = ", ".join(sorted(points)) or "none"
            message = f"'extensions': no installed package provides '{name}' (installed: {known})"
            raise SiteError.at(config.config_file, message + suggestion(name, points), config.line_of("extensions"))
        try:
            extension = point.load()
        except Exception as error:  # another package's import: whatever it raises, say whose it was
            message = f"'extensions': the extension '{name}' ({point.value}) cannot be loaded: {error}"
            raise SiteError.at(config.config_file, message, config.line_of("extensions")) from None
        if isinstance(extension, type) and issubclass(extension, Extension):
            extension = extension()
        if not isinstance(extension, Extension):
            message = f"'extensions': '{name}' ({point.value}) is not a site_builder.api.Extension"
            raise SiteError.at(config.config_file, message, config.line_of("extensions"))
        found.append(extension)
    return found


def code_folder(extension: Extension) -> Path:
    """The folder of the package that defines `extension`: where its UI strings are looked for."""
    module = sys.modules[type(extension).__module__]
    return Path(module.__file__ or "").parent
