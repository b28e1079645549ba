"""site-builder serve: preview on 127.0.0.1, rebuild on every change, reload the open page.

The reload script is added to pages as they are served, never written into the output.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ..engine.build import build
from ..engine.config import CONFIG_FILE, SOURCE_FOLDERS, SiteConfig, load_config
from ..engine.errors import SiteError

HELP = "preview the site on 127.0.0.1, rebuilding and reloading on every change"
WATCHED = (CONFIG_FILE, *SOURCE_FOLDERS)
POLL_SECONDS = 0.25

RELOAD_JS = b"""(function () {
  var seen = null, box = null;
  function show(text) {
    if (!box) { box = document.createElement("pre"); box.id = "site-builder-error";
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;margin:0;padding:1em;"
        + "background:#5c0011;color:#fff;font:14px/1.4 monospace;white-space:pre-wrap;z-index:99999";
      document.body.appendChild(box); }
    box.textContent = text;
  }
  function poll() {
    fetch("/__status", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (s) {
      if (seen !== null && s.version !== seen) { location.reload(); return; }
      seen = s.version;
      if (s.error) { show(s.error); } else if (box) { box.remove(); box = null; }
    }).catch(function () {}).then(function () { setTimeout(poll, 400); });
  }
  poll();
})();
"""
SCRIPT_TAG = b'<script src="/__reload.js" defer></script>'


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0 picks a free one)")


def snapshot(root: Path) -> tuple:
    """What the watched sources look like now: any edit, addition or removal changes it."""
    entries = []
    for name in WATCHED:
        path = root / name
        paths = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else []
        for file in paths:
            try:
                stat = file.stat()
            except OSError:
                continue
            entries.append((str(file), stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


class Preview:
    """The preview's state: the folder being served, the build version, and the last error."""

    def __init__(self, root: Path, folder: Path):
        self.root = root
        self.folder = folder
        self.version = 0
        self.error = ""
        self.lock = threading.Lock()
        self.base_url = ""
        self.rendered = 0  # pages the last rebuild rendered: the rest came unchanged from its cache

    def rebuild(self) -> None:
        try:
            started = time.perf_counter()
            config: SiteConfig = load_config(self.root).with_overrides(output=self.folder, base_url=self.base_url)
            result = build(config)  # incremental, like any build: its cache sits beside the served folder
        except Exception as error:
            problems = error.problems if isinstance(error, SiteError) else [f"{type(error).__name__}: {error}"]
            message = "\n".join(str(p) for p in problems)
            with self.lock:
                changed, self.error = message != self.error, message
            if changed:
                print(f"Build failed; still serving the last good version:\n{message}", file=sys.stderr, flush=True)
            return
        with self.lock:
            self.version += 1
            self.error = ""
            self.rendered = result.pages_rendered
        print(
            f"Rebuilt ({time.strftime('%H:%M:%S')}) in {time.perf_counter() - started:.2f} s: "
            f"{result.pages_rendered} pages rendered, {result.files_written} files written.",
            flush=True,
        )

    def status(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error, "rendered": self.rendered}).encode()

    def watch(self, stop: threading.Event) -> None:
        last = snapshot(self.root)
        while not stop.wait(POLL_SECONDS):
            now = snapshot(self.root)
            if now != last:
                last = now
                self.rebuild()


class Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:
        try:
            self._get()
        except OSError:  # the folder was being swapped by a rebuild: ask the browser to retry
            self._send(b"rebuilding", "text/plain", HTTPStatus.SERVICE_UNAVAILABLE)

    def _get(self) -> None:
        if self.path.startswith("/__status"):
            return self._send(self.preview.status(), "application/json")
        if self.path == "/__reload.js":
            return self._send(RELOAD_JS, "text/javascript")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self._send(
                path.read_bytes().replace(b"</body>", SCRIPT_TAG + b"</body>"), "text/html; charset=utf-8"
            )
        if not path.exists() and (self.preview.folder / "404.html").is_file():
            page = (self.preview.folder / "404.html").read_bytes().replace(b"</body>", SCRIPT_TAG + b"</body>")
            return self._send(page, "text/html; charset=utf-8", HTTPStatus.NOT_FOUND)
        return super().do_GET()

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def run(args: argparse.Namespace) -> int:
    root = args.root.resolve()
    load_config(root)  # a broken site.yaml is reported before anything starts
    workspace = Path(tempfile.mkdtemp(prefix="site-builder-preview-"))
    preview = Preview(root, workspace / "site")
    preview.folder.mkdir()
    handler = functools.partial(type("PreviewHandler", (Handler,), {"preview": preview}), directory=str(preview.folder))
    try:
        server = ThreadingHTTPServer(("127.0.0.1", args.port), handler)
    except OSError as error:
        shutil.rmtree(workspace, ignore_errors=True)
        raise SiteError.at("--port", f"cannot listen on 127.0.0.1:{args.port}: {error.strerror}") from None
    preview.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    preview.rebuild()
    stop = threading.Event()
    watcher = threading.Thread(target=preview.watch, args=(stop,), daemon=True)
    watcher.start()
    print(f"Serving {preview.base_url} (Ctrl+C to stop)", flush=True)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        shutil.rmtree(workspace, ignore_errors=True)
    return 0
