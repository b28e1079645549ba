"""How far each translation has come: pages missing, stale or never marked, section ids, data texts and
UI strings. `site-builder status` and the preview's translation status report it (on a site that may not
build yet); `check` warns of stale pages; `build` and `check` say how far a draft language has come."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..base.errors import Problem, SiteError
from ..base.yamlio import load_yaml
from ..config.config import Language, SiteConfig
from ..load.content import PageReader, read_each
from ..load.i18n import Catalogs, catalog_gaps, catalog_path, load_catalogs, template_messages
from ..model.model import Page
from ..model.records import SourceMarks, source_digest, source_marks

TRANSLATED_FROM = "translated_from"  # the front-matter field: the digest of the source page translated


def mark_command(page: Page) -> str:
    """The command that marks `page`, named by its path below content/ (a page may sit in a folder there)."""
    parts = page.path.parts
    start = max((n for n in range(1, len(parts)) if parts[n - 1] == "content" and parts[n] == page.lang), default=-2)
    return f"site-builder translated {'/'.join(parts[start:])}"


def stale_translations(
    pages: Iterable[Page], default_language: str, marks: Mapping[Path, SourceMarks] | None = None
) -> list[Problem]:
    """Translations whose source page has changed since they were marked as translated from it.

    `marks`, when given, holds each page's digest: a build carries over the pages it did not read again from its
    last state, without their text. Otherwise the digests are worked out from the pages' text."""
    pages = list(pages)
    sources = {page.key: page for page in pages if page.lang == default_language}
    stale = []
    for page in pages:
        source = sources.get(page.key)
        if page.lang == default_language or source is None or page.translated_from is None:
            continue
        digest = marks[source.path].digest if marks else source_digest(source)
        if page.translated_from != digest:
            message = (
                f"{source.path.name} has changed since this page was translated from it: "
                f"bring this page up to date, then run '{mark_command(page)}'"
            )
            stale.append(Problem(page.path, message, page.line_of(TRANSLATED_FROM)))
    return stale


@dataclass(frozen=True)
class Count:
    """How many of `total` things a language has, with a problem for each one it lacks."""

    total: int
    lacking: tuple[Problem, ...] = ()

    @property
    def done(self) -> int:
        return self.total - len(self.lacking)


@dataclass(frozen=True)
class LanguageStatus:
    language: Language
    pages: Count  # the default language's pages; `lacking`: those with no translation
    stale: tuple[Problem, ...]
    unmarked: tuple[Problem, ...]  # translated, but never marked with the version of the source they follow
    sections: Count  # section ids (FAQ entries among them) of the translated pages' sources
    texts: Mapping[str, Count] = field(default_factory=dict)  # per data/text file: the default language's ids
    strings: Count = Count(0)  # UI strings the templates use
    fuzzy: tuple[Problem, ...] = ()  # UI strings whose translation is a guess still to review

    @property
    def complete(self) -> bool:
        lacking = (self.pages, self.sections, self.strings, *self.texts.values())
        return not (self.stale or self.unmarked or self.fuzzy or any(count.lacking for count in lacking))

    @property
    def heading(self) -> str:
        """ "Bahasa Indonesia (id): complete", as the report heads the language."""
        draft = ", a draft" if self.language.draft else ""
        return f"{self.language.name} ({self.language.code}{draft}): {'complete' if self.complete else 'incomplete'}"

    def parts(self) -> list[Part]:
        """The report, in the order `status` prints it and the preview shows it."""
        pages = [*_missing(self.pages), *(("stale", p) for p in self.stale), *(("unmarked", p) for p in self.unmarked)]
        texts = [
            Part(f"texts in data/text/{self.language.code}/{name}", count, _missing(count))
            for name, count in self.texts.items()
        ]
        return [
            Part("pages", self.pages, pages),
            Part("section ids", self.sections, _missing(self.sections)),
            *texts,
            Part("UI strings", self.strings, [*_missing(self.strings), *(("fuzzy", p) for p in self.fuzzy)]),
        ]


@dataclass(frozen=True)
class Part:
    """One line of the report, how many of how many, with each thing to do: ("missing", problem) and the like."""

    what: str
    count: Count
    entries: list[tuple[str, Problem]]


def _missing(count: Count) -> list[tuple[str, Problem]]:
    return [("missing", problem) for problem in count.lacking]


def shown(problem: Problem, root: Path) -> str:
    """A problem as the report shows it: a file of the site named from the site's folder."""
    return str(problem).removeprefix(f"{root}/")


def page_status(pages: Sequence[Page], language: Language, default_language: str) -> LanguageStatus:
    """The pages of `language` against the default language's."""
    sources = {page.key: page for page in pages if page.lang == default_language}
    translated = {page.key: page for page in pages if page.lang == language.code}
    missing, unmarked, sections = [], [], []
    section_total = 0
    for key, source in sorted(sources.items()):
        page = translated.get(key)
        if page is None:
            message = f"has no {language.name} version in content/{language.code}/"
            missing.append(Problem(source.path, message, source.line_of("key")))
            continue
        if page.translated_from is None:
            message = f"not yet marked as following {source.path.name} (once it does, run '{mark_command(page)}')"
            unmarked.append(Problem(page.path, message))
        theirs = source_marks(source).anchors
        section_total += len(theirs)
        for anchor in sorted(theirs - source_marks(page).anchors):
            sections.append(Problem(page.path, f"has no section {{#{anchor}}}, which {source.path.name} has"))
    return LanguageStatus(
        language,
        pages=Count(len(sources), tuple(missing)),
        stale=tuple(stale_translations([*sources.values(), *translated.values()], default_language)),
        unmarked=tuple(unmarked),
        sections=Count(section_total, tuple(sections)),
    )


def _ids(data: Any, prefix: str = "") -> dict[str, int | None]:
    """Every text's id in a data/text file (nested keys joined by '.'), with its line."""
    found: dict[str, int | None] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{prefix}{key}"
            if isinstance(value, dict):
                found.update(_ids(value, name + "."))
            else:
                found[name] = data.line_of(key) if hasattr(data, "line_of") else None
    return found


def text_status(config: SiteConfig, language: Language) -> dict[str, Count]:
    """Per file of data/text/<default>/: how many of its texts (by id) the language's file has.
    Lists (the terminology lists) are each language's own, and not compared."""
    counts = {}
    source_dir = config.data_dir / "text" / config.default_language
    for source in sorted(source_dir.glob("*.yaml")):
        target = config.data_dir / "text" / language.code / source.name
        try:
            theirs = _ids(load_yaml(source))
            ours = _ids(load_yaml(target)) if target.is_file() else {}
        except SiteError as error:
            counts[source.name] = Count(1, tuple(error.problems))
            continue
        if not theirs:
            continue
        lacking = tuple(
            Problem(source, f"'{name}' has no {language.name} text in {target.relative_to(config.root)}", line)
            for name, line in theirs.items()
            if name not in ours
        )
        counts[source.name] = Count(len(theirs), lacking)
    return counts


def language_status(
    config: SiteConfig, pages: Sequence[Page], catalogs: Catalogs, used: Mapping[str, tuple[Path, int]]
) -> list[LanguageStatus]:
    """Each language but the default one: its pages, data texts and UI strings against the default's."""
    found = []
    for language in config.languages:
        if language.code == config.default_language:
            continue
        status = page_status(pages, language, config.default_language)
        lacking, fuzzy = catalog_gaps(config, language.code, catalogs.catalogs.get(language.code), used)
        found.append(
            replace(
                status,
                texts=text_status(config, language),
                strings=Count(len(used), tuple(lacking)),
                fuzzy=tuple(fuzzy),
            )
        )
    return found


def site_status(config: SiteConfig, reader: PageReader) -> tuple[list[Problem], list[LanguageStatus]]:
    """The pages that cannot be read, and the status of each language but the default, the draft languages
    included: the site as the preview reads it."""
    every = config.with_overrides(preview=True)
    pages, unreadable = read_each(every, reader)
    used = template_messages(every, {page.type for page in pages})
    return unreadable, language_status(every, pages, load_catalogs(every), used)


def draft_notes(config: SiteConfig, reader: PageReader) -> list[str]:
    """A line for each draft language this build leaves out, saying how far its translation has come."""
    drafts = config.draft_languages
    if not drafts:
        return []
    left_out = "is a draft language, left out of this build"
    try:
        _unreadable, reports = site_status(config, reader)
    except SiteError:  # a catalog that cannot be read: `status` names it
        return [f"{lang.name} ({lang.code}) {left_out}" for lang in drafts]
    notes = []
    for report in (report for report in reports if report.language in drafts):
        texts = Count(sum(c.total for c in report.texts.values()), sum((c.lacking for c in report.texts.values()), ()))
        counts = (("pages", report.pages), ("data texts", texts), ("UI strings", report.strings))
        done = ", ".join(f"{count.done} of {count.total} {what}" for what, count in counts)
        notes.append(
            f"{report.language.name} ({report.language.code}) {left_out}: {done} translated "
            "('site-builder status' lists the rest)"
        )
    return notes


def draft_fallbacks(config: SiteConfig, catalogs: Catalogs, page_types: Iterable[str] | None = None) -> list[Problem]:
    """For each draft language the preview builds, what it shows in the default language for want of a
    translation yet: one warning, since the translation status lists each string and file."""
    drafts = [lang for lang in config.languages if lang.draft]
    if not drafts:  # no need to read every template for its UI strings on each of the preview's builds
        return []
    used = template_messages(config, page_types)
    source = config.language(config.default_language).name
    warnings = []
    for lang in drafts:
        lacking, _fuzzy = catalog_gaps(config, lang.code, catalogs.catalogs.get(lang.code), used)
        folder = config.data_dir / "text" / lang.code
        files = [f"data/text/{lang.code}/{name}" for name in text_status(config, lang) if not (folder / name).is_file()]
        if lacking or files:
            what = [f"{len(lacking)} of {len(used)} UI strings"] if lacking else []
            what += [f"the texts of {', '.join(files)}"] if files else []
            message = (
                f"{lang.name} is a draft language: until translated, {' and '.join(what)} show in {source}; "
                "the translation status lists them"
            )
            warnings.append(Problem(catalog_path(config, lang.code).relative_to(config.root), message))
    return warnings
