"""site-builder translated PAGE…: record that each translation now follows its source page as it is."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

HELP = "mark translated pages as up to date with their source page (check warns once the source changes)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("pages", nargs="+", type=Path, help="translated pages, e.g. id/tanam-benang.md")


def run(args: argparse.Namespace) -> int:
    from ..engine.base.errors import Collector
    from ..engine.base.yamlio import read_text
    from ..engine.build import extensions  # loaded only for this verb
    from ..engine.check.source_changes import keep_copy
    from ..engine.check.translations import TRANSLATED_FROM
    from ..engine.config.config import load_config
    from ..engine.load.content import PageReader, read_each, split_front_matter
    from ..engine.model.records import source_digest

    config = load_config(args.root).with_overrides(preview=True)  # as the preview reads it: draft languages too
    pages, unreadable = read_each(config, PageReader(extensions(config)))
    by_path = {page.path.resolve(): page for page in pages}
    sources = {page.key: page for page in pages if page.lang == config.default_language}
    problems = Collector()
    marks = []
    for given in args.pages:
        path = next((p.resolve() for p in (given, config.content_dir / given) if p.resolve() in by_path), None)
        page = by_path.get(path) if path else None
        if page is None:
            hint = "; it cannot be read yet" if any(str(given) in str(p.path) for p in unreadable) else ""
            problems.add(given, f"is not a page in {config.content_dir.relative_to(config.root)}/{hint}")
        elif page.lang == config.default_language:
            problems.add(page.path, "is a source page, not a translation")
        elif page.key not in sources:
            problems.add(page.path, f"has no source page with key '{page.key}'", page.line_of("key"))
        else:
            marks.append((page, source_digest(sources[page.key])))
    problems.raise_if_any()
    for page, digest in marks:
        keep_copy(config, sources[page.key], digest)  # what `status` and `check` compare the source with later
        text = read_text(page.path)
        body_line = split_front_matter(text, page.path)[3]
        lines = text.splitlines(keepends=True)
        line = f"{TRANSLATED_FROM}: {digest}\n"
        if TRANSLATED_FROM in page.field_lines:
            lines[page.line_of(TRANSLATED_FROM) - 1] = line
        else:
            lines.insert(body_line - 2, line)  # just above the '---' that closes the front matter
        temporary = page.path.with_name(f".{page.path.name}.translated")
        temporary.write_text("".join(lines), encoding="utf-8")
        os.replace(temporary, page.path)  # whole or not at all
        source = sources[page.key].path.relative_to(config.root)
        print(f"Marked {page.path.relative_to(config.root)} as translated from {source} as it is now")
    return 0
