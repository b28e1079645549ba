"""Render the model into output files (pages, language chooser, 404, sitemap, robots, redirects)."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from babel.dates import format_date
from babel.support import NullTranslations
from markupsafe import Markup, escape

from ..base import workers
from ..base.errors import Collector, Problem, SiteError
from ..config.config import Language
from ..extension import Extension
from ..load.assets import Assets
from ..load.glossary import GLOSSARY_FILE, GLOSSARY_KEY
from ..load.i18n import Catalogs, TemplateString, template_gettext
from ..load.pictures import PagePictures, PictureFile
from ..load.references import REFERENCES_FILE, page_references
from ..load.theme import REDIRECT_TEMPLATE, SITE_FILES
from ..model.model import Page, Site
from ..model.records import PageLinks, SourceMarks, bytes_digest, draft_message, read_links, source_marks
from . import cards, timeout
from .cards import Card, draw_cards
from .macros import MacroError, Macros
from .markup import Body, BodyRenderer, plain_text
from .search import Document, index_path, pack, read_document, search_page, stemmer_name, unpack
from .spool import Spool
from .templates import compile_templates, make_environment, template_errors
from .timeout import time_limit

_FAQ = re.compile(r'<h2 id="(faq-[^"]+)">(.*?)</h2>(.*?)(?=<h2 |\Z)', re.S)


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    current: bool = False
    lang: str | None = None


class LanguageRenderer:
    """Everything one language's pages need: its templates, its extensions' macros and the body renderer."""

    def __init__(
        self,
        site: Site,
        language: Language,
        translations: NullTranslations,
        env: jinja2.Environment,
        extensions: Sequence[Extension],
        stale: Mapping[Path, Page] | None = None,
    ):
        self.site = site
        self.stale = stale or {}
        self.language = language
        self.translations = translations
        self.env = env
        self.glossary = site.glossary.get(language.code, ())
        # The schema.org type of every page: plain WebPage, unless an extension names a more specific one.
        self.schema_type = next((ext.schema_type for ext in extensions if ext.schema_type), "WebPage")
        self._macros = Macros()
        self.views = [
            ext.language_view(site, site.data[ext.name], language, translations, env, self._macros)
            for ext in extensions
        ]
        self._macros.table["url"] = self.url
        self._macros.table["glossary"] = self.glossary_list
        for view in self.views:
            self._macros.table.update(view.macros())
        self.search = search_page(site, language.code)  # the header's search form leads there
        self.stemmer = stemmer_name(language)

    @functools.cached_property
    def bodies(self) -> BodyRenderer:
        """Made when the language's first page is rendered (render_site makes it before the workers start): an
        edit renders the pages of one language, and a Markdown instance takes a noticeable time to set up."""
        site, language = self.site, self.language
        listing = site.page(language.code, GLOSSARY_KEY)
        return BodyRenderer(
            self.translations.gettext,
            self.glossary,
            site.url(listing.url_path) if listing else None,
            PagePictures(site.pictures, site.url, site.config.picture_kb, site.picture_sizes),
        )

    def activate(self) -> None:
        """Point the shared template environment's gettext at this language."""
        self.env.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]  # jinja2.ext.i18n adds it
        self.env.globals.update(template_gettext(self.translations))  # catalog text is text, % as gettext says

    def url(self, key: str) -> str:
        page = self.site.page(self.language.code, key)
        if page is None and self.language.draft:  # a draft language (in the preview) lacks pages: link the source
            page = self.site.page(self.site.config.default_language, key)
        if page is None:
            draft = self.site.draft_left_out(self.language.code, key)
            if draft is not None:
                raise MacroError(draft_message(f"the page '{key}'", draft))
            raise MacroError(f"no page with key '{key}' in {self.language.name}")
        return self.site.url(page.url_path)

    def glossary_list(self) -> Markup:
        """The glossary page's list: every entry of data/text/<lang>/glossary.yaml, in its order."""
        if not self.glossary:
            raise MacroError(f"glossary: there is no data/text/{self.language.code}/{GLOSSARY_FILE}")
        return Markup(self.env.get_template("partials/glossary.html").render(terms=self.glossary))

    def citer(self, sources: list[str]) -> Callable[[str], str]:
        """The cite macro of one page: a numbered link to the source in the page's list of sources."""

        def cite(key: str) -> str:
            if key not in self.site.references:
                raise MacroError(f"cite: no source '{key}' in data/{REFERENCES_FILE}")
            if key not in sources:  # a view cited a source it did not name in page_sources
                raise MacroError(f"cite: the source '{key}' is not in this page's list of sources")
            number = sources.index(key) + 1
            label = self.translations.gettext("Source %(number)s") % {"number": number}
            # A plain string, not Markup: Markup is block HTML to the body renderer, and a citation sits in a line.
            return f'<a class="cite" href="#source-{escape(key)}" aria-label="{escape(label)}">[{number}]</a>'

        return cite

    def date(self, value: datetime.date) -> str:
        return format_date(value, "long", locale=self.language.locale)

    def card(self, page: Page) -> Card | None:
        """The page's link-preview picture: its title under the site's name (None if the site draws none)."""
        style = self.site.card_style
        return Card(page.title, self.language.site_name, style) if style else None

    def macros(self) -> dict[str, Any]:
        return self._macros.table

    # -- pages -------------------------------------------------------------------------------
    def render_page(self, page: Page) -> tuple[str, tuple[PictureFile, ...]]:
        """The page's HTML, and the picture files it shows."""
        extra = [key for view in self.views for key in view.page_sources(page)]
        sources = page_references((*page.sources, *extra), page.body)
        cite = self.citer(sources)
        macros = {**self.macros(), "cite": cite}
        for view in self.views:
            macros.update(view.page_macros(page, cite))
        body = self.bodies.render(page, macros)
        context = self.page_context(page, body)
        # Templates mark what they show from data with the same numbers as the text.
        context["cite"] = lambda key: Markup(cite(key))
        code = self.language.code
        context["references"] = [
            {
                **dataclasses.asdict(ref),
                "read": self.date(ref.read) if ref.read else None,
                **dict(zip(("publisher", "publisher_lang"), ref.publisher_for(code), strict=True)),
            }
            for ref in (self.site.references[key] for key in sources)
        ]
        for view in self.views:
            context.update(view.page_context(page))
        return self.env.get_template(f"{page.type}.html").render(context), body.pictures

    def page_context(self, page: Page, body: Body) -> dict[str, Any]:
        site, lang = self.site, self.language
        versions = site.versions(page)
        home = site.page(lang.code, "home")
        breadcrumbs = [home, page] if home and home.key != page.key else [page]
        faq = (
            [(qid, plain_text(question), plain_text(answer)) for qid, question, answer in _FAQ.findall(body.html)]
            if page.type == "faq"
            else []
        )
        return {
            "lang": lang,
            "url": self.url,
            "page": page,
            "body": Markup(body.html),
            "headings": body.headings,
            "title": page.title if page.type == "home" else f"{page.title} | {lang.site_name}",
            "canonical": site.absolute_url(page.url_path),
            "alternates": self.alternates(page),
            "switcher": [
                Link(self.site.config.language(p.lang).name, site.url(p.url_path), p.lang == lang.code, p.lang)
                for p in versions
            ],
            "nav": [
                Link(p.short_title, site.url(p.url_path), p.key == page.key)
                for key in site.config.nav
                if (p := site.page(lang.code, key))
            ],
            "breadcrumbs": breadcrumbs,
            "home": home,
            "reviewed": page.reviewed and self.date(page.reviewed),
            "next_review": page.next_review and self.date(page.next_review),
            "overdue": page.next_review is not None and page.next_review < site.config.today,
            # A translation behind its source page says so to its readers, with a link to the source.
            "source_changed": (source := self.stale.get(page.path))
            and Link(site.config.language(source.lang).name, site.url(source.url_path), lang=source.lang),
            "json_ld": self.json_ld(page, breadcrumbs, faq),
            "og_locale": lang.locale,
            "og_alternates": [site.config.language(p.lang).locale for p in versions if p.lang != page.lang],
            "search_url": self.search and site.url(self.search.url_path),
            "search_index": self.search and site.url(index_path(self.search)),
            "stemmer": self.stemmer,
            "card": self.card(page),
            "edit_url": self.edit_url(page),
        }

    def edit_url(self, page: Page) -> str | None:
        """site.yaml's `edit_url:` and the page's file from the project's folder: its source in the web editor."""
        config = self.site.config
        return config.edit_url and config.edit_url + page.path.relative_to(config.root).as_posix()

    def alternates(self, page: Page) -> list[Link]:
        site = self.site
        links = [Link(p.lang, site.absolute_url(p.url_path)) for p in site.versions(page)]
        default = site.page(site.config.default_language, page.key)
        # The language chooser is the x-default of the home pages; other pages fall back to the default language.
        x_default = (
            site.absolute_url() if page.type == "home" or default is None else site.absolute_url(default.url_path)
        )
        return [*links, Link("x-default", x_default)]

    def json_ld(self, page: Page, breadcrumbs: list[Page], faq: list[tuple[str, str, str]]) -> dict[str, Any]:
        site = self.site
        url = site.absolute_url(page.url_path)
        publisher = {"@type": "Organization", "name": site.config.publisher.name, "url": site.config.publisher.url}
        about: dict[str, Any] = {
            "@type": self.schema_type,
            "@id": url,
            "url": url,
            "name": page.title,
            "description": page.description,
            "inLanguage": self.language.code,
        }
        if page.reviewed is not None:
            about["lastReviewed"] = page.reviewed.isoformat()
        about["publisher"] = publisher
        about["isPartOf"] = {"@type": "WebSite", "name": self.language.site_name, "url": site.absolute_url()}
        graph: list[dict[str, Any]] = [
            about,
            {
                "@type": "BreadcrumbList",
                "itemListElement": [
                    {"@type": "ListItem", "position": i, "name": p.short_title, "item": site.absolute_url(p.url_path)}
                    for i, p in enumerate(breadcrumbs, 1)
                ],
            },
        ]
        if faq:
            graph.append(
                {
                    "@type": "FAQPage",
                    "@id": url + "#faq",
                    "mainEntity": [
                        {
                            "@type": "Question",
                            "@id": f"{url}#{qid}",
                            "name": question,
                            "acceptedAnswer": {"@type": "Answer", "text": answer},
                        }
                        for qid, question, answer in faq
                    ],
                }
            )
        return {"@context": "https://schema.org", "@graph": graph}


# Site-wide files: output name -> template. The pages come from content/.

class SiteRenderer:
    """Renders any page of the site, or the site-wide files; set up once per build."""

    def __init__(
        self,
        site: Site,
        catalogs: Catalogs,
        assets: Assets,
        extensions: Sequence[Extension] = (),
        stale: Mapping[Path, Page] | None = None,
    ):
        """`stale`: each translation whose source page has changed since it was marked, with that page."""
        timeout.start_over()  # a preview builds again and again in one process
        problems = Collector()
        for name in (n for n in SITE_FILES if n in assets.files):
            problems.add(
                site.config.static_dir / name, "a static file cannot share its name with a file the builder makes"
            )
        problems.raise_if_any()
        self.site = site
        self.catalogs = catalogs
        self.assets = assets
        self.templates = site.config.template_dirs
        self.env = make_environment(
            self.templates, {"site": site, "asset": lambda source: site.url(assets.output_path(source))}
        )
        self.renderers = {
            lang.code: LanguageRenderer(site, lang, catalogs.translations[lang.code], self.env, extensions, stale or {})
            for lang in site.languages
        }
        self._active: LanguageRenderer | None = None

    def _activate(self, code: str) -> LanguageRenderer:
        renderer = self.renderers[code]
        if renderer is not self._active:
            renderer.activate()
            self._active = renderer
        return renderer

    def page(self, page: Page) -> tuple[bytes, tuple[PictureFile, ...]]:
        """One page's HTML and the picture files it shows; a mistake in its text or a template raises SiteError
        naming the file and line."""
        with template_errors(self.templates, page), time_limit(page, self.site.config.render_seconds):
            html, pictures = self._activate(page.lang).render_page(page)
            return html.encode("utf-8"), pictures

    def homes(self) -> list[Page]:
        """The home page of each language, in the configured order: what the language chooser offers."""
        return [p for lang in self.site.languages if (p := self.site.page(lang.code, "home"))]

    def root_card(self) -> Card | None:
        """The language chooser's picture: every language's site name, under the publisher's."""
        style = self.site.card_style
        names = "\n".join(self.renderers[home.lang].language.site_name for home in self.homes())
        return Card(names, self.site.config.publisher.name, style) if style else None

    def site_files(self) -> dict[str, bytes]:
        """The language chooser, 404 page, sitemap, robots.txt, headers and redirects files, and redirect pages."""
        site = self.site
        default = self._activate(site.config.default_language)
        context = {
            "lang": default.language,
            "homes": self.homes(),
            "card": self.root_card(),
            "og_locale": default.language.locale,
            "og_alternates": [lang.locale for lang in site.languages if lang is not default.language],
            "pages": site.pages,
            "renderers": self.renderers,
            "gettexts": {code: self.catalogs.translations[code].gettext for code in self.renderers},
        }
        seconds = site.config.render_seconds
        files = {}
        with template_errors(self.templates):  # each under the same limit as a page
            for name, template in SITE_FILES.items():
                with time_limit(name, seconds):
                    files[name] = self.env.get_template(template).render(context).encode("utf-8")
            for old, page in site.redirects():
                with time_limit(old + "index.html", seconds):
                    files[old + "index.html"] = self.redirect(page)
        return files

    def redirect(self, page: Page) -> bytes:
        """The page at an old address: it sends readers, and search engines, on to `page`, in its language."""
        context = {
            "lang": self._activate(page.lang).language,
            "page": page,
            "target": self.site.url(page.url_path),
            "canonical": self.site.absolute_url(page.url_path),
        }
        return self.env.get_template(REDIRECT_TEMPLATE).render(context).encode("utf-8")


@dataclass
class Rendered:
    """What the render stage made: new bytes, and what the checks (and the next build) need of them."""

    # The bytes, and what search keeps of each page, wait in a file (spool.py) until they are written.
    files: MutableMapping[str, bytes] = field(default_factory=Spool)  # output file -> bytes
    links: dict[str, PageLinks] = field(default_factory=dict)  # of every HTML file rendered
    marks: dict[Path, SourceMarks] = field(default_factory=dict)  # of every page rendered, by its file
    documents: MutableMapping[Path, Document | None] = field(  # what search keeps of each, by its file
        default_factory=lambda: Spool(encode=pack, decode=unpack)
    )
    # The pictures the rendered pages show, by output file; drawn only where the output lacks them.
    cards: dict[str, Card] = field(default_factory=dict)
    pictures: dict[str, PictureFile] = field(default_factory=dict)  # the pages' pictures and their copies, likewise
    # Link-preview pictures drawn with their pages, by output file: they join the files once the checks pass.
    drawn: MutableMapping[str, bytes] = field(default_factory=dict)
    # The UI strings of each template compiled on the way, by its source text (templates.Environment).
    messages: Mapping[str, tuple[TemplateString, ...]] = field(default_factory=dict)
    # The UI strings the catalogs lack, when looked for while the pages were rendered (see render_site's `meanwhile`).
    untranslated: list[Problem] | None = None

    def add(self, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> None:
        """Files made from what was rendered (the search indexes, the pictures), before the digests are taken."""
        self.files.update(files)
        self.__dict__.pop("digests", None)

    @functools.cached_property
    def digests(self) -> dict[str, bytes]:
        """Of every file rendered: taken once, for deciding what to write and for the next build."""
        return {name: bytes_digest(data) for name, data in self.files.items()}


def render_site(
    renderer: SiteRenderer,
    pages: Sequence[Page],
    site_files: bool,
    spool: Path | None = None,
    to_draw: Callable[[Mapping[str, Card]], Mapping[str, Card]] | None = None,
    meanwhile: Callable[[Rendered], None] | None = None,
) -> Rendered:
    """Render `pages` across the machine's cores and, when `site_files`, the static and site-wide files.

    Each page's links and the marks the translation check compares are taken while it is at hand, so
    neither has to be read again; every mistake in every page is reported together. The bytes wait in a
    file in the folder `spool` until they are written. With `to_draw` (of the cards given, those the output
    lacks), each page's card is drawn by the worker that renders the page, instead of by a second set of
    workers after the checks; it waits in `drawn` until they pass. `meanwhile`: work of the caller's that
    this process does while the workers render, once the templates are compiled (with no workers, after the pages).
    """
    config = renderer.site.config
    rendered = Rendered(
        Spool(spool), documents=Spool(spool, pack, unpack), drawn=Spool(spool), messages=renderer.env.messages
    )
    problems: list[Problem] = []

    def render_page(
        page: Page,
    ) -> tuple[bytes, PageLinks, SourceMarks, Document | None, tuple[PictureFile, ...], Mapping[str, bytes]]:
        html, pictures = renderer.page(page)
        language = config.language(page.lang)
        links, marks = read_links(page.output_file, html, config), source_marks(page, language.number_words)
        card = renderer.renderers[page.lang].card(page)
        drawn = draw_cards(to_draw({card.name: card}), config.render_seconds) if card and to_draw else {}
        return html, links, marks, read_document(page, html, language), pictures, drawn

    def while_waiting() -> None:  # this process's own share while the workers render pages
        if site_files:
            rendered.files.update(renderer.assets.files)
            try:
                made = renderer.site_files()
            except SiteError as error:
                problems.extend(error.problems)
                made = None
            if made is not None:
                rendered.files.update(made)
                if (card := renderer.root_card()) is not None:
                    rendered.cards[card.name] = card
                links = ((n, read_links(n, data, config)) for n, data in made.items() if n.endswith(".html"))
                rendered.links.update(links)
        if meanwhile is not None and forked:
            meanwhile(rendered)

    forked: list[bool] = []  # with workers, the templates are compiled before they start; without, page by page

    def before_fork() -> None:
        forked.append(True)
        compile_templates(renderer.env, config, {page.type for page in pages})
        for code in {page.lang for page in pages}:  # each worker starts with them made
            renderer.renderers[code].bodies  # noqa: B018 - made on first use
        if to_draw is not None and renderer.site.card_style is not None:
            from PIL import ImageDraw  # noqa: F401 - loaded once here, not again in each worker

            workers.drawn_by(cards.__file__)  # what every card's name holds of the drawing code: taken once here too

    # Most links and ids are on every page (navigation, sources): kept once each, a large site's links
    # take a fraction of the memory they would as the workers' separate copies.
    once: dict[Any, Any] = {}
    for page, result in zip(pages, workers.each_item(render_page, pages, while_waiting, before_fork), strict=True):
        problems.extend(result.problems)
        if result.value is not None:
            html, links, marks, document, pictures, drawn = result.value
            rendered.drawn.update(drawn)
            links = PageLinks(
                frozenset(once.setdefault(i, i) for i in links.ids),
                tuple(once.setdefault(link, link) for link in links.links),
            )
            rendered.files[page.output_file], rendered.links[page.output_file] = html, links
            rendered.marks[page.path], rendered.documents[page.path] = marks, document
            if (card := renderer.renderers[page.lang].card(page)) is not None:
                rendered.cards[card.name] = card
            rendered.pictures.update((picture.name, picture) for picture in pictures)
    if meanwhile is not None and not forked:  # after the pages, once they have compiled what they use
        meanwhile(rendered)
    if problems:
        raise SiteError(dict.fromkeys(problems))  # a template's mistake once, not once per page
    return rendered
