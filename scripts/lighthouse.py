#!/usr/bin/env python3
"""Lighthouse scores for a sample of pages (SPEC section 7 asks for 100 in each category).

    python3 scripts/lighthouse.py [--desktop] [PATH ...]      # e.g. en/ id/tanam-benang/

Installs the pinned lighthouse@12 with `npm ci` (package.json, package-lock.json), builds the site into a
temporary folder, serves it on 127.0.0.1 the way a static host would (gzip, and the headers of the built
`_headers` file, strict CSP included) and runs Lighthouse in Debian's Chromium (`/usr/bin/chromium`; nothing
downloads a browser). Prints `page  performance accessibility best-practices seo`, then every audit that
kept a category below 100. Performance uses Lighthouse's simulated mobile throttling unless --desktop:
compare scores only between runs on the same kind of machine. This is a report, not a test.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from site_builder.engine.build import build  # noqa: E402
from site_builder.engine.config.config import load_config  # noqa: E402

SAMPLE = ["en/", "id/tanam-benang/", "en/self-assessment/", "en/compare/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
COMPRESSIBLE = {".html", ".css", ".js", ".svg", ".xml", ".txt", ".json"}


def header_rules(site: Path) -> list[tuple[str, dict[str, str]]]:
    """The `_headers` file as (path pattern, headers) pairs, in order."""
    rules: list[tuple[str, dict[str, str]]] = []
    for line in (site / "_headers").read_text().splitlines():
        if line.startswith("/"):
            rules.append((line.strip(), {}))
        elif rules and ":" in line and not line.lstrip().startswith("#"):
            name, _, value = line.strip().partition(":")
            rules[-1][1][name] = value.strip()
    return rules


def serve(site: Path) -> ThreadingHTTPServer:
    rules = header_rules(site)

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

        def do_GET(self) -> None:
            path = self.path.split("?")[0].split("#")[0]
            file = Path(self.translate_path(path))
            if file.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.end_headers()
                    return
                file = file / "index.html"
            status = 200
            if not file.is_file():
                status, file = 404, site / "404.html"
            body = file.read_bytes()
            self.send_response(status)
            self.send_header("Content-Type", self.guess_type(str(file)))
            if file.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", ""):
                body = gzip.compress(body, compresslevel=6, mtime=0)
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            for pattern, headers in rules:
                if path.startswith(pattern.removesuffix("*")):
                    for name, value in headers.items():
                        self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def lighthouse(url: str, out: Path, desktop: bool) -> dict:
    with tempfile.TemporaryDirectory(prefix="lighthouse-profile-") as profile:
        command = [
            str(ROOT / "node_modules/.bin/lighthouse"),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={out}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
        ]
        if desktop:
            command.append("--preset=desktop")
        subprocess.run(command, check=True, env={**os.environ, "CHROME_PATH": CHROMIUM})
    return json.loads(out.read_text())


def shortfalls(report: dict) -> list[str]:
    lines = []
    for category in CATEGORIES:
        data = report["categories"][category]
        if data["score"] is not None and data["score"] < 1:
            for ref in data["auditRefs"]:
                audit = report["audits"][ref["id"]]
                if ref["weight"] > 0 and audit["score"] is not None and audit["score"] < 1:
                    value = audit.get("displayValue", "")
                    lines.append(f"    {category}: {ref['id']} score {audit['score']} {value} — {audit['title']}")
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", default=SAMPLE, help="pages, relative to the site root")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset instead of mobile")
    args = parser.parse_args()

    # --ignore-scripts: vnu-jar's postinstall would download a JDK; Lighthouse needs no install script.
    npm_ci = ["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"]
    subprocess.run(npm_ci, cwd=ROOT, check=True)
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as temp:
        site = Path(temp) / "site"
        build(load_config(ROOT), site)
        server = serve(site)
        base = f"http://127.0.0.1:{server.server_address[1]}/"
        rows, notes = [], []
        try:
            for index, path in enumerate(args.paths):
                report = lighthouse(base + path, Path(temp) / f"report-{index}.json", args.desktop)
                scores = [report["categories"][c]["score"] for c in CATEGORIES]
                rows.append(["/" + path] + ["-" if s is None else str(round(s * 100)) for s in scores])
                notes += [f"  /{path}:", *shortfalls(report)] if shortfalls(report) else []
        finally:
            server.shutdown()
            server.server_close()
    widths = [max(len(row[i]) for row in [["page", *CATEGORIES], *rows]) for i in range(len(CATEGORIES) + 1)]
    for row in [["page", *CATEGORIES], *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    if notes:
        print("\nBelow 100 because of:")
        print("\n".join(notes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
