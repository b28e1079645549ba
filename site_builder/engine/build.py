"""The pipeline: config → load and validate → model → render → check → write.

With the build cache of the last good build, the same pipeline redoes only what changed: see cache.py.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from . import checks, workers
from . import state as cache
from .assemble import assemble_site
from .assets import load_assets
from .config import SiteConfig
from .content import PageReader, read_pages, with_body
from .errors import Problem, SiteError
from .extension import Extension
from .i18n import load_catalogs, missing_translations
from .model import Page, Site
from .output import check_output_folder, update_site, write_site
from .references import load_references
from .render import SITE_FILES, SiteRenderer


@dataclass
class Rendered:
    """The checked result of rendering: new bytes, and what the next build needs to know of them."""

    site: Site
    files: dict[str, bytes]  # every file rendered this time; with `everything`, the whole site
    everything: bool  # False when only pages whose text changed were rendered
    pages: list[Page]  # the pages rendered
    fresh: list[Page]  # the pages read from their files this time; the rest came from the cache
    links: dict[str, checks.PageLinks]  # of every HTML file in the site
    marks: dict[Path, checks.SourceMarks]  # of every page's Markdown


@dataclass(frozen=True)
class Result:
    pages: int
    files: int  # in the output folder
    pages_rendered: int  # the rest were unchanged since the last build
    files_written: int  # files whose bytes changed
    notes: tuple[str, ...]  # why a build did more than its changes asked for


def extensions(config: SiteConfig) -> list[Extension]:
    """The domain packages site.yaml names, in its order."""
    return [importlib.import_module(f"site_builder.{name}").EXTENSION for name in config.extensions]


def load_site(config: SiteConfig, plugins: Sequence[Extension], known: Mapping[str, Page] | None = None) -> Site:
    """Read and validate every source into the model; all problems of a stage are reported together."""
    problems: list[Problem] = []
    pages: list[Page] = []
    data = {}
    try:
        references = load_references(config)
    except SiteError as error:
        raise SiteError(error.problems) from None  # every other source cites it: nothing to check without it
    try:
        known_pages = {Path(name): page for name, page in (known or {}).items()}
        pages = read_pages(config, PageReader(plugins), known=known_pages)
    except SiteError as error:
        problems.extend(error.problems)
    for plugin in plugins:
        try:
            data[plugin.name] = plugin.load(config, references)
        except SiteError as error:
            problems.extend(error.problems)
    if problems:
        raise SiteError(problems)
    return assemble_site(config, pages, data, plugins, references)


def render(
    config: SiteConfig,
    last: cache.BuildCache | None = None,
    now: cache.Survey | None = None,
    strict: bool = False,
) -> Rendered:
    """Everything up to the output: the pages that need it rendered, and every check passed.

    Without `last`, every page is rendered. With it (and `now`, the sources as they are), pages are
    rendered again only if their own file changed, unless the shared inputs or any front matter did.
    """
    now = now or cache.survey(config)
    reused = last.reusable(now.stats) if last else {}
    plugins = extensions(config)
    site = load_site(config, plugins, {name: source.page for name, source in reused.items()})
    fresh = [page for page in site.pages if str(page.path) not in reused]
    shared_changed = last is None or last.shared != now.shared
    everything = (
        last is None
        or shared_changed
        or {str(page.path) for page in site.pages} != last.sources.keys()
        or any(cache.front_matter(p) != cache.front_matter(last.sources[str(p.path)].page) for p in fresh)
    )
    pages = site.pages if everything else fresh

    renderer = SiteRenderer(site, load_catalogs(config), load_assets(config), plugins)
    problems: list[Problem] = []

    files: dict[str, bytes] = {}

    def meanwhile() -> None:  # work for this process while the workers render the pages
        if everything:
            files.update(renderer.assets.files)
            try:
                files.update(renderer.site_files())
            except SiteError as error:
                problems.extend(error.problems)
        if shared_changed:
            problems.extend(Problem(p, m, line) for p, line, m in missing_translations(config, renderer.catalogs))

    def render_page(page: Page) -> tuple[bytes, checks.PageLinks, checks.SourceMarks]:
        page = with_body(page)
        html = renderer.page(page)
        words = config.language(page.lang).number_words
        return html, checks.read_links(page.output_file, html, config), checks.source_marks(page, words)

    outcomes = workers.map_items(render_page, pages, meanwhile)
    links = {} if everything or last is None else dict(last.links)
    marks = {source.page.path: source.marks for source in reused.values()}
    lost_ids = False
    for page, outcome in zip(pages, outcomes, strict=True):
        problems.extend(outcome.problems)
        if outcome.value is not None:
            files[page.output_file], new, marks[page.path] = outcome.value
            old = links.get(page.output_file)
            lost_ids = lost_ids or (old is not None and not old.ids <= new.ids)
            links[page.output_file] = checks.interned(new)
    if problems:
        raise SiteError(problems)
    for name in SITE_FILES if everything else ():
        if name.endswith(".html"):
            links[name] = checks.read_links(name, files[name], config)

    outputs = files.keys() if everything or last is None else files.keys() | last.outputs.keys()
    # A link elsewhere can break only if a page lost an anchor; otherwise check the new pages' links alone.
    linked = links.keys() if everything or lost_ids else [p.output_file for p in pages]
    problems += checks.check_links(site, links, outputs, linked)
    problems += [
        p for page in pages for plugin in plugins for p in plugin.check_page(page, links[page.output_file].ids)
    ]
    problems += checks.check_parity(site, marks, None if everything else {p.key for p in pages})
    if strict:
        problems += checks.check_unwritten(site, marks)
    if problems:
        raise SiteError(problems)
    return Rendered(site, files, everything, pages, fresh, links, marks)


def build(config: SiteConfig, output: Path | None = None) -> Result:
    """Build the site into its output folder, replacing the last good output only on success."""
    target = (output or config.output).resolve()
    check_output_folder(config, target)
    notes: list[str] = []
    last = cache.load(target, notes)
    now = cache.survey(config)  # taken before reading: a file edited meanwhile is read again next time
    if last is not None and last.unchanged(now, target):
        return Result(len(last.stats), len(last.outputs), 0, 0, ())
    if last is not None and not last.read_detail(notes):
        last = None
    rendered = render(config, last, now)

    previous = last.outputs if last else {}
    digests = {name: cache.bytes_digest(data) for name, data in rendered.files.items()}
    changed = {
        name: data
        for name, data in rendered.files.items()
        if name not in previous or previous[name].digest != digests[name]
    }
    if last is None:
        written = write_site(rendered.files, target)  # a whole new folder, swapped in
    else:
        removed = sorted(previous.keys() - rendered.files.keys()) if rendered.everything else []
        written = update_site(changed, removed, target)
    outputs = {} if rendered.everything else dict(previous)
    for name, digest in digests.items():
        outputs[name] = cache.Output(digest, written[name] if name in written else previous[name].stat)

    # Files that were not read again keep their entry; those that were get a new one.
    sources = {name: source for name, source in last.sources.items() if name in now.stats} if last else {}
    for page in rendered.fresh:
        sources[str(page.path)] = cache.Source(cache.file_digest(page.path), page, rendered.marks[page.path])
    # Unless some front matter changed or moved (a line added, say), the pages are saved again as they were.
    same_pages = (
        last is not None
        and not rendered.everything
        and all(cache.same_page(p, last.sources[str(p.path)].page) for p in rendered.fresh)
    )
    cache.save(
        notes,
        target,
        cache.BuildCache(
            now.shared,
            cache.settled(now.stats),
            outputs,
            sources,
            rendered.links,
            pages_blob=last.pages_blob if last and same_pages else None,
        ),
    )
    pages = len(rendered.site.pages)
    return Result(pages, len(outputs), len(rendered.pages), len(changed), tuple(notes))
