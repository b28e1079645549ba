"""The typed site configuration, read from site.yaml."""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..base import schema as s
from ..base.errors import Collector, Problem, SiteError
from ..base.yamlio import LineDict, load_yaml

CONFIG_FILE = "site.yaml"
# The folders a site is made from, beside site.yaml: the one list the build state, the output guard,
# the preview's watcher and the tests share.
SOURCE_FOLDERS = ("content", "data", "templates", "static", "locales")
# The default theme shipped with the builder: its templates and static files stand in for those a site does not
# have, file by file (a site's templates/ and static/ are looked in first).
THEME = Path(__file__).resolve().parents[2] / "theme"
# A language's code, also its URL prefix and hreflang: a BCP 47 tag as hreflang wants it, a language with maybe
# a script and a region, in their usual case ("en", "pt-BR", "zh-Hant", "zh-Hant-TW", "es-419").
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|[0-9]{3}))?")
# How long one page may take to render before the build stops it (a template loop that never ends);
# real pages take milliseconds. site.yaml may set another, up to MAX_RENDER_SECONDS.
RENDER_SECONDS = 10
MAX_RENDER_SECONDS = 600
# The most a raster picture in a page may weigh, in kilobytes (readers are often on slow mobile networks);
# site.yaml may set another, up to MAX_PICTURE_KB.
PICTURE_KB = 200
MAX_PICTURE_KB = 10_000


@dataclass(frozen=True)
class Language:
    code: str  # also the URL prefix: /<code>/
    name: str  # the language's own name, for the switcher
    locale: str  # Babel locale for dates, numbers and money
    site_name: str
    number_words: tuple[str, ...] = ()  # the words for 1, 2, 3 ...: the translation check accepts them
    draft: bool = False  # being translated: built in the preview only, and reported by `status` until complete
    # The settings the site's extensions declare (Extension.language_fields), as site.yaml gives them; checked
    # with the other sources (language_problems), so that reading site.yaml imports no extension.
    settings: Mapping[str, Any] = field(default_factory=dict, hash=False)
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)  # in site.yaml, for messages


@dataclass(frozen=True)
class Publisher:
    name: str
    url: str


@dataclass(frozen=True)
class CardSettings:
    """site.yaml's `card:` for the link-preview picture: the stylesheet whose custom properties give its colours,
    and which property colours what; the stylesheet is the one place the colours are written."""

    stylesheet: str  # below static/
    background: str  # a custom property's name, "--bg"
    title: str
    site_name: str
    stripes: tuple[str, ...]  # the band along the foot, left to right
    lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)  # in site.yaml, for messages


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    base_url: str  # absolute, ends with "/"
    default_language: str
    output: Path
    publisher: Publisher
    configured: tuple[Language, ...]  # every language site.yaml lists, the drafts included
    nav: tuple[str, ...]
    extensions: tuple[str, ...] = ()
    render_seconds: float = RENDER_SECONDS
    picture_kb: float = PICTURE_KB
    field_lines: Mapping[str, int] = field(default_factory=dict, compare=False, repr=False)  # site.yaml lines
    # The preview's build: pages marked `draft: true` are built too, each saying so, and a difference between
    # a page and its translation is a warning, not a failure; `build` and `check` leave drafts out and refuse it.
    preview: bool = False
    card: CardSettings | None = None  # no link-preview pictures without it
    # The day the build speaks of ("is this page overdue for review?"): a setting, so builds stay reproducible.
    today: datetime.date = field(default_factory=lambda: build_date())
    # What a build does when it would no longer publish an address published.txt lists: "fail" or "warn".
    lost_addresses: str = "fail"
    # Where each page's source file opens in the repository's web editor: the page's path below the
    # project is added to it, like https://github.com/org/site/edit/main/ + content/en/about.md.
    edit_url: str | None = None

    @property
    def base_path(self) -> str:
        """The URL path the site is served under: "/" at a domain root, "/guide/" under a sub-path."""
        return urlsplit(self.base_url).path

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def template_dirs(self) -> tuple[Path, Path]:
        """Where templates are looked for, in order: the site's, then the default theme's."""
        return (self.templates_dir, THEME / "templates")

    @property
    def theme_static_dir(self) -> Path:
        return THEME / "static"

    @property
    def locales_dir(self) -> Path:
        return self.root / "locales"

    @property
    def config_file(self) -> Path:
        return self.root / CONFIG_FILE

    @property
    def sources(self) -> tuple[Path, ...]:
        """Every file or folder the site is made from."""
        return (self.config_file, *(self.root / name for name in SOURCE_FOLDERS))

    def line_of(self, name: str) -> int | None:
        """The line of site.yaml that sets `name`, for messages about it."""
        return self.field_lines.get(name)

    @property
    def languages(self) -> tuple[Language, ...]:
        """The languages this build makes: a draft language only in the preview, where it is being written."""
        return tuple(lang for lang in self.configured if self.preview or not lang.draft)

    @property
    def draft_languages(self) -> tuple[Language, ...]:
        """The draft languages this build leaves out."""
        return tuple(lang for lang in self.configured if lang not in self.languages)

    def language(self, code: str) -> Language:
        return next(lang for lang in self.configured if lang.code == code)

    def text_file(self, code: str, name: str) -> Path:
        """data/text/<code>/<name>; for a draft language that has no such file yet, the default language's,
        so that its pages preview (`status` lists the file as missing)."""
        path = self.data_dir / "text" / code / name
        if self.language(code).draft and not path.is_file():
            return self.data_dir / "text" / self.default_language / name
        return path

    def with_overrides(
        self, output: Path | None = None, base_url: str | None = None, preview: bool | None = None
    ) -> SiteConfig:
        config = self
        if preview is not None:
            config = replace(config, preview=preview)
        if output is not None:
            config = replace(config, output=output.resolve())
        if base_url is not None:
            checked = _base_url(base_url)
            if checked is None:
                raise SiteError.at("--base-url", f"'{base_url}' {base_url_problem(base_url)}")
            config = replace(config, base_url=checked)
        return config


_LANGUAGE = {
    "name": s.Field(s.text),
    "locale": s.Field(s.text, required=False),  # by default the code's: pt-BR -> pt_BR, zh-Hant -> zh_Hant
    "site_name": s.Field(s.text),
    "number_words": s.Field(s.list_of(s.text), required=False),
    "draft": s.Field(s.boolean, required=False),
}
_CUSTOM_PROPERTY = re.compile(r"--[A-Za-z0-9_-]+")


def _custom_property(value: object) -> str | None:
    if isinstance(value, str) and _CUSTOM_PROPERTY.fullmatch(value):
        return None
    return "must name a CSS custom property, like --brand"


_CARD = {
    "stylesheet": s.Field(s.text),
    "background": s.Field(_custom_property),
    "title": s.Field(_custom_property),
    "site_name": s.Field(_custom_property),
    "stripes": s.Field(s.list_of(_custom_property, allow_empty=False)),
}


def _up_to(limit: float, unit: str) -> Callable[[Any], str | None]:
    """A check of a setting that is a number above 0, at most `limit`."""
    return lambda v: (
        None if not s.number(v) and 0 < v <= limit else f"must be a number of {unit} above 0, at most {limit}"
    )


_FIELDS = {
    "base_url": s.Field(s.text),
    "default_language": s.Field(s.text),
    "output": s.Field(s.text, required=False),
    "publisher": s.Field(s.mapping_of({"name": s.Field(s.text), "url": s.Field(s.text)})),
    "languages": s.Field(lambda v: None if isinstance(v, dict) and v else "must list at least one language"),
    "nav": s.Field(s.list_of(s.text)),
    # Names of installed extensions (extension.load_extensions finds them): looked up with the other sources.
    "extensions": s.Field(s.list_of(s.text), required=False),
    "render_seconds": s.Field(_up_to(MAX_RENDER_SECONDS, "seconds"), required=False),
    "picture_kb": s.Field(_up_to(MAX_PICTURE_KB, "kilobytes"), required=False),
    "card": s.Field(s.mapping_of(_CARD), required=False),
    "lost_addresses": s.Field(s.one_of("fail", "warn"), required=False),
    "edit_url": s.Field(
        lambda v: None
        if isinstance(v, str) and _base_url(v) is not None
        else "must be the absolute http(s) address of the folder holding site.yaml in the repository's web editor "
        "(like https://github.com/org/site/edit/main/)",
        required=False,
    ),
}


def _card_settings(card: LineDict) -> CardSettings:
    return CardSettings(
        stylesheet=card["stylesheet"],
        background=card["background"],
        title=card["title"],
        site_name=card["site_name"],
        stripes=tuple(card["stripes"]),
        lines={name: card.line_of(name) for name in card},
    )


def _part(values: Mapping[str, Any], lines: Mapping[str, int], line: int) -> LineDict:
    """Some of a mapping read from site.yaml, each key at its line."""
    part = LineDict(values)
    part.key_lines = {name: lines[name] for name in values if name in lines}
    part.line = line
    return part


def build_date(environ: Mapping[str, str] = os.environ) -> datetime.date:
    """SOURCE_DATE_EPOCH's day (UTC) when it is set, as reproducible-build tools set it; else today's."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise SiteError.at("SOURCE_DATE_EPOCH", f"'{epoch}' is not a count of seconds since 1970") from None
    return datetime.datetime.now(datetime.UTC).date()


def base_url_problem(url: str) -> str | None:
    """Why `url` cannot be the site's address, or None: every link, canonical and sitemap entry is made
    by adding a path to it, and it is published on every page."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:
        return f"'{url}' is not a URL: write the site's address, like https://example.org/guide/"
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in url):
        return "must be an absolute http(s) URL, like https://example.org/guide/"
    if parts.username is not None or parts.password is not None:
        return "holds a user name or password (user:secret@), which every page would publish: remove it"
    if parts.query or url.rstrip("/").endswith("?"):
        return "has a query string (?…), which would end up in the middle of every link: remove it"
    if parts.fragment or "#" in url:
        return "has a #fragment, which would break every canonical link: remove it"
    return None


def _base_url(url: str) -> str | None:
    if base_url_problem(url) is not None:
        return None
    return url if url.endswith("/") else url + "/"


# Addresses a reader can follow from every page (the publisher's): the web, and nothing that runs script.
LINK_SCHEMES = ("http", "https")
# The builder's own folder at the top of the output (assets.py, cards.py and pictures.py write there, and
# _headers caches it for a year): no language's pages may go there.
OUTPUT_FOLDERS = ("assets",)


def address_problem(url: str) -> str | None:
    """Why `url` may not be a link on every page, or None."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return f"'{url}' is not a URL"
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return f"must be an absolute {' or '.join(LINK_SCHEMES)} address, like https://example.org/"
    if parts.username is not None or parts.password is not None:
        return "holds a user name or password (user:secret@), which every page would publish: remove it"
    return None


def cldr_problems(config: SiteConfig) -> list[Problem]:
    """What site.yaml names that CLDR does not know: each language's locale.

    Checked with the other sources, not when site.yaml is read: loading Babel's data takes longer than all
    of a build that finds nothing changed, and a site.yaml that changed always makes a full build.
    """
    from babel import Locale, UnknownLocaleError

    problems = Collector()
    for lang in config.configured:
        try:
            Locale.parse(lang.locale)
        except (UnknownLocaleError, ValueError):
            message = f"'{lang.locale}' is not a locale Babel knows (try en_SG, id_ID)"
            problems.add(config.config_file, message, lang.lines.get("locale", lang.lines.get("")))
    return problems.problems


def language_problems(config: SiteConfig, fields: Mapping[str, s.Field]) -> list[Problem]:
    """Each language's settings against those the site's extensions declare: unknown, missing or malformed
    ones, at their lines of site.yaml. Like cldr_problems, checked with the other sources."""
    problems = Collector()
    # The engine's own fields are known too, so that a misspelt one is named with what it may have meant.
    known = {**{name: replace(f, required=False) for name, f in _LANGUAGE.items()}, **fields}
    for lang in config.configured:
        given = _part(lang.settings, lang.lines, lang.lines.get("", 1))
        s.validate(given, known, config.config_file, problems, lang.lines.get("", 1))
    return problems.problems


def load_config(root: Path) -> SiteConfig:
    """Read and validate site.yaml in `root`; every problem names its line."""
    root = root.resolve()
    path = root / CONFIG_FILE
    if not path.is_file():
        raise SiteError.at(path, "not found: run the command in the site's folder, or pass --root")
    data = load_yaml(path)
    problems = Collector()
    if not s.validate(data, _FIELDS, path, problems):
        problems.raise_if_any()

    languages = []
    for code, spec in data["languages"].items():
        line = data["languages"].line_of(code)
        if code in OUTPUT_FOLDERS:
            message = f"language code '{code}' is the builder's own folder in the output: use the language's ISO code"
            problems.add(path, message, line)
            continue
        if not isinstance(code, str) or not LANGUAGE_CODE.fullmatch(code):
            message = (
                f"language code '{code}' must be a BCP 47 tag: a lower-case language, then maybe a script and a region,"
                " like 'en', 'pt-BR' or 'zh-Hant'"
            )
            problems.add(path, message, line)
            continue
        # The fields the engine does not know belong to the extensions: language_problems checks them.
        settings = {n: v for n, v in spec.items() if n not in _LANGUAGE} if isinstance(spec, dict) else {}
        own = _part({n: v for n, v in spec.items() if n in _LANGUAGE}, spec.key_lines, spec.line) if settings else spec
        if not s.validate(own, _LANGUAGE, path, problems, line):
            continue
        languages.append(
            Language(
                code=code,
                name=spec["name"],
                locale=spec.get("locale", code.replace("-", "_")),
                site_name=spec["site_name"],
                number_words=tuple(spec.get("number_words", ())),
                draft=spec.get("draft", False),
                settings=settings,
                lines={"": line, **{name: spec.line_of(name) for name in spec}},
            )
        )
        if code == data["default_language"] and spec.get("draft"):
            message = f"'{code}' is the default language, which every other is translated from: it cannot be a draft"
            problems.add(path, message, spec.line_of("draft"))

    base_url = _base_url(data["base_url"])
    if (why := base_url_problem(data["base_url"])) is not None:
        problems.add(path, f"'base_url' {why}", data.line_of("base_url"))
    if (why := address_problem(data["publisher"]["url"])) is not None:
        problems.add(path, f"'publisher.url' {why}", data["publisher"].line_of("url"))
    codes = [lang.code for lang in languages]
    if data["default_language"] not in codes and not problems.problems:
        problems.add(
            path,
            f"'default_language' must be one of the languages: {', '.join(codes)}",
            data.line_of("default_language"),
        )
    problems.raise_if_any()
    card = data.get("card")
    return SiteConfig(
        root=root,
        base_url=base_url or "",
        default_language=data["default_language"],
        output=(root / data.get("output", "public")).resolve(),
        publisher=Publisher(**data["publisher"]),
        configured=tuple(languages),
        nav=tuple(data["nav"]),
        extensions=tuple(data.get("extensions", ())),
        render_seconds=data.get("render_seconds", RENDER_SECONDS),
        picture_kb=data.get("picture_kb", PICTURE_KB),
        field_lines=dict(data.key_lines),
        card=_card_settings(card) if card else None,
        today=build_date(),
        lost_addresses=data.get("lost_addresses", "fail"),
        edit_url=_base_url(data["edit_url"]) if "edit_url" in data else None,
    )
