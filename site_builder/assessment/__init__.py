"""The self-assessment: rule data, the reference scorer, and the checklist page and widget built from them."""

from __future__ import annotations

from typing import Any

import jinja2
from babel.support import NullTranslations

from ..engine.config import Language, SiteConfig
from ..engine.errors import Problem
from ..engine.extension import Extension, LanguageView
from ..engine.model import Page, Site
from . import scoring_old as scoring

CHECKLIST = "checklist"


class ChecklistView(LanguageView):
    def __init__(self, site: Site, rules: Any, language: Language):
        self.site = site
        self.rules = rules
        self.language = language

    def page_context(self, page: Page) -> dict[str, Any]:
        if page.type != CHECKLIST:
            return {}
        urls = {p.key: self.site.url(p.url_path) for p in self.site.pages if p.lang == page.lang}
        return {
            "assessment": scoring.checklist_context(self.rules, page.lang),
            "assessment_data": scoring.widget_data(self.rules, page.lang, urls),
        }


class Assessment(Extension):
    name = "assessment"
    page_types = (CHECKLIST,)

    def load(self, config: SiteConfig) -> Any:
        return scoring.load_rules(config.data_dir, [lang.code for lang in config.languages])

    def check_pages(self, config: SiteConfig, data: Any, pages: list[Page]) -> list[Problem]:
        keys = {page.key for page in pages}
        rules_file = config.data_dir / scoring.RULES_FILE
        return [
            Problem(rules_file, f"results link to the page key '{key}', but no page has that key")
            for key in scoring.linked_pages(data)
            if key not in keys
        ]

    def language_view(
        self, site: Site, data: Any, language: Language, translations: NullTranslations, env: jinja2.Environment
    ) -> LanguageView:
        return ChecklistView(site, data, language)


EXTENSION = Assessment()
