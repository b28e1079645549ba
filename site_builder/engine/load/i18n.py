"""UI strings. Reads locales/<lang>/LC_MESSAGES/messages.po into gettext translations."""

from __future__ import annotations

import gettext
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import jinja2
from babel.messages.catalog import PYTHON_FORMAT, Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_python
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import NullTranslations, Translations
from markupsafe import Markup, escape

from ..base.errors import Collector, Problem, SiteError
from ..base.files import refusal
from ..base.yamlio import read_text
from ..config.config import SiteConfig
from .theme import theme_templates

# What a well-formed .po line looks like; Babel's own reader forgives too much to report lines.
_PO_LINE = re.compile(r'(#.*|(msgctxt|msgid|msgid_plural|msgstr(\[\d+\])?)\s+".*"|".*")\s*')
_BABEL_LINE = re.compile(r"on (?:line )?(\d+)")


@dataclass(frozen=True)
class Catalogs:
    translations: dict[str, NullTranslations]  # per language code
    catalogs: dict[str, Catalog | None]  # the parsed .po, None where a language has none


def catalog_path(config: SiteConfig, lang: str) -> Path:
    return config.locales_dir / lang / "LC_MESSAGES" / "messages.po"


def _placeholders(text: str) -> list[tuple[str, str]]:
    """Each %-placeholder of `text` as (name, conversion); the name is "" for a positional one."""
    return [(name, kind) for name, _, kind in PYTHON_FORMAT.findall(text) if kind != "%"]


def _forms(value: object) -> tuple[str, ...]:
    """A message's source or translation as its forms: read_po gives a plural one as a tuple, another as text."""
    return value if isinstance(value, tuple) else (cast(str, value),)


def _translation_error(message: Message) -> str | None:
    """What is wrong with a translation's placeholders; None if nothing.

    Babel's catalog check, each form against the source it translates, without importing Babel's
    checkers: that import scans every installed package for more of them, a tenth of a second of a
    build that renders one page. (read_po already gives a plural message its language's number of forms.)
    """
    if not message.python_format:
        return None
    sources, translations = _forms(message.id), _forms(message.string)
    for source, translation in zip(sources, translations, strict=False):  # as Babel pairs them
        if not translation:
            continue
        wanted, found = _placeholders(source), _placeholders(translation)
        named = dict(wanted)
        if len({bool(name) for name, _ in wanted + found}) > 1:
            return "the format strings mix or differ in positional and named placeholders"
        if "" in named and [kind for _, kind in found] != [kind for _, kind in wanted]:
            return "positional format placeholders are unbalanced"
        if unknown := sorted({name for name, _ in found if name} - named.keys()):
            return f"unknown named placeholder {unknown[0]!r}"
        if dropped := sorted(named.keys() - {name for name, _ in found} - {""}):
            return f"the translation drops the placeholder %({dropped[0]})s: the page would lose that value"
        if mismatched := sorted(name for name, kind in found if name and named[name] != kind):
            return f"incompatible format for placeholder {mismatched[0]!r}"
    return None


# A UI string whose source holds HTML tags is declared to hold markup: its translation may hold tags too, those
# the page allowlist allows (sanitize.py). Every other translation is text, escaped like any other.
_MARKUP = re.compile(r"</?[A-Za-z]")


def holds_markup(msgid: str) -> bool:
    return bool(_MARKUP.search(msgid))


def _text_problem(message: Message) -> str | None:
    """What would go wrong when a page shows this translation: a stray %, or HTML where text belongs."""
    if not message.id:
        return None  # the catalog's header
    sources, translations = _forms(message.id), _forms(message.string)
    for source, translation in zip(sources, translations, strict=False):
        if not translation:
            continue
        if PYTHON_FORMAT.search(source):
            named = {name for name, _kind in _placeholders(source) if name}
            try:
                translation % ({name: 0 for name in named} if named else tuple(0 for _ in _placeholders(source)))
            except (ValueError, TypeError, KeyError):
                return "a % that is no placeholder: in a string with placeholders, write %% for a literal %"
        if holds_markup(source):
            from ..base.sanitize import removed  # only catalogs with markup strings need it

            if found := next(removed(translation), None):
                return f"HTML the pages may not hold: {found.message}"
        elif holds_markup(translation):
            return "HTML in a translation whose source is plain text: a page would show the tags as text; remove them"
    return None


def read_catalog(path: Path, locale: str) -> Catalog:
    """Parse one .po file, reporting malformed lines and placeholder mismatches by line."""
    text = read_text(path)
    problems = Collector()
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip() and not _PO_LINE.fullmatch(line):
            problems.add(path, f"this line is not valid in a .po file: {line.strip()[:60]!r}", number)
    problems.raise_if_any()
    try:
        catalog = read_po(io.BytesIO(text.encode("utf-8")), locale=locale, abort_invalid=True)
    except PoFileError as exc:
        found = _BABEL_LINE.search(str(exc))
        raise SiteError.at(path, f"broken catalog: {exc}", int(found.group(1)) if found else None) from None
    try:
        gettext.c2py(catalog.plural_expr)  # what Translations will compile: refuse it here, at its line
    except (ValueError, SyntaxError, RecursionError):
        at = next((n for n, row in enumerate(text.splitlines(), 1) if "Plural-Forms:" in row), None)
        problems.add(path, f"the Plural-Forms header has a broken formula: {catalog.plural_expr!r}", at)
    for message in catalog:
        if (error := _translation_error(message) or _text_problem(message)) is not None:
            problems.add(path, f"translation of {message.id!r}: {error}", message.lineno)
    problems.raise_if_any()
    return catalog


def load_catalogs(config: SiteConfig) -> Catalogs:
    """Gettext translations per language; a language with no catalog shows the source strings."""
    problems = Collector()
    translations: dict[str, NullTranslations] = {}
    catalogs: dict[str, Catalog | None] = {}
    for lang in config.languages:
        path = catalog_path(config, lang.code)
        catalogs[lang.code] = None
        translations[lang.code] = NullTranslations()
        if path.exists() and (refused := refusal(path, path.stat().st_mode)):
            problems.add(path, f"cannot be read: {refused.strerror}")
            continue
        if not path.is_file():
            if lang.code != config.default_language and not lang.draft:  # a draft's show in the source's words
                problems.add(path, f"missing: the UI strings in {lang.name} (run the catalog update)")
            continue
        try:
            catalog = read_catalog(path, lang.locale)
        except SiteError as error:
            problems.extend(error)
            continue
        buffer = io.BytesIO()
        write_mo(buffer, catalog)
        buffer.seek(0)
        catalogs[lang.code] = catalog
        translations[lang.code] = Translations(buffer)
    problems.raise_if_any()
    return Catalogs(translations, catalogs)


def template_gettext(translations: NullTranslations) -> dict[str, Callable[..., str]]:
    """The templates' gettext and ngettext for one language: each translation escaped as text (unless its
    source is declared to hold markup), and `%` as gettext defines it. A string with placeholders (Babel's
    python-format) is formatted with the values given, its `%%` a literal %; any other is shown as it is,
    so "100% aman" stays "100% aman"."""

    def finish(source: str, text: str, variables: dict[str, Any], autoescape: bool) -> str:
        if autoescape:
            text = Markup(text) if holds_markup(source) else escape(text)  # Markup % escapes the values
        if not PYTHON_FORMAT.search(source):
            return text
        return text % variables if variables else text.replace("%%", "%")

    @jinja2.pass_context
    def gettext(context: jinja2.runtime.Context, message: str, **variables: Any) -> str:
        return finish(message, translations.gettext(message), variables, context.eval_ctx.autoescape)

    @jinja2.pass_context
    def ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: int, **variables: Any) -> str:
        variables.setdefault("num", n)
        text = translations.ngettext(singular, plural, n)
        return finish(singular if n == 1 else plural, text, variables, context.eval_ctx.autoescape)

    return {"gettext": gettext, "_": gettext, "ngettext": ngettext}


# A gettext call in the builder's own code; files without one need no (slow) tokenizing.
# A UI string a template asks gettext for: (line, function, message), as jinja2.ext's extraction gives it.
TemplateString = tuple[int, str, "str | tuple[str | None, ...] | None"]

_GETTEXT_CALL = re.compile(r"(?<!\w)(?:_|gettext|ngettext)\(")


def template_messages(
    config: SiteConfig,
    page_types: Iterable[str] | None = None,
    parsed: Mapping[str, Iterable[TemplateString]] | None = None,
) -> dict[str, tuple[Path, int]]:
    """Every UI string the templates (and the builder's own code) ask gettext for, with where it is used.

    The site's templates all count; the default theme's only where the site has no template of that name and
    the build would use it: for the site-wide files, for the page types among `page_types` (all when None),
    and for what those include or extend. `parsed`: the strings of templates already parsed, by their source
    text (the render environment keeps them); a template whose text is not among them is parsed here."""
    found: dict[str, tuple[Path, int]] = {}

    def add(path: Path, lineno: int, message: str | tuple[str | None, ...] | None) -> None:
        for msgid in message if isinstance(message, tuple) else (message,):
            if msgid:
                found.setdefault(msgid, (path, lineno))

    env = None

    def scan(path: Path) -> None:
        nonlocal env
        text = read_text(path)
        known = parsed.get(text) if parsed is not None else None
        if known is None:
            env = env or jinja2.Environment(extensions=["jinja2.ext.i18n"])  # noqa: S701 - reads messages, renders nothing
            try:
                known = list(env.extract_translations(text))  # type: ignore[attr-defined]  # jinja2.ext.i18n adds it
            except jinja2.TemplateSyntaxError:
                return  # rendering reports it, with its line
        for lineno, _function, message in known:
            add(path, lineno, message)

    for path in sorted(p for p in config.templates_dir.rglob("*") if p.suffix in (".html", ".xml")):
        scan(path)
    for path in theme_templates(config, page_types):
        scan(path)
    from ..extension import code_folder, load_extensions

    # The engine's code and that of the site's extensions: another extension's strings are not this site's.
    folders = [Path(__file__).parents[1], *(code_folder(e) for e in load_extensions(config))]
    for path in sorted(p for folder in dict.fromkeys(folders) for p in folder.rglob("*.py")):
        code = path.read_bytes()
        if _GETTEXT_CALL.search(code.decode("utf-8")):
            for lineno, _function, message, _comments in extract_python(io.BytesIO(code), DEFAULT_KEYWORDS, (), {}):
                # Babel's annotation orders these fields as extract() yields them, not as extract_python() does
                add(path, lineno, cast("str | tuple[str | None, ...] | None", message))
    return found


def missing_translations(
    config: SiteConfig,
    catalogs: Catalogs,
    page_types: Iterable[str] | None = None,
    parsed: Mapping[str, Iterable[TemplateString]] | None = None,
) -> list[Problem]:
    """UI strings the templates use that a non-default language's catalog does not translate, each named
    where it is used, and translations still marked fuzzy, each named at its catalog line. A draft language
    (built in the preview only) is left to translations.draft_fallbacks. `parsed`: as for template_messages."""
    used = template_messages(config, page_types, parsed)
    problems = []
    for lang in config.languages:
        catalog = catalogs.catalogs.get(lang.code)
        if lang.code == config.default_language or catalog is None or lang.draft:
            continue
        lacking, fuzzy = catalog_gaps(config, lang.code, catalog, used)
        problems += [*lacking, *fuzzy]
    return problems


def catalog_gaps(
    config: SiteConfig, code: str, catalog: Catalog | None, used: Mapping[str, tuple[Path, int]]
) -> tuple[list[Problem], list[Problem]]:
    """Of the UI strings `used`: those language `code`'s catalog does not translate, and those whose translation
    is marked fuzzy (a guess of pybabel update's, shown to no reader until someone has checked it)."""
    catalog_file = catalog_path(config, code)
    shown = catalog_file.relative_to(config.root)
    lacking, fuzzy = [], []
    for msgid, (template, line) in sorted(used.items()):
        message = catalog.get(msgid) if catalog is not None else None
        strings = () if message is None else message.string if isinstance(message.string, tuple) else (message.string,)
        if message is None or not all(strings):
            lacking.append(Problem(template, f"{shown} has no translation of {msgid!r}", line))
        elif message.fuzzy:
            text = f"the translation of {msgid!r} is marked fuzzy: review it, then delete its '#, fuzzy' line"
            fuzzy.append(Problem(catalog_file, text, message.lineno))
    return lacking, fuzzy
