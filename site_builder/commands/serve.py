"""site-builder serve: preview on 127.0.0.1 (or --host), rebuild on every saved change, push it to the open page."""

from __future__ import annotations

import argparse

HELP = "preview the site on 127.0.0.1, rebuilding and reloading on every change"


def port(text: str) -> int:
    if not text.isdigit() or int(text) > 65535:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a port: give a number from 1 to 65535, or 0 for any free one"
        )
    return int(text)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=port, default=8000, help="port to listen on (0 picks a free one)")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on, e.g. this computer's address on the local network to preview on a phone "
        "(anyone on that network can then see the preview, drafts included)",
    )


def run(args: argparse.Namespace) -> int:
    from ..preview.server import serve  # the preview's web server and watcher load only for this verb

    serve(args.root.resolve(), args.port, args.host)
    return 0
