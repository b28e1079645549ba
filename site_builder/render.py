"""Stage 3: render the model into output files (pages, language chooser, 404, sitemap, robots)."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from babel.support import NullTranslations
from markupsafe import Markup

from . import charts, scoring
from .assets import Assets
from .config import Language
from .errors import Collector, SiteError
from .formatting import Formatter
from .i18n import Catalogs
from .markup import Body, BodyRenderer, MacroError, plain_text
from .model import Page, Range, Site, sessions_needed

SHORT_TABLE_ROWS = ("stage", "social_recovery", "longevity", "cost")  # the home page's table
FACT_FIELDS = ("ages", "operating_time", "downtime", "social_recovery", "stay", "longevity", "repeat_every")
_FAQ = re.compile(r'<h2 id="(faq-[^"]+)">(.*?)</h2>(.*?)(?=<h2 |\Z)', re.S)


@dataclass(frozen=True)
class Link:
    text: str
    href: str
    current: bool = False
    lang: str | None = None


def make_environment(templates: Path, globals: dict[str, Any]) -> jinja2.Environment:  # noqa: A002
    """One environment for every language: templates compile once; gettext is switched per language."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals.update(globals)
    return env


def template_error(templates: Path, exc: BaseException) -> SiteError:
    """Name the template file and line of a Jinja error, whether at compile or at render time."""
    name, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    tb = exc.__traceback__
    root = str(templates.resolve())
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.startswith(root):
            name, line = filename, tb.tb_lineno
        tb = tb.tb_next
    message = getattr(exc, "message", None) or str(exc)
    return SiteError.at(name or templates, f"template error: {message}", line)


class LanguageRenderer:
    """Everything one language's pages need: its templates, formatter and body renderer."""

    def __init__(self, site: Site, language: Language, translations: NullTranslations, env: jinja2.Environment):
        self.site = site
        self.language = language
        self.translations = translations
        self.formatter = Formatter(language, site.facts, translations)
        self.text = site.facts.text[language.code]
        self.env = env
        self.bodies = BodyRenderer()
        # Pages cite the same facts, tables and charts over and over; within a build each has one answer.
        for name in ("fact", "cost", "ten_year_cost", "name", "comparison_table", "chart"):
            setattr(self, name, functools.lru_cache(maxsize=None)(getattr(self, name)))

    def activate(self) -> None:
        """Point the shared template environment's gettext at this language."""
        self.env.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]

    # -- helpers shared by templates and page macros ------------------------------------------
    def url(self, key: str) -> str:
        page = self.site.page(self.language.code, key)
        if page is None:
            raise MacroError(f"no page with key '{key}' in {self.language.name}")
        return self.site.url(page.url_path)

    def _tier(self, tier_id: str):
        try:
            return self.site.facts.tiers[tier_id]
        except KeyError:
            known = ", ".join(self.site.facts.tiers)
            raise MacroError(f"unknown tier '{tier_id}' (known: {known})") from None

    def name(self, item: str) -> str:
        for section in ("tiers", "addons"):
            if item in self.text[section]:
                return self.text[section][item]["name"]
        raise MacroError(f"unknown tier or add-on '{item}'")

    def fact(self, tier_id: str, field: str) -> str:
        tier = self._tier(tier_id)
        if field == "stage":
            return self.text["stages"][tier.stage]
        if field == "anesthesia":
            return self.text["anesthesia"][tier.anesthesia]
        if field not in FACT_FIELDS:
            raise MacroError(f"unknown fact '{field}' (known: stage, anesthesia, {', '.join(FACT_FIELDS)})")
        value = getattr(tier, field)
        return self.text["not_stated"] if value is None else self.formatter.duration(value)

    def cost(self, item: str) -> str:
        if item not in self.site.facts.tiers and item not in self.site.facts.addon_costs:
            raise MacroError(f"unknown tier or add-on '{item}'")
        return self.formatter.cost(self.site.facts.cost(item))

    def ten_year_cost(self, tier_id: str) -> str:
        self._tier(tier_id)
        return self.formatter.cost(self.site.facts.cost_over_horizon(tier_id))

    def comparison_table(self, kind: str = "full") -> Markup:
        if kind not in ("full", "short"):
            raise MacroError('comparison_table takes "full" or "short"')
        _ = self.formatter._
        tiers = list(self.site.facts.tiers)
        rows = [
            ("stage", _("Stage of sagging"), [self.fact(t, "stage") for t in tiers]),
            ("ages", _("Typical ages"), [self.fact(t, "ages") for t in tiers]),
            ("mechanism", _("What it does"), [self.text["tiers"][t]["mechanism"] for t in tiers]),
            ("suits", _("Suits"), [self.text["tiers"][t]["suits"] for t in tiers]),
            ("anesthesia", _("Anaesthesia"), [self.fact(t, "anesthesia") for t in tiers]),
            ("operating_time", _("Operating time"), [self.fact(t, "operating_time") for t in tiers]),
            ("downtime", _("Bruising and swelling"), [self.fact(t, "downtime") for t in tiers]),
            ("social_recovery", _("Back to social life"), [self.fact(t, "social_recovery") for t in tiers]),
            ("stay", _("Stay in Korea"), [self.fact(t, "stay") for t in tiers]),
            ("longevity", _("Results last"), [self.fact(t, "longevity") for t in tiers]),
            ("cost", _("Cost"), [self.cost(t) for t in tiers]),
        ]
        shown = [(label, cells) for row_id, label, cells in rows if kind == "full" or row_id in SHORT_TABLE_ROWS]
        template = self.env.get_template("partials/comparison-table.html")
        guides = {p.tier: self.site.url(p.url_path) for p in self.site.pages if p.lang == self.language.code and p.tier}
        links = [Link(self.name(t), guides.get(t, "")) for t in tiers]
        return Markup(template.render(tiers=links, rows=shown, full=kind == "full"))

    def chart(self, kind: str) -> Markup:
        builders: dict[str, Callable] = {
            "cost-longevity": charts.cost_against_longevity,
            "ten-year-cost": charts.cost_over_horizon,
        }
        if kind not in builders:
            raise MacroError(f"unknown chart '{kind}' (known: {', '.join(builders)})")
        facts = self.site.facts
        rows = [
            {
                "name": self.name(t),
                "longevity": self.fact(t, "longevity"),
                "cost": self.cost(t),
                "sessions": self.count(sessions_needed(facts.horizon_years, facts.tiers[t].repeat_every)),
                "total": self.ten_year_cost(t),
            }
            for t in facts.tiers
        ]
        template = self.env.get_template(f"partials/chart-{kind}.html")
        return Markup(
            template.render(
                chart=builders[kind](facts),
                names={t: self.name(t) for t in facts.tiers},
                rows=rows,
                millions=lambda value: self.formatter.number(value / 1_000_000),
                number=self.formatter.number,
                horizon=facts.horizon_years,
            )
        )

    def count(self, value: Range) -> str:
        return self.formatter.span(self.formatter.number(value.min), self.formatter.number(value.max))

    def macros(self) -> dict[str, Any]:
        return {
            "fact": self.fact,
            "cost": self.cost,
            "ten_year_cost": self.ten_year_cost,
            "name": self.name,
            "url": self.url,
            "comparison_table": self.comparison_table,
            "chart": self.chart,
            "rates_note": self.formatter.rates_note,
            "horizon_years": self.site.facts.horizon_years,
        }

    # -- pages -------------------------------------------------------------------------------
    def render_page(self, page: Page) -> str:
        body = self.bodies.render(page, self.macros())
        context = self.page_context(page, body)
        if page.type == "checklist":
            urls = {p.key: self.site.url(p.url_path) for p in self.site.pages if p.lang == page.lang}
            context["assessment"] = scoring.checklist_context(self.site.rules, page.lang)
            context["assessment_data"] = scoring.widget_data(self.site.rules, page.lang, urls)
        return self.env.get_template(f"{page.type}.html").render(context)

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
            "reviewed": self.formatter.date(page.reviewed),
            "next_review": self.formatter.date(page.next_review),
            "json_ld": self.json_ld(page, breadcrumbs, faq),
            "og_locale": lang.locale,
            "og_alternates": [site.config.language(p.lang).locale for p in versions if p.lang != page.lang],
        }

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
        graph: list[dict[str, Any]] = [
            {
                "@type": "MedicalWebPage",
                "@id": url,
                "url": url,
                "name": page.title,
                "description": page.description,
                "inLanguage": self.language.code,
                "lastReviewed": page.reviewed.isoformat(),
                "publisher": publisher,
                "isPartOf": {"@type": "WebSite", "name": self.language.site_name, "url": site.absolute_url()},
            },
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
SITE_FILES = {
    "index.html": "root.html",
    "404.html": "404.html",
    "sitemap.xml": "sitemap.xml",
    "robots.txt": "robots.txt",
    "_headers": "_headers",
}


class SiteRenderer:
    """Renders any page of the site, or the site-wide files; set up once per build."""

    def __init__(self, site: Site, catalogs: Catalogs, assets: Assets):
        problems = Collector()
        for name in (n for n in SITE_FILES if n in assets.files):
            problems.add(
                site.config.static_dir / name, "a static file cannot share its name with a file the builder makes"
            )
        problems.raise_if_any()
        self.site = site
        self.catalogs = catalogs
        self.assets = assets
        self.templates = site.config.templates_dir
        self.env = make_environment(
            self.templates, {"site": site, "asset": lambda source: site.url(assets.output_path(source))}
        )
        self.renderers = {
            lang.code: LanguageRenderer(site, lang, catalogs.translations[lang.code], self.env)
            for lang in site.languages
        }
        self._active: LanguageRenderer | None = None

    def _activate(self, code: str) -> LanguageRenderer:
        renderer = self.renderers[code]
        if renderer is not self._active:
            renderer.activate()
            self._active = renderer
        return renderer

    def page(self, page: Page) -> bytes:
        """One page's HTML; a mistake in its text or a template raises SiteError naming the file and line."""
        try:
            return self._activate(page.lang).render_page(page).encode("utf-8")
        except jinja2.TemplateError as exc:
            raise template_error(self.templates, exc) from None

    def site_files(self) -> dict[str, bytes]:
        """The language chooser, 404 page, sitemap, robots.txt and headers file."""
        site = self.site
        default = self._activate(site.config.default_language)
        context = {
            "lang": default.language,
            "homes": [p for lang in site.languages if (p := site.page(lang.code, "home"))],
            "pages": site.pages,
            "renderers": self.renderers,
            "gettexts": {code: self.catalogs.translations[code].gettext for code in self.renderers},
        }
        try:
            return {name: self.env.get_template(t).render(context).encode("utf-8") for name, t in SITE_FILES.items()}
        except jinja2.TemplateError as exc:
            raise template_error(self.templates, exc) from None
