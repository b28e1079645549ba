"""The command line: one module per verb in site_builder.commands, errors printed as path:line: message."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path

from . import interrupted_early
from .commands import build, check, init, new, serve, status, translated
from .engine.base.errors import SiteError

VERBS = {
    "build": build,
    "serve": serve,
    "check": check,
    "status": status,
    "new": new,
    "init": init,
    "translated": translated,
}


def parser(verb: str | None = None) -> argparse.ArgumentParser:
    """The command line; given the verb, only that verb's parser is made (argparse takes a while over each)."""
    # --root and --debug may come before the verb or after it; given after it, they are not reset by default.
    common = argparse.ArgumentParser(add_help=False, argument_default=argparse.SUPPRESS)
    common.add_argument("--root", type=Path, help="the site's folder (holds site.yaml)")
    common.add_argument("--debug", action="store_true", help="show a traceback for errors")
    main = argparse.ArgumentParser(
        prog="site-builder", description="Build the bilingual guide as a static site.", allow_abbrev=False
    )
    main.add_argument("--root", type=Path, default=Path("."), help="the site's folder (holds site.yaml)")
    main.add_argument("--debug", action="store_true", help="show a traceback for errors")
    verbs = main.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    for name, module in VERBS.items():
        if verb in (None, name):
            sub = verbs.add_parser(name, help=module.HELP, description=module.HELP, parents=[common])
            module.add_arguments(sub)
    return main


def given_verb(argv: Sequence[str]) -> str | None:
    """The verb, when it is the first word that is not an option or --root's value (as argparse reads it:
    the main parser takes no abbreviations); None when help comes first, or the word is no verb."""
    words = iter(argv)
    for word in words:
        if word in ("-h", "--help"):
            return None
        if word == "--root":
            next(words, None)
        elif not word.startswith("-"):
            return word if word in VERBS else None
    return None


def main(argv: Sequence[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if signal.getsignal(signal.SIGINT) is interrupted_early:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    args = None
    try:
        args = parser(given_verb(argv)).parse_args(argv)
        return VERBS[args.verb].run(args)
    except SiteError as error:
        if args is not None and args.debug:
            import traceback

            traceback.print_exc()
        report(error)
        return 1
    except KeyboardInterrupt:
        if args is not None:
            print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `site-builder status | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit's flush finds no pipe
        return 141


def report(error: SiteError) -> None:
    for problem in error.problems:
        print(problem, file=sys.stderr)
    count = len(error.problems)
    print(f"{count} problem{'s' if count != 1 else ''} found; nothing was written.", file=sys.stderr)
