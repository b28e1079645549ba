"""The preview server on 127.0.0.1: serves the last good build and pushes each new one to the open pages.

Each open page keeps a Server-Sent Events connection naming the page it shows. After a rebuild, a page
hears only of its own HTML: if nothing but the (content-hashed) names of its stylesheets changed, it
swaps them in place; if it runs no script of its own, it swaps in its new body, keeping its scroll
position; otherwise it reloads. A failed build shows its problems over the page.
"""

from __future__ import annotations

import functools
import json
import queue
import re
import secrets
import shutil
import signal
import sys
import tempfile
import threading
import time
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from importlib.resources import files
from pathlib import Path
from typing import NoReturn
from urllib.parse import parse_qs, unquote, urlsplit

from ..engine.build import build
from ..engine.config import load_config
from ..engine.errors import SiteError
from ..engine.state import InMemory
from .watch import SourceWatcher

RELOAD_JS = files(__package__).joinpath("reload.js").read_bytes()
KEEP_ALIVE_SECONDS = 15  # a comment now and then finds connections the browser has closed
_STYLESHEET = re.compile(rb'<link rel="stylesheet" href="([^"]*)">')
_SCRIPT = re.compile(rb'<script(?![^>]*type="application/(?:ld\+)?json")[\s>]')  # one that runs, not data


def event(name: str, data: str = "") -> bytes:
    lines = data.splitlines() or [""]
    return (f"event: {name}\n" + "".join(f"data: {line}\n" for line in lines) + "\n").encode()


RELOAD = event("reload")
NEW_BODY = event("body")


def output_file(folder: Path, url_path: str) -> str | None:
    """The file of the output folder a URL path is served from, or None for a page not found."""
    name = unquote(url_path).lstrip("/")
    for candidate in (name, name.rstrip("/") + "/index.html" if name else "index.html"):
        path = folder / candidate
        if candidate and ".." not in Path(candidate).parts and path.is_file():
            return candidate
    return None


class Viewer:
    """One open page, and the HTML it was last told about."""

    def __init__(self, folder: Path, url_path: str):
        self.url_path = url_path
        self.file = output_file(folder, url_path)
        self.html = (folder / self.file).read_bytes() if self.file else None
        self.inbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()  # None: the server is stopping

    def news(self, folder: Path, written: frozenset[str]) -> bytes | None:
        """What to tell this page after a build that wrote `written`, if anything."""
        if self.file is None:  # a page not found: it may exist now
            return RELOAD if output_file(folder, self.url_path) or "404.html" in written else None
        if self.file not in written:
            return None if (folder / self.file).is_file() else RELOAD
        html = (folder / self.file).read_bytes()
        before, self.html = self.html, html
        if before is None or _SCRIPT.search(before) or _SCRIPT.search(html):
            return RELOAD  # the page's scripts would have to run again
        styles = _STYLESHEET.findall(html)
        if _STYLESHEET.sub(b"", before) == _STYLESHEET.sub(b"", html):
            return None if before == html else event("css", json.dumps([href.decode() for href in styles]))
        return NEW_BODY if _STYLESHEET.findall(before) == styles else RELOAD


class Preview:
    """The folder being served, the builds made into it, and the pages open on it."""

    def __init__(self, root: Path, folder: Path):
        self.root = root
        self.folder = folder
        self.base_url = ""
        self.store = InMemory()  # the folder is the preview's own: no state file to read back
        self.session = secrets.token_hex(4)  # a page served by an earlier run reloads when it reconnects
        self.version = 0
        self.error = ""
        self.rendered = 0  # pages the last build rendered: the rest were unchanged
        self.viewers: set[Viewer] = set()
        self.lock = threading.Lock()

    @property
    def build_id(self) -> str:
        return f"{self.session}-{self.version}"

    def rebuild(self) -> None:
        started = time.perf_counter()
        try:
            config = load_config(self.root).with_overrides(output=self.folder, base_url=self.base_url)
            report = build(config, store=self.store)
        except SiteError as error:
            self._failed("\n".join(str(p) for p in error.problems))
            return
        except Exception as error:  # a fault of the builder itself: keep serving the last good site
            self._failed(f"{type(error).__name__}: {error}")
            return
        with self.lock:
            fixed = bool(self.error)
            self.version += 1
            self.error = ""
            self.rendered = report.pages_rendered
            for viewer in self.viewers:
                if fixed:
                    viewer.inbox.put(event("fixed"))
                if (news := viewer.news(self.folder, report.written)) is not None:
                    viewer.inbox.put(news)
        print(
            f"Rebuilt ({time.strftime('%H:%M:%S')}) in {time.perf_counter() - started:.2f} s: "
            f"{report.pages_rendered} pages rendered, {report.files_written} files written.",
            flush=True,
        )

    def _failed(self, message: str) -> None:
        with self.lock:
            changed, self.error = message != self.error, message
            for viewer in self.viewers if changed else ():
                viewer.inbox.put(event("problems", message))
        if changed:
            print(f"Build failed; still serving the last good version:\n{message}", file=sys.stderr, flush=True)

    def open(self, url_path: str, build_id: str) -> Viewer:
        with self.lock:
            viewer = Viewer(self.folder, url_path)
            if build_id != self.build_id:  # built again between serving the page and this connection
                viewer.inbox.put(RELOAD)
            if self.error:
                viewer.inbox.put(event("problems", self.error))
            self.viewers.add(viewer)
            return viewer

    def close(self, viewer: Viewer | None = None) -> None:
        """Forget one viewer, or (with none) tell every one that the server is stopping."""
        with self.lock:
            if viewer is not None:
                self.viewers.discard(viewer)
                return
            for each in self.viewers:
                each.inbox.put(None)

    def status(self) -> bytes:
        with self.lock:
            return json.dumps(
                {"build": self.build_id, "version": self.version, "error": self.error, "rendered": self.rendered}
            ).encode()

    def script_tag(self) -> bytes:
        return f'<script src="/__reload.js" data-build="{self.build_id}" defer></script>'.encode()


class Handler(SimpleHTTPRequestHandler):
    preview: Preview

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:
        try:
            self._get()
        except OSError:  # the browser went away, or a file was being replaced: let it ask again
            pass

    def _get(self) -> None:
        url = urlsplit(self.path)
        if url.path == "/__events":
            return self._events(parse_qs(url.query))
        if url.path == "/__status":
            return self._send(self.preview.status(), "application/json")
        if url.path == "/__reload.js":
            return self._send(RELOAD_JS, "text/javascript")
        folder = self.preview.folder
        name = output_file(folder, url.path)
        if name is None and (folder / "404.html").is_file():
            return self._send_page(folder / "404.html", HTTPStatus.NOT_FOUND)
        if name is not None and name.endswith(".html"):
            return self._send_page(folder / name)
        return super().do_GET()

    def _send_page(self, path: Path, status: HTTPStatus = HTTPStatus.OK) -> None:
        tag = self.preview.script_tag()
        self._send(path.read_bytes().replace(b"</body>", tag + b"</body>"), "text/html; charset=utf-8", status)

    def _events(self, query: dict[str, list[str]]) -> None:
        viewer = self.preview.open(query.get("path", ["/"])[0], query.get("build", [""])[0])
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.end_headers()
            self.wfile.flush()
            while True:
                try:
                    message = viewer.inbox.get(timeout=KEEP_ALIVE_SECONDS)
                except queue.Empty:
                    message = b": still here\n\n"
                if message is None:
                    return
                self.wfile.write(message)
                self.wfile.flush()
        finally:
            self.preview.close(viewer)

    def _send(self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)


def _interrupted(signum: int, frame: object) -> NoReturn:
    raise KeyboardInterrupt  # SIGTERM cleans up like Ctrl+C


def _rebuild_on_change(preview: Preview, watcher: SourceWatcher, stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            watcher.changes.get(timeout=0.5)
        except queue.Empty:
            continue
        while not watcher.changes.empty():  # saves made during the last build: one build for them all
            watcher.changes.get_nowait()
        preview.rebuild()


def serve(root: Path, port: int) -> None:
    """Serve the site at http://127.0.0.1:<port>/ until Ctrl+C or SIGTERM, then remove its temporary folder."""
    load_config(root)  # a broken site.yaml is reported before anything starts
    workspace = Path(tempfile.mkdtemp(prefix="site-builder-preview-"))
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, _interrupted)
    try:
        preview = Preview(root, workspace / "site")
        preview.folder.mkdir()
        handler = type("PreviewHandler", (Handler,), {"preview": preview})
        try:
            server = ThreadingHTTPServer(("127.0.0.1", port), functools.partial(handler, directory=str(preview.folder)))
        except OSError as error:
            raise SiteError.at("--port", f"cannot listen on 127.0.0.1:{port}: {error.strerror}") from None
        try:
            preview.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
            watcher = SourceWatcher(root, stop)
            watcher.start()  # before the first build, so that no save is missed
            preview.rebuild()
            threading.Thread(target=_rebuild_on_change, args=(preview, watcher, stop), daemon=True).start()
            print(f"Serving {preview.base_url} (Ctrl+C to stop)", flush=True)
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            stop.set()
            preview.close()
            server.server_close()
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(workspace, ignore_errors=True)
