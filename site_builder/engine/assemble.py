"""Stage 2 (end): link the pages of every language into one Site, checking keys and slugs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .card_style import CardStyle
from .config import SiteConfig
from .errors import Collector
from .extension import Extension
from .glossary import Term
from .model import Page, Site
from .references import REFERENCES_FILE, Reference

REQUIRED_KEYS = ("home", "about")  # the header links home; every footer links the conflict-of-interest page


def assemble_site(
    config: SiteConfig,
    pages: list[Page],
    data: Mapping[str, Any],
    extensions: Sequence[Extension] = (),
    references: Mapping[str, Reference] | None = None,
    glossary: Mapping[str, tuple[Term, ...]] | None = None,
    card_style: CardStyle | None = None,
) -> Site:
    references = references or {}
    problems = Collector()
    seen_slug: dict[tuple[str, str], Page] = {}
    seen_key: dict[tuple[str, str], Page] = {}
    for page in pages:
        other = seen_slug.setdefault((page.lang, page.slug), page)
        if other is not page:
            problems.add(
                page.path, f"the slug '{page.slug}' is already used by {other.path.name}", page.line_of("slug")
            )
        other = seen_key.setdefault((page.lang, page.key), page)
        if other is not page:
            problems.add(page.path, f"the key '{page.key}' is already used by {other.path.name}", page.line_of("key"))
        if page.type == "home" and page.slug:
            problems.add(page.path, 'the home page\'s slug must be empty: slug: ""', page.line_of("slug"))
        if page.slug == "" and page.type != "home":
            problems.add(page.path, "only the home page (type: home) may have an empty slug", page.line_of("slug"))
        for source in page.sources:
            if source not in references:
                message = f"'sources' names '{source}', which is not in data/{REFERENCES_FILE}"
                problems.add(page.path, message, page.line_of("sources"))

    # Hugo-style: a translation is linked by key, and a missing one is reported, never filled in.
    keys = {key for (_lang, key) in seen_key}
    for lang in config.languages:
        for key in sorted(keys):
            if (lang.code, key) not in seen_key:
                source = next(p for (_l, k), p in sorted(seen_key.items()) if k == key)
                problems.add(
                    source.path,
                    f"the page with key '{key}' has no {lang.name} version in content/{lang.code}/",
                    source.line_of("key"),
                )
    for key in REQUIRED_KEYS:
        if key not in keys:
            problems.add(config.content_dir, f"the site needs a page with key '{key}'")
    for key in config.nav:
        if key not in keys:
            problems.add(config.config_file, f"'nav' lists '{key}', but no page has that key")
    for extension in extensions:
        problems.problems.extend(extension.check_pages(config, data[extension.name], pages))
    problems.raise_if_any()
    ordered = sorted(pages, key=lambda p: ([lang.code for lang in config.languages].index(p.lang), p.key))
    return Site(
        config=config,
        pages=ordered,
        data=data,
        references=references,
        glossary=glossary or {},
        card_style=card_style,
    )
