"""site-builder init DIR --languages en,id: a small working site that the default theme draws: a home page,
one page, a search page and a language switcher, in every language asked for."""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from ..engine.base.errors import Collector, SiteError
from ..engine.config.config import CONFIG_FILE, LANGUAGE_CODE, SOURCE_FOLDERS, THEME

HELP = "make a new site in DIR: a home page, one page and search in each language, drawn by the default theme"

CONFIG = """\
# Site settings. Paths are relative to this file.
base_url: {base_url}
default_language: {default}

# Named in every page's footer.
publisher:
  name: {name}
  url: {base_url}

# Each language's pages are in content/<code>/; its UI strings (all but the default language's)
# in locales/<code>/LC_MESSAGES/messages.po.
languages:
{languages}
# Pages in the menu, by key, in order.
nav: [home, getting-started, search]
"""
LANGUAGE = "  {code}: {{name: {language_name}, locale: {locale}, site_name: {site_name}}}\n"

# Each page in the languages the package has words for; another language starts from the English words.
PAGES = {
    "en": {
        "index": (
            "home",
            "",
            "home",
            "Welcome",
            "The home page of {name}.",
            (
                "This site was made with `site-builder init`. "
                'Start with [the first page]({{ url("getting-started") }}), or search the site.\n'
            ),
        ),
        "getting-started": (
            "getting-started",
            "getting-started",
            None,
            "Getting started",
            "How to write and build the pages of this site.",
            (
                "## Write a page {#write}\n\nEach page is a Markdown file in `content/<language>/`, with its title, "
                "description, key and slug in the front matter between the `---` lines.\n\n"
                "## Build the site {#build}\n\nRun `site-builder build` in the site's folder; the site is written "
                "to `public/`.\n"
            ),
        ),
        "search": (
            "search",
            "search",
            "search",
            "Search",
            "Search the pages of {name}.",
            ("Type one or more words to find the pages that hold them all.\n"),
        ),
    },
    "id": {
        "index": (
            "home",
            "",
            "home",
            "Selamat datang",
            "Halaman beranda {name}.",
            (
                "Situs ini dibuat dengan `site-builder init`. "
                'Mulailah dari [halaman pertama]({{ url("getting-started") }}), atau cari di situs ini.\n'
            ),
        ),
        "getting-started": (
            "getting-started",
            "memulai",
            None,
            "Memulai",
            "Cara menulis dan membangun halaman situs ini.",
            (
                "## Menulis halaman {#write}\n\nSetiap halaman adalah berkas Markdown di `content/<bahasa>/`, dengan "
                "judul, deskripsi, kunci, dan slug di bagian depan di antara baris `---`.\n\n"
                "## Membangun situs {#build}\n\nJalankan `site-builder build` di folder situs; hasilnya ditulis ke "
                "`public/`.\n"
            ),
        ),
        "search": (
            "search",
            "cari",
            "search",
            "Cari",
            "Cari di halaman-halaman {name}.",
            ("Ketik satu kata atau lebih untuk menemukan halaman yang memuat semuanya.\n"),
        ),
    },
}
PAGE = """\
---
title: {title}
description: {description}
key: {key}
slug: "{slug}"
{type}---
{body}"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "folder", type=Path, metavar="DIR", help="the new site's folder (made if missing; must hold no site)"
    )
    parser.add_argument(
        "--languages",
        default="en",
        metavar="CODES",
        help="the site's languages, the default first, as BCP 47 codes (default: en), e.g. en,id or en,pt-BR",
    )
    parser.add_argument("--name", default="New site", help="the site's name, shown on every page (default: New site)")
    parser.add_argument("--base-url", default="https://example.org/", help="the address the site will be published at")


def languages(given: str) -> list[str]:
    """The codes asked for, each a BCP 47 tag the builder accepts and Babel knows, without repeats."""
    from babel import Locale, UnknownLocaleError

    codes = [code.strip() for code in given.split(",") if code.strip()]
    problems = Collector()
    if not codes:
        problems.add("--languages", "name at least one language, like --languages en,id")
    for code in codes:
        if not LANGUAGE_CODE.fullmatch(code):
            problems.add("--languages", f"'{code}' is not a language code like 'en', 'pt-BR' or 'zh-Hant'")
            continue
        try:
            Locale.parse(code.replace("-", "_"))
        except (UnknownLocaleError, ValueError):
            problems.add("--languages", f"'{code}' is not a language Babel knows")
    if len(set(codes)) != len(codes):
        problems.add("--languages", "a language is named twice")
    problems.raise_if_any()
    return codes


def own_name(code: str) -> str:
    """The language's name in itself ("Bahasa Indonesia" is "Indonesia" to CLDR; close enough to start from)."""
    from babel import Locale

    locale = Locale.parse(code.replace("-", "_"))
    name = locale.get_display_name(locale) or code
    return name[:1].upper() + name[1:]


def stemmer_file(code: str) -> str | None:
    """The browser's Snowball stemmer a language's search asks for, below static/; None if Snowball has none."""
    from ..engine.config.config import Language
    from ..engine.render.search import stemmer_name

    name = stemmer_name(Language(code=code, name=code, locale=code.replace("-", "_"), site_name=code))
    return None if name is None else f"js/snowball/{name}-stemmer.js"


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_site(folder: Path, codes: list[str], name: str, base_url: str) -> list[Path]:
    """Write the new site's files into `folder`; returns them. Refuses a folder that already holds a site."""
    folder = folder.resolve()
    taken = [folder / entry for entry in (CONFIG_FILE, *SOURCE_FOLDERS) if (folder / entry).exists()]
    if taken:
        raise SiteError.at(taken[0], "already here: init makes a new site in a folder that holds none")
    written: list[Path] = []

    def write(path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)

    entries = "".join(
        LANGUAGE.format(
            code=code, language_name=quoted(own_name(code)), locale=code.replace("-", "_"), site_name=quoted(name)
        )
        for code in codes
    )
    url = base_url if base_url.endswith("/") else base_url + "/"
    write(folder / CONFIG_FILE, CONFIG.format(base_url=url, default=codes[0], name=quoted(name), languages=entries))
    for code in codes:
        for stem, (key, slug, kind, title, description, body) in PAGES.get(code, PAGES["en"]).items():
            text = PAGE.format(
                title=quoted(title),
                description=quoted(description.format(name=name)),
                key=key,
                slug=slug,
                type=f"type: {kind}\n" if kind and kind != "page" else "",
                body=body,
            )
            write(folder / "content" / code / f"{stem}.md", text)
        if code != codes[0]:
            catalog = folder / "locales" / code / "LC_MESSAGES" / "messages.po"
            shipped = THEME / "locales" / code / "messages.po"
            if shipped.is_file():
                catalog.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(shipped, catalog)
                written.append(catalog)
            else:
                write(catalog, untranslated(code))
    return written


def untranslated(code: str) -> str:
    """A catalog of the theme's UI strings with no translations yet: the build names each until it has one."""
    import io

    from babel.messages.catalog import Catalog
    from babel.messages.pofile import read_po, write_po

    with (THEME / "locales" / "id" / "messages.po").open("rb") as file:
        shipped = read_po(file)
    catalog = Catalog(locale=code.replace("-", "_"), project="site", fuzzy=False)
    for message in shipped:
        if message.id:
            catalog.add(message.id, "", flags=message.flags - {"fuzzy"})
    buffer = io.BytesIO()
    write_po(buffer, catalog, omit_header=False, width=100)
    return buffer.getvalue().decode("utf-8")


def run(args: argparse.Namespace) -> int:
    codes = languages(args.languages)
    written = write_site(args.folder, codes, args.name, args.base_url)
    root = args.folder.resolve()
    for path in written:
        print(f"Wrote {path.relative_to(root)}")
    lacking = [code for code in codes[1:] if not (THEME / "locales" / code / "messages.po").is_file()]
    if lacking:
        names = ", ".join(f"locales/{code}/LC_MESSAGES/messages.po" for code in lacking)
        print(f"Translate the UI strings in {names}: the build asks for each until it has its translation.")
    for code in codes:
        stemmer = stemmer_file(code)
        if stemmer is not None and not (THEME / "static" / stemmer).is_file():
            print(
                f"Search in {own_name(code)} stems words with Snowball: generate static/{stemmer} with the Snowball "
                "compiler of the release snowballstemmer comes from (snowball algorithms/<language>.sbl -js)."
            )
    print(f"Now run: site-builder --root {args.folder} build (or serve, to see it as you write)")
    return 0
