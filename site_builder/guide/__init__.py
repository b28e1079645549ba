"""The guide's own domain: its options and their facts, costs and currencies, the comparison and charts.

Each option (no procedure yet and the lifting tiers) has a page of type `option` whose front matter names
it (`option: thread-lift`). The build refuses an option page without its sources or without the sections
a reader needs (SPEC section 3): risks, when to get medical help, and questions to ask.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2
from babel.support import NullTranslations

from ..api import Extension, Language, LanguageView, Macros, Page, Problem, Reference, Site, SiteConfig, key_check
from ..api import schema as s
from .facts import load_facts
from .formatting import LANGUAGE_FIELDS, currency_problems
from .model import Facts
from .views import OPTION_PAGE, GuideView

# Sections every option page must have, by heading id, and what each is.
OPTION_SECTIONS = {
    "risks": "a risks section: a heading ending in {#risks}",
    "when-to-get-help": "a section on when to get medical help: a heading ending in {#when-to-get-help}",
    "questions": "questions to ask: a heading ending in {#questions}",
}


class Guide(Extension):
    name = "guide"
    page_types = (OPTION_PAGE,)
    front_matter = {"option": s.Field(key_check, required=False)}
    # Medical content is dated: every page says when it was last reviewed and when it will be again.
    required_front_matter = ("reviewed", "next_review")
    required_pages = ("home", "about")  # the header links home; every footer links the conflict-of-interest page
    language_fields = LANGUAGE_FIELDS
    schema_type = "MedicalWebPage"

    def check_config(self, config: SiteConfig) -> list[Problem]:
        return currency_problems(config)

    def load(self, config: SiteConfig, references: Mapping[str, Reference]) -> Facts:
        return load_facts(config, references)

    def check_pages(self, config: SiteConfig, data: Facts, pages: list[Page]) -> list[Problem]:
        problems = []
        for page in pages:
            option = page.params.get("option")
            if page.type == OPTION_PAGE:
                if option is None:
                    problems.append(Problem(page.path, "an option page needs 'option': its id in data/facts.yaml", 1))
                if not page.sources:
                    problems.append(Problem(page.path, "an option page needs 'sources': what its facts rest on", 1))
            elif option is not None:
                problems.append(Problem(page.path, "'option' belongs on option pages only", page.line_of("option")))
            if option is not None and option not in data.options:
                message = f"'option' must be one of the options in data/facts.yaml: {', '.join(data.options)}"
                problems.append(Problem(page.path, message, page.line_of("option")))
        return problems

    def language_view(
        self,
        site: Site,
        data: Any,
        language: Language,
        translations: NullTranslations,
        env: jinja2.Environment,
        macros: Macros,
    ) -> LanguageView:
        return GuideView(site, data, language, translations, env)

    def check_page(self, page: Page, ids: frozenset[str]) -> list[Problem]:
        if page.type != OPTION_PAGE:
            return []
        return [
            Problem(page.path, f"an option page needs {what}", page.body_line)
            for anchor, what in OPTION_SECTIONS.items()
            if anchor not in ids
        ]


EXTENSION = Guide()
