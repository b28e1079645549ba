"""site-builder build: write the whole site to the output folder."""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..engine.config.config import SiteConfig

HELP = "build the site into the output folder (public/ unless --output)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", type=Path, help="folder to write the site to")
    parser.add_argument("--base-url", help="absolute URL the site is served from, e.g. https://example.org/guide/")


def run(args: argparse.Namespace) -> int:
    # Imported here, not above: `site-builder --help` or another verb should not wait for them.
    from ..engine.build import build
    from ..engine.config.config import load_config

    started = time.perf_counter()
    config = load_config(args.root).with_overrides(output=args.output, base_url=args.base_url)
    result = build(config)
    for note in [*result.notes, *draft_notes(config)]:
        print(f"Note: {note}.")
    seconds = time.perf_counter() - started
    done = f"Built {result.pages} pages ({result.files} files) into {config.output} in {seconds:.2f} s"
    if result.files_written == result.files:
        print(f"{done}: every file written.")
    else:
        rest = f"{result.pages_rendered} pages rendered, {result.files_written} files written"
        print(f"{done}: {rest}; the rest were unchanged.")
    if result.drafts:
        count = len(result.drafts)
        print(f"Left out {count} draft{'s' if count != 1 else ''}, published once 'draft: true' is removed:")
        for name in result.drafts:
            print(f"  {Path(name).relative_to(config.root)}")
    for warning in result.warnings:
        print(f"Warning: {warning}.")
    return 0


def draft_notes(config: SiteConfig) -> list[str]:
    """How far each draft language has come: its report reads every source, so only when there is one."""
    if not config.draft_languages:
        return []
    from ..engine.build import extensions
    from ..engine.check.translations import draft_notes as report
    from ..engine.load.content import PageReader

    return report(config, PageReader(extensions(config)))
