"""Link the pages of every language into one Site, checking keys and slugs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..base.errors import Collector
from ..config.config import SiteConfig
from ..extension import Extension
from ..model.model import CardStyle, Page, Reference, Site, Term
from .pictures import Picture
from .references import REFERENCES_FILE


def assemble_site(
    config: SiteConfig,
    pages: list[Page],
    data: Mapping[str, Any],
    extensions: Sequence[Extension] = (),
    references: Mapping[str, Reference] | None = None,
    glossary: Mapping[str, tuple[Term, ...]] | None = None,
    card_style: CardStyle | None = None,
    pictures: Mapping[str, Picture] | None = None,
    *,
    picture_sizes: str,
) -> Site:
    references = references or {}
    # The pages the site's extensions need (their templates link them on every page).
    required_keys = tuple(dict.fromkeys(key for extension in extensions for key in extension.required_pages))
    problems = Collector()
    by_key = _check_each_page(config, pages, references, required_keys, problems)
    _check_translations(config, by_key, problems)
    check_moved_from(pages, problems)
    keys = {key for (_lang, key) in by_key}
    for key in required_keys:
        if key not in keys:
            problems.add(config.content_dir, f"the site needs a page with key '{key}'")
    for key in config.nav:
        if key not in keys:
            problems.add(config.config_file, f"'nav' lists '{key}', but no page has that key", config.line_of("nav"))
    for extension in extensions:
        problems.problems.extend(extension.check_pages(config, data[extension.name], pages))
    problems.raise_if_any()
    order = {lang.code: n for n, lang in enumerate(config.languages)}
    ordered = sorted(pages, key=lambda p: (order[p.lang], p.key))
    # The one place that decides what is published: a draft only in the preview.
    left_out = [p for p in ordered if p.draft and not config.preview]
    published = [p for p in ordered if not (p.draft and not config.preview)]
    return Site(
        config=config,
        pages=published,
        data=data,
        references=references,
        glossary=glossary or {},
        drafts=left_out,
        card_style=card_style,
        pictures=pictures or {},
        picture_sizes=picture_sizes,
    )


def _check_each_page(
    config: SiteConfig,
    pages: Sequence[Page],
    references: Mapping[str, Reference],
    required_keys: Sequence[str],
    problems: Collector,
) -> dict[tuple[str, str], Page]:
    """Each page's slug and key, unique in its language, and what it may be; the pages by language and key."""
    seen_slug: dict[tuple[str, str], Page] = {}
    seen_key: dict[tuple[str, str], Page] = {}
    for page in pages:
        other = seen_slug.setdefault((page.lang, page.slug), page)
        if other is not page:
            problems.add(
                page.path, f"the slug '{page.slug}' is already used by {_named(config, other)}", page.line_of("slug")
            )
        other = seen_key.setdefault((page.lang, page.key), page)
        if other is not page:
            message = f"the key '{page.key}' is already used by {_named(config, other)}"
            problems.add(page.path, message, page.line_of("key"))
        if page.type == "home" and page.slug:
            problems.add(page.path, 'the home page\'s slug must be empty: slug: ""', page.line_of("slug"))
        if page.draft and page.key in required_keys:
            message = f"the '{page.key}' page cannot be a draft: every page links to it"
            problems.add(page.path, message, page.line_of("draft"))
        if page.slug == "" and page.type != "home":
            problems.add(page.path, "only the home page (type: home) may have an empty slug", page.line_of("slug"))
        for source in page.sources:
            if source not in references:
                message = f"'sources' names '{source}', which is not in data/{REFERENCES_FILE}"
                problems.add(page.path, message, page.line_of("sources"))
    return seen_key


def _check_translations(config: SiteConfig, by_key: Mapping[tuple[str, str], Page], problems: Collector) -> None:
    """Hugo-style: a translation is linked by key, and a missing one is reported, never filled in. A draft
    language (built in the preview only) lacks pages until it is complete: they are simply not there."""
    keys = {key for (_lang, key) in by_key}
    for lang in (lang for lang in config.languages if not lang.draft):
        for key in sorted(keys):
            if (lang.code, key) not in by_key:
                first = next(p for (_l, k), p in sorted(by_key.items()) if k == key)
                problems.add(
                    first.path,
                    f"the page with key '{key}' has no {lang.name} version in content/{lang.code}/",
                    first.line_of("key"),
                )


def _named(config: SiteConfig, page: Page) -> str:
    """A page's file as an editor finds it in its language's folder: `guides/aftercare.md` in a folder there."""
    try:
        return page.path.relative_to(config.content_dir / page.lang).as_posix()
    except ValueError:
        return page.path.name


def check_moved_from(pages: Sequence[Page], problems: Collector) -> None:
    """An old address leads to one page, and never hides a page that is still there."""
    live = {page.url_path: page for page in pages}
    claimed: dict[str, Page] = {}
    for page in pages:
        for index, old in enumerate(page.moved_from):
            at, shown = page.line_of("moved_from", index), f"/{old}"
            other = claimed.setdefault(old, page)
            if old == page.url_path:
                problems.add(page.path, f"'moved_from' names {shown}, this page's own address", at)
            elif old in live:
                message = f"'moved_from' names {shown}, the address of {live[old].path.name}, which is still there"
                problems.add(page.path, message, at)
            elif other is page and page.moved_from.index(old) != index:
                problems.add(page.path, f"'moved_from' names {shown} twice", at)
            elif other is not page:
                message = (
                    f"'moved_from' names {shown}, which {other.path.name} names too: an old address leads to one page"
                )
                problems.add(page.path, message, at)
