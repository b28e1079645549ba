"""site-builder new <key>: start a page in every language, as a draft, with valid front matter and TODO text."""

from __future__ import annotations

import argparse
import datetime

from ..engine.base.errors import Collector, SiteError

HELP = "start a new page in every language, as a draft that build leaves out until 'draft: true' is removed"
REVIEW_PERIOD = datetime.timedelta(days=182)

TEMPLATE = """---
title: "TODO: the page title in {language}"
description: "TODO: one sentence for search results, in {language}"
key: {key}
slug: {slug}
reviewed: {today}
next_review: {next_review}
draft: true     # remove this line when the page is written: until then, only the preview shows it
# nav_title: a shorter name for the menu and links (optional; the title is used otherwise)
---

TODO: write this page in {language}. Start sections with "## Heading {{#an-id}}", using the same
ids in every language, and cite figures with macros such as {{{{ cost("thread-lift") }}}}.
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", help="translation key shared by all languages, e.g. 'recovery'")
    parser.add_argument(
        "--slug",
        action="append",
        default=[],
        metavar="LANG=SLUG",
        help="URL slug for one language, e.g. --slug id=pemulihan (default: the key)",
    )


def run(args: argparse.Namespace) -> int:
    from ..engine.build import extensions, load_site  # loaded only for this verb
    from ..engine.config.config import load_config
    from ..engine.load.content import SLUG

    config = load_config(args.root)
    problems = Collector()
    if not SLUG.fullmatch(args.key):
        problems.add("new", f"the key '{args.key}' may hold only lower-case letters, digits and single hyphens")
    slugs = {lang.code: args.key for lang in config.languages}
    for pair in args.slug:
        lang, _, slug = pair.partition("=")
        if lang not in slugs or not SLUG.fullmatch(slug):
            problems.add("--slug", f"'{pair}' must look like LANG=slug with LANG one of {', '.join(slugs)}")
        else:
            slugs[lang] = slug
    problems.raise_if_any()
    site = load_site(config, extensions(config))
    for lang in config.languages:
        existing = site.page(lang.code, args.key)
        if existing:
            raise SiteError.at(existing.path, f"a page with key '{args.key}' already exists")
        clash = next((p for p in site.pages if p.lang == lang.code and p.slug == slugs[lang.code]), None)
        if clash:
            raise SiteError.at(clash.path, f"the slug '{slugs[lang.code]}' is taken; pass --slug {lang.code}=…")
        target = config.content_dir / lang.code / f"{slugs[lang.code]}.md"
        if target.exists():
            raise SiteError.at(target, f"this file already exists; pass --slug {lang.code}=… for another name")
    today = datetime.date.today()
    for lang in config.languages:
        path = config.content_dir / lang.code / f"{slugs[lang.code]}.md"
        with path.open("x", encoding="utf-8") as file:  # "x": never replace a page
            file.write(
                TEMPLATE.format(
                    language=lang.name,
                    key=args.key,
                    slug=slugs[lang.code],
                    today=today,
                    next_review=today + REVIEW_PERIOD,
                )
            )
        print(f"Wrote {path.relative_to(config.root)}")
    print(
        "Write each page (site-builder serve shows drafts), then remove its 'draft: true' line to publish it "
        "and run 'site-builder check'. Add the key to 'nav' in site.yaml to list it."
    )
    return 0
