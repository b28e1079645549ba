"""The guide's own domain: tiers and their facts, costs and currencies, the comparison table and charts."""

from __future__ import annotations

from typing import Any

import jinja2
from babel.support import NullTranslations

from ..engine import schema as s
from ..engine.config import Language, SiteConfig
from ..engine.content import key_check
from ..engine.errors import Problem
from ..engine.extension import Extension, LanguageView
from ..engine.markup import Macros
from ..engine.model import Page, Site
from .facts import load_facts
from .model import Facts
from .views import GuideView

PROCEDURE = "procedure"
# Sections every procedure page must have, by heading id, and what each is for (SPEC section 3).
PROCEDURE_SECTIONS = {"risks": "a risks section: a heading ending in {#risks}"}


class Guide(Extension):
    name = "guide"
    page_types = (PROCEDURE,)
    front_matter = {"tier": s.Field(key_check, required=False)}

    def load(self, config: SiteConfig) -> Facts:
        return load_facts(config)

    def check_pages(self, config: SiteConfig, data: Facts, pages: list[Page]) -> list[Problem]:
        problems = []
        for page in pages:
            tier = page.params.get("tier")
            if page.type == PROCEDURE:
                if tier is None:
                    problems.append(
                        Problem(page.path, "a procedure page needs 'tier': the id of its tier in data/facts.yaml", 1)
                    )
                if not page.sources:
                    problems.append(
                        Problem(page.path, "a procedure page needs 'sources': the references its facts rest on", 1)
                    )
            elif tier is not None:
                problems.append(Problem(page.path, "'tier' belongs on procedure pages only", page.line_of("tier")))
            if tier is not None and tier not in data.tiers:
                problems.append(
                    Problem(
                        page.path,
                        f"'tier' must be one of the tiers in data/facts.yaml: {', '.join(data.tiers)}",
                        page.line_of("tier"),
                    )
                )
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
        if page.type != PROCEDURE:
            return []
        return [
            Problem(page.path, f"a procedure page needs {what}", page.body_line)
            for anchor, what in PROCEDURE_SECTIONS.items()
            if anchor not in ids
        ]


EXTENSION = Guide()
