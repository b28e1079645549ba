"""The pipeline: config → load and validate → model → render (and the search index) → check → draw → write.

Each stage does the same whether the build is whole or incremental: the plan (incremental/plan.py) says
which files to read again, which pages to render and what to check again, from the state the last good
build left (incremental/state.py).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .base.errors import Problem, SiteError
from .config.config import SiteConfig, cldr_problems, language_problems
from .incremental.plan import Plan, Scope, start
from .incremental.store import OnDisk, Store
from .model.model import Page, Site
from .write.output import claim, write_site

# The stages past the plan are imported where they run: a build with nothing to do stops at the plan.
if TYPE_CHECKING:
    from .extension import Extension
    from .load.i18n import Catalogs
    from .render.render import Rendered


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int  # in the output folder
    pages_rendered: int  # the rest were unchanged since the last build
    written: frozenset[str]  # the output files whose bytes changed
    notes: tuple[str, ...]  # why a build did more than its changes asked for
    drafts: tuple[str, ...] = ()  # the page files left out as drafts
    warnings: tuple[str, ...] = ()  # what the editor should look at, though the build succeeded

    @property
    def files_written(self) -> int:
        return len(self.written)


def build(config: SiteConfig, output: Path | None = None, store: Store | None = None) -> BuildReport:
    """Build the site into its output folder, replacing the last good output, whole and at once, only on success.

    `store` keeps what the next build needs to redo only what changed: by default a file beside the output.
    """
    target = (output or config.output).resolve()
    try:  # `--output new/folder/public`: the folders above it are made, as `mkdir -p` would
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        message = f"cannot make this folder for the output ({error.strerror or error})"
        raise SiteError.at(target.parent, message) from None
    store = store or OnDisk()
    notes: list[str] = []
    with claim(config, target):  # one build at a time; an interrupted one undone; a folder not ours refused
        plan = start(config, target, notes, store)
        if (same := plan.unchanged()) is not None:
            if same.state is not None:  # a file saved again as it was, whose stat can now be trusted
                store.save(target, same.state, notes)
            return BuildReport(same.pages, same.files, 0, frozenset(), (), same.drafts)
        plugins = extensions(config)
        site = load(config, plugins, plan, notes)
        catalogs = load_catalogs(config)
        rendered = render(site, catalogs, plugins, plan, draw=True)
        index(site, plan, rendered)
        warnings = check(site, catalogs, plugins, plan.scope(site, rendered), rendered)
        site.let_go_of_texts()
        draw(plan, rendered, config.render_seconds)
        changes = plan.changes(rendered)
        written = changes.written or write_site(changes.files, target, changes.kept)
        store.save(target, plan.advance(site, rendered, written), notes)
        if not config.preview:  # the preview's drafts are not published
            publish(site)
    drafts = tuple(str(page.path) for page in site.drafts)
    return BuildReport(
        len(site.pages),
        len(changes.files) + len(changes.kept),
        len(rendered.marks),
        frozenset(changes.files),
        tuple(notes),
        drafts,
        tuple(warnings),
    )


class Checked(NamedTuple):
    """What `check` found besides problems: the site, the warnings a build would give, and stale translations."""

    site: Site
    warnings: list[str]
    stale: list[Problem]


def check_site(config: SiteConfig) -> Checked:
    """Every check of a build, without writing anything.

    Uses the state of the last build into the configured output folder when there is one, and leaves it as it was.
    """
    from .check.translations import stale_translations

    notes: list[str] = []
    plan = start(config, config.output.resolve(), notes, OnDisk())
    plugins = extensions(config)
    site = load(config, plugins, plan, notes)
    catalogs = load_catalogs(config)
    rendered = render(site, catalogs, plugins, plan)
    scope = plan.scope(site, rendered)
    warnings = check(site, catalogs, plugins, scope, rendered)
    return Checked(site, warnings, stale_translations(site.pages, config.default_language, scope.marks))


def extensions(config: SiteConfig) -> list[Extension]:
    """The domain packages site.yaml names, in its order."""
    from .extension import load_extensions

    return load_extensions(config)


def load_site(
    config: SiteConfig, plugins: Sequence[Extension], sources: Mapping[Path, str | Page] | None = None
) -> Site:
    """Read and validate every source into the model; all problems of a stage are reported together.

    `sources` gives page files already read (see content.read_pages); the rest are read here.
    """
    from .load.assemble import assemble_site
    from .load.card_style import load_card_style
    from .load.content import PageReader, read_pages
    from .load.glossary import load_glossary
    from .load.pictures import load_pictures, load_sizes
    from .load.references import load_references

    problems: list[Problem] = cldr_problems(config)
    problems += language_problems(config, {name: f for plugin in plugins for name, f in plugin.language_fields.items()})
    if not problems:  # an extension's own checks of its settings may rely on their shape
        problems += [problem for plugin in plugins for problem in plugin.check_config(config)]
    pages: list[Page] = []
    data = {}
    glossary = {}
    card_style = None
    pictures = {}
    try:
        references = load_references(config)
    except SiteError as error:
        raise SiteError(error.problems) from None  # every other source cites it: nothing to check without it
    try:
        pages = read_pages(config, PageReader(plugins), sources)
    except SiteError as error:
        problems.extend(error.problems)
    try:
        glossary = load_glossary(config)
    except SiteError as error:
        problems.extend(error.problems)
    try:
        card_style = load_card_style(config)
    except SiteError as error:
        problems.extend(error.problems)
    try:
        pictures = load_pictures(config)
    except SiteError as error:
        problems.extend(error.problems)
    for plugin in plugins:
        try:
            data[plugin.name] = plugin.load(config, references)
        except SiteError as error:
            problems.extend(error.problems)
    if problems:
        raise SiteError(problems)
    sizes = load_sizes(config)
    return assemble_site(config, pages, data, plugins, references, glossary, card_style, pictures, picture_sizes=sizes)


def load(config: SiteConfig, plugins: Sequence[Extension], plan: Plan, notes: list[str]) -> Site:
    """The model, from the files the plan reads; read and loaded again in full if some front matter moved."""
    site = load_site(config, plugins, plan.sources(notes))
    if plan.widen(site):
        site = load_site(config, plugins, plan.sources(notes))
    return site


def load_catalogs(config: SiteConfig) -> Catalogs:
    """Each language's gettext catalog, compiled from its .po file."""
    # This stage and the next are the first to need Babel's catalogs, Jinja2 and Markdown: a build with
    # nothing to do, or a command that does not build, never waits for them to load.
    from .load.i18n import load_catalogs

    return load_catalogs(config)


def render(site: Site, catalogs: Catalogs, plugins: Sequence[Extension], plan: Plan, draw: bool = False) -> Rendered:
    """The pages the plan names, and the site-wide files when every page is rendered; with `draw`, the link-preview
    pictures of those pages that the output folder lacks as well, each drawn with its page."""
    from .base.workers import frozen
    from .load.assets import load_assets
    from .render.render import SiteRenderer, render_site

    to_draw = plan.to_draw if draw else None

    def untranslated(rendered: Rendered) -> None:  # for the checks, while the workers render (it needs no page)
        from .load.i18n import missing_translations

        types = {page.type for page in site.every_page}
        try:
            rendered.untranslated = missing_translations(site.config, catalogs, types, rendered.messages)
        except SiteError as error:
            rendered.untranslated = list(error.problems)

    meanwhile = untranslated if plan.shared_changed else None
    pages, spool = plan.pages(site), plan.output.parent
    # What the build has loaded lives until the pages are rendered: left alone by the collector of cycles, which
    # would otherwise go through all of it again as rendering allocates (a whole pass took some 30 ms).
    with frozen():
        assets = load_assets(site.config, {page.type for page in site.every_page})
        renderer = SiteRenderer(site, catalogs, assets, plugins, stale_sources(site, plan))
        return render_site(renderer, pages, plan.everything, spool=spool, to_draw=to_draw, meanwhile=meanwhile)


def stale_sources(site: Site, plan: Plan) -> dict[Path, Page]:
    """Each translation whose source page has changed since it was marked as translated from it, with that page.

    None in the preview: its editors see the translation status page instead, and an edit renders one page."""
    default = site.config.default_language
    found: dict[Path, Page] = {}
    if site.config.preview:
        return found
    for page in site.pages:
        source = site.page(default, page.key)
        if page.lang == default or source is None or page.translated_from is None:
            continue
        if plan.source_digest(source) != page.translated_from:
            found[page.path] = source
    return found


def index(site: Site, plan: Plan, rendered: Rendered) -> None:
    """Each language's search index, from what its pages hold as rendered, joins the rendered files."""
    from .render.search import make_part

    rendered.add((part.path, make_part(site, part, documents)) for part, documents in plan.search_parts(site, rendered))


def draw(plan: Plan, rendered: Rendered, seconds: float) -> None:
    """The link-preview pictures and the pages' pictures (and their WebP copies) the output folder lacks,
    drawn once the checks have passed; a page's card drawn with the page joins the files now."""
    from .load.pictures import draw_pictures
    from .render.cards import draw_cards

    cards = plan.to_draw(rendered.cards)
    made = draw_cards({name: card for name, card in cards.items() if name not in rendered.drawn}, seconds)
    rendered.add((name, made[name] if name in made else rendered.drawn[name]) for name in sorted(cards))
    rendered.add(draw_pictures(plan.to_draw(rendered.pictures)))


def check(site: Site, catalogs: Catalogs, plugins: Sequence[Extension], scope: Scope, rendered: Rendered) -> list[str]:
    """Every check over what was rendered, and over what it may have broken elsewhere; raises with all problems,
    and returns the warnings: published addresses the site no longer has a page for (as site.yaml asks).
    `rendered`: what the render stage made, with the UI strings the catalogs lack when it looked for them.

    In the preview, a difference between a page and its translation is a warning instead: an editor writes
    one language first. It is looked for on every page then, so it shows until it is mended.
    """
    from .check import checks
    from .check.addresses import check_addresses

    links, marks = scope.links, scope.marks
    problems = checks.check_links(site, links, scope.files, scope.link_files)
    for page in scope.pages:
        problems += [p for plugin in plugins for p in plugin.check_page(page, links[page.output_file].ids)]
    preview = site.config.preview
    parity = checks.check_parity(site, marks, None if preview else scope.parity_keys)
    problems += [] if preview else parity
    problems += checks.check_unwritten(site, marks)
    if scope.shared_changed and rendered.untranslated is not None:
        problems += rendered.untranslated
    elif scope.shared_changed:
        from .load.i18n import missing_translations

        page_types = {page.type for page in site.every_page}
        problems += missing_translations(site.config, catalogs, page_types, rendered.messages)
    if problems:
        raise SiteError(problems)
    warnings = check_addresses(site.config, site.pages)
    if not preview:
        return warnings
    from .check.translations import draft_fallbacks

    # What a draft language shows in the default language until it is translated: said on every preview build.
    fallbacks = draft_fallbacks(site.config, catalogs, {page.type for page in site.every_page})
    return [*map(str, parity), *map(str, fallbacks), *warnings]


def publish(site: Site) -> None:
    """The addresses this build published, kept in the project (published.txt) for the next build's check."""
    from .check.addresses import record_published

    record_published(site.config, site.pages)
