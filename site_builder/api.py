"""What an extension may use of the engine: the one surface site_builder's extensions import.

An extension is a package that subclasses `Extension` and registers an instance (or the class) in the
`site_builder.extensions` entry-point group of its pyproject.toml; a site names it in site.yaml's
`extensions:`. Example, for a package `recipes`::

    [project.entry-points."site_builder.extensions"]
    recipes = "recipes:EXTENSION"

and in `recipes/__init__.py`::

    from site_builder.api import Extension, Field, schema

    class Recipes(Extension):
        name = "recipes"
        page_types = ("recipe",)  # rendered with the site's (or the theme's) recipe.html
        front_matter = {"serves": Field(schema.number, required=False)}

    EXTENSION = Recipes()

Its hooks (all optional, see `Extension`): `load` reads and validates its data; `check_config` and
`check_pages` report problems in its settings and front matter; `language_view` gives each language's
macros and page context (a `LanguageView`); `check_page` looks at each rendered page. It may declare
settings every language gives in site.yaml (`language_fields`, read back from `Language.settings`), pages
the site must have (`required_pages`), front matter every page must give (`required_front_matter`) and
the schema.org type of its pages' JSON-LD (`schema_type`).

Every mistake in an editor's files is reported as a `Problem` (file, line, message), many of them at once
with a `Collector` or a `SiteError`; `schema` is the validator of YAML shapes that reports each at its line.
Anything not named here is the engine's own and may change without notice.
"""

from __future__ import annotations

from .engine.base import schema
from .engine.base.errors import Collector, Problem, SiteError
from .engine.base.schema import Field
from .engine.base.yamlio import LineDict, LineList, load_yaml
from .engine.config.config import Language, SiteConfig
from .engine.extension import GROUP, Extension, LanguageView
from .engine.load.card_style import FONT as CARD_FONT
from .engine.load.content import key_check
from .engine.load.references import (
    REFERENCES_FILE,
    citation_problem,
    first_source,
    read_references,
    source_ids,
)
from .engine.model.model import Page, Reference, Site
from .engine.render.macros import MacroError, Macros

__all__ = [
    "CARD_FONT",
    "GROUP",
    "REFERENCES_FILE",
    "Collector",
    "Extension",
    "Field",
    "Language",
    "LanguageView",
    "LineDict",
    "LineList",
    "MacroError",
    "Macros",
    "Page",
    "Problem",
    "Reference",
    "Site",
    "SiteConfig",
    "SiteError",
    "citation_problem",
    "first_source",
    "key_check",
    "load_yaml",
    "read_references",
    "schema",
    "source_ids",
]
