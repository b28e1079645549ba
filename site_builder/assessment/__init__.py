"""The self-assessment: rule data, the reference scorer, and what pages show of them.

The checklist page (type: checklist) gets the questions, the printed key and the widget's data; any
page can list what an option treats and cannot do with {{ suits("thread-lift") }} and
{{ limits("thread-lift") }}, rendered from the same indications the scorer reads.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import jinja2
from babel.support import NullTranslations
from markupsafe import Markup

from ..api import (
    Extension,
    Language,
    LanguageView,
    MacroError,
    Macros,
    Page,
    Problem,
    Reference,
    Site,
    SiteConfig,
)
from .load import RULES_FILE, TEXT_FILE, load_rules
from .model import NOT, TREATS, WITH, Rules
from .view import AssessmentText, checklist_context, linked_pages, widget_data

CHECKLIST = "checklist"
LISTS = {"suits": (TREATS,), "limits": (WITH, NOT, "limit")}  # macro -> the kinds of entry it lists
_LISTING = re.compile(r"""\{\{\s*(suits|limits)\(\s*["']([^"']+)["']\s*\)""")


class AssessmentView(LanguageView):
    def __init__(self, site: Site, rules: Rules, language: Language, env: jinja2.Environment, macros: Macros):
        self.site = site
        self.rules = rules
        self.lang = language.code
        self.env = env
        texts = rules.texts[self.lang]
        self.words = AssessmentText(
            rules, self.lang, lambda text: macros.expand(text, texts.path, texts.lines.get(text))
        )

    def page_macros(self, page: Page, cite: Callable[[str], str]) -> Mapping[str, Any]:
        return {name: (lambda outcome, name=name: self.listing(cite, name, outcome)) for name in LISTS}

    def page_sources(self, page: Page) -> Sequence[str]:
        """The sources of the entries the page lists, so each can carry its citation mark."""
        options = {o.id for o in self.rules.options}
        return [
            item.source
            for name, outcome in _LISTING.findall(page.body)
            if outcome in options
            for item in self.words.items(outcome, LISTS[name])
        ]

    def listing(self, cite: Callable[[str], str], name: str, outcome: str) -> Markup:
        """An option's list, each entry with the citation mark of its source, as prose carries them."""
        if outcome not in [o.id for o in self.rules.options]:
            known = ", ".join(o.id for o in self.rules.options)
            raise MacroError(f"unknown option '{outcome}' (known: {known})")
        items = [(item, Markup(cite(item.source))) for item in self.words.items(outcome, LISTS[name])]
        template = self.env.get_template("partials/indications.html")
        return Markup(template.render(items=items, outcome=outcome, kind=name))

    def page_context(self, page: Page) -> Mapping[str, Any]:
        return self.checklist if page.type == CHECKLIST else {}

    @functools.cached_property
    def checklist(self) -> Mapping[str, Any]:
        """The checklist and the widget's data: the same on every checklist page of the language."""
        urls = {p.key: self.site.url(p.url_path) for p in self.site.pages if p.lang == self.lang}
        page_key, section = self.rules.next_step
        return {
            "assessment": {
                **checklist_context(self.rules, self.lang, self.words.expand),
                "next_url": f"{urls[page_key]}#{section}" if page_key in urls else "",
            },
            "assessment_data": widget_data(self.rules, self.lang, urls, self.words.expand),
        }


class Assessment(Extension):
    name = "assessment"
    page_types = (CHECKLIST,)

    def load(self, config: SiteConfig, references: Mapping[str, Reference]) -> Rules:
        texts = {lang.code: config.text_file(lang.code, TEXT_FILE) for lang in config.languages}
        return load_rules(config.data_dir, list(texts), references, texts)

    def check_pages(self, config: SiteConfig, data: Rules, pages: list[Page]) -> list[Problem]:
        keys = {page.key for page in pages}
        rules_file = config.data_dir / RULES_FILE
        lines = rules_file.read_text(encoding="utf-8").splitlines()
        return [
            Problem(
                rules_file,
                f"results link to the page key '{key}', but no page has that key",
                next((n for n, line in enumerate(lines, 1) if f"page: {key}" in line), None),
            )
            for key in linked_pages(data)
            if key not in keys
        ]

    def language_view(
        self,
        site: Site,
        data: Rules,
        language: Language,
        translations: NullTranslations,
        env: jinja2.Environment,
        macros: Macros,
    ) -> LanguageView:
        return AssessmentView(site, data, language, env, macros)


EXTENSION = Assessment()
