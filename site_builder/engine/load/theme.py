"""The default theme (site_builder/theme/): which of its templates a site's build uses, file by file."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

import jinja2

from ..base.yamlio import read_text
from ..config.config import SiteConfig

# The site-wide files, each from its template, besides the pages.
SITE_FILES = {
    "index.html": "root.html",
    "404.html": "404.html",
    "sitemap.xml": "sitemap.xml",
    "robots.txt": "robots.txt",
    "_headers": "_headers",
    "_redirects": "_redirects",
}
REDIRECT_TEMPLATE = "redirect.html"  # the page left at each old address a page moved from


def _wanted(config: SiteConfig, page_types: Iterable[str] | None) -> list[str]:
    """The templates the site-wide files and the pages of `page_types` (all the theme has when None) ask for."""
    theme = config.template_dirs[1]
    if page_types is None:
        wanted = [p.relative_to(theme).as_posix() for p in sorted(theme.glob("*.html"))]
    else:
        wanted = [f"{page_type}.html" for page_type in sorted(set(page_types))]
    return [*wanted, *SITE_FILES.values(), REDIRECT_TEMPLATE]


def uses_theme(config: SiteConfig, page_types: Iterable[str] | None) -> bool:
    """Whether the build uses any of the default theme's templates, as theme_templates() would find, without
    parsing them: what they include matters only once one of them is used."""
    site, theme = config.template_dirs
    return any(not (site / name).is_file() and (theme / name).is_file() for name in _wanted(config, page_types))


def theme_templates(config: SiteConfig, page_types: Iterable[str] | None) -> list[Path]:
    """The default theme's templates a build of the site would use: those its site-wide files and pages ask for
    that the site does not have, and the ones they include, import or extend in turn."""
    site, theme = config.template_dirs
    wanted = _wanted(config, page_types)
    seen: set[str] = set()
    used: list[Path] = []
    while wanted:
        name = wanted.pop()
        if name in seen or (site / name).is_file() or not (theme / name).is_file():
            continue  # the site's own are all read; a template neither has is the renderer's to report
        seen.add(name)
        used.append(theme / name)
        wanted += _referenced(read_text(theme / name))
    return sorted(used)


@functools.lru_cache(maxsize=256)
def _referenced(source: str) -> tuple[str, ...]:
    """The templates a template's source includes, imports or extends by name. A build asks this of the same
    theme templates three times (for the assets, the templates compiled before the workers fork, and the UI
    strings): parsed once, by the very text, which cannot be stale."""
    from jinja2 import meta

    env = jinja2.Environment(extensions=["jinja2.ext.i18n"])  # noqa: S701 - reads names, renders nothing
    try:
        return tuple(n for n in meta.find_referenced_templates(env.parse(source)) if n)
    except jinja2.TemplateSyntaxError:
        return ()
