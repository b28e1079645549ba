"""The preview server on 127.0.0.1: serves the last good build and pushes each new one to the open pages.

Each open page keeps a Server-Sent Events connection naming the page it shows. After a rebuild, a page
hears only of its own HTML: if nothing but the (content-hashed) names of its stylesheets changed, it
swaps them in place; if it runs no script of its own, it swaps in its new body, keeping its scroll
position; otherwise it reloads. A failed build shows its problems over the page. The preview builds the
drafts too (the config's `preview`), each saying on the page that it is one, and shows a difference between
a page and its translation over the page as a warning, where `build` refuses it. It builds the draft
languages too, and serves the translation status (what `site-builder status` prints) at /__status/translations,
linked from the foot of every page it serves. Before any build has gone through, every address shows the
problems on a page of the preview's own, which reloads into the site once they are mended.

It answers only its editor (guard.py): requests naming another host are refused, no file or folder whose
name starts with a dot is served, and every response carries the headers the built `_headers` gives it.
Each build's pages render on the rebuilding thread under the site's render time limit, as in `build`.

A build puts its new site in place in one step; each request opens the folder once and reads everything
from that one tree, looking again if a build swapped a new one in meanwhile. So a request never mixes two
builds, and never misses a page that both have.
"""

from __future__ import annotations

import errno
import functools
import html
import json
import mimetypes
import os
import queue
import re
import secrets
import signal
import socket
import stat
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from importlib.resources import files
from pathlib import Path
from typing import NoReturn, TypeVar
from urllib.parse import parse_qs, unquote, urlsplit

import jinja2

from ..engine.base.errors import SiteError
from ..engine.build import build, extensions
from ..engine.check.translations import shown, site_status
from ..engine.config.config import CONFIG_FILE, load_config
from ..engine.incremental.store import InMemory
from ..engine.load.content import PageReader
from . import guard
from .watch import SourceWatcher
from .workspace import Workspace, clear_stale

T = TypeVar("T")

RELOAD_JS = files(__package__).joinpath("reload.js").read_bytes()
STATUS_PAGE = jinja2.Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True).from_string(
    files(__package__).joinpath("translations.html").read_text(encoding="utf-8")
)
STATUS_PATH = "/__status/translations"
# The status page runs no script and loads nothing: it may do nothing else either.
STATUS_CSP = "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
KEEP_ALIVE_SECONDS = 15  # a comment now and then finds connections the browser has closed
BUILD_WAIT_SECONDS = 120  # on stopping, how long a build under way may take to finish
LOOK_AGAIN = 100  # times a request looks at the folder while builds swap sites in
HEADERS_FILE = "_headers"  # the built file whose headers every response carries, as a host sends them
DEFAULT_HOST = "127.0.0.1"
_STYLESHEET = re.compile(rb'<link rel="stylesheet" href="([^"]*)">')
_SCRIPT = re.compile(rb'<script(?![^>]*type="application/(?:ld\+)?json")[\s>]')  # one that runs, not data


def event(name: str, data: str = "") -> bytes:
    lines = data.splitlines() or [""]
    return (f"event: {name}\n" + "".join(f"data: {line}\n" for line in lines) + "\n").encode()


_HTML = "text/html; charset=utf-8"
# The reload script styles the problems box and reloads the page once a build goes through.
PROBLEMS_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>The site does not build yet</title>
</head>
<body>
<h1>The site does not build yet</h1>
<p>Nothing has been built, so there is no page to show. Mend the problems below and save: this page
then shows the site by itself.</p>
<pre id="site-builder-error" data-kind="error">{problems}</pre>
{script}
</body>
</html>
"""
RELOAD = event("reload")
NEW_BODY = event("body")


class Tree:
    """The output folder as one look at it finds it: opened once, so a new site swapped in meanwhile is not mixed in."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.handle = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        self.opened = _identity(os.fstat(self.handle))

    def close(self) -> None:
        os.close(self.handle)

    def read(self, name: str) -> bytes | None:
        """The bytes of a file of this tree; None if it has no such file."""
        try:
            handle = os.open(name, os.O_RDONLY, dir_fd=self.handle)
        except (OSError, ValueError):  # not there, or not a name at all (a NUL byte)
            return None
        try:
            if not stat.S_ISREG(os.fstat(handle).st_mode):  # a folder
                return None
            with os.fdopen(handle, "rb", closefd=False) as stream:
                return stream.read()
        except OSError:
            return None
        finally:
            os.close(handle)

    def live(self) -> bool:
        """Still the folder's site, and never swapped out meanwhile: what it lacks, the site lacks."""
        try:
            return _identity(os.stat(self.folder)) == self.opened
        except OSError:
            return False


def _identity(info: os.stat_result) -> tuple[int, int, int]:
    return info.st_dev, info.st_ino, info.st_ctime_ns  # a rename, even there and back, moves the ctime


def output_file(tree: Tree, url_path: str) -> tuple[str, bytes] | None:
    """The file of the output a URL path is served from, with its bytes; None for a page not found."""
    name = unquote(url_path).lstrip("/")
    if any(part.startswith(".") for part in Path(name).parts):  # `..`, the output's mark, any hidden file
        return None
    for candidate in (name, name.rstrip("/") + "/index.html" if name else "index.html"):
        if candidate and (data := tree.read(candidate)) is not None:
            return candidate, data
    return None


def in_one_tree(folder: Path, read: Callable[[Tree], T]) -> T | None:
    """read() of the site as it is: looked at again if a build swapped a new one in meanwhile, and waited
    for in the moment a swap by two renames leaves no folder there."""
    found = None
    for _ in range(LOOK_AGAIN):
        try:
            tree = Tree(folder)
        except OSError:
            time.sleep(0.001)
            continue
        try:
            found = read(tree)
            if tree.live():
                return found
        finally:
            tree.close()
    return found


def look_up(folder: Path, url_path: str) -> tuple[str, bytes] | None:
    """output_file() in the site as it is."""
    return in_one_tree(folder, lambda tree: output_file(tree, url_path))


def answer(tree: Tree, url_path: str) -> tuple[tuple[str, bytes] | None, bytes | None]:
    """The file a request gets (the site's 404 page for one it lacks), and the `_headers` file, of one tree."""
    return output_file(tree, url_path) or output_file(tree, "/404.html"), tree.read(HEADERS_FILE)


class Viewer:
    """One open page, and the HTML it was last told about."""

    file: str | None
    html: bytes | None

    def __init__(self, folder: Path, url_path: str):
        self.url_path = url_path
        found = look_up(folder, url_path)
        self.file, self.html = found if found else (None, None)
        self.inbox: queue.SimpleQueue[bytes | None] = queue.SimpleQueue()  # None: the server is stopping

    def news(self, folder: Path, written: frozenset[str]) -> bytes | None:
        """What to tell this page after a build that wrote `written`, if anything."""
        found = look_up(folder, self.url_path)
        if self.file is None:  # a page not found: it may exist now
            return RELOAD if found or "404.html" in written else None
        if found is None or found[0] != self.file:
            return RELOAD
        if self.file not in written:
            return None
        html = found[1]
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
        self.error = ""  # the problems of the last build, which failed
        self.warning = ""  # the warnings of the last good build
        self.rendered = 0  # pages the last build rendered: the rest were unchanged
        self.viewers: set[Viewer] = set()
        self.lock = threading.Lock()
        self.building = threading.Lock()  # held by a build: the folder is not removed from under it

    @property
    def build_id(self) -> str:
        return f"{self.session}-{self.version}"

    def rebuild(self) -> None:
        with self.building:
            self._rebuild()

    def _rebuild(self) -> None:
        started = time.perf_counter()
        try:
            config = load_config(self.root).with_overrides(output=self.folder, base_url=self.base_url, preview=True)
            report = build(config, store=self.store)
        except SiteError as error:
            self._failed("\n".join(str(p) for p in error.problems))
            return
        except Exception as error:  # a fault of the builder itself: keep serving the last good site
            self._failed(f"{type(error).__name__}: {error}")
            return
        # Warnings (a translation that differs, an address no longer published) show over the page too:
        # the site was built, but build and check would refuse the first.
        warning = "Warning: " + "\nWarning: ".join(report.warnings) if report.warnings else ""
        with self.lock:
            fixed = bool(self.error or self.warning) and not warning
            self.version += 1
            self.error, self.warning = "", warning
            self.rendered = report.pages_rendered
            for viewer in self.viewers:
                if fixed:
                    viewer.inbox.put(event("fixed"))
                if (news := viewer.news(self.folder, report.written)) is not None:
                    viewer.inbox.put(news)
                if warning:
                    viewer.inbox.put(event("warnings", warning))
        print(
            f"Rebuilt ({time.strftime('%H:%M:%S')}) in {time.perf_counter() - started:.2f} s: "
            f"{report.pages_rendered} pages rendered, {report.files_written} files written.",
            flush=True,
        )
        for warning in report.warnings:
            print(f"Warning: {warning}.", flush=True)

    def _failed(self, message: str) -> None:
        with self.lock:
            changed, self.error = message != self.error, message
            built = self.version > 0
            for viewer in self.viewers if changed else ():
                viewer.inbox.put(event("problems", message))
        if changed and built:
            print(f"Build failed; still serving the last good version:\n{message}", file=sys.stderr, flush=True)
        elif changed:
            print(
                f"Build failed; nothing is built yet, so every page shows these problems until mended:\n{message}",
                file=sys.stderr,
                flush=True,
            )

    def problems_page(self) -> bytes | None:
        """What every address shows while no build has gone through: the problems, until they are mended."""
        with self.lock:
            if self.version or not self.error:
                return None
            message = self.error
        return PROBLEMS_PAGE.format(problems=html.escape(message), script=self.script_tag().decode()).encode()

    def open(self, url_path: str, build_id: str) -> Viewer:
        with self.lock:
            viewer = Viewer(self.folder, url_path)
            if build_id != self.build_id:  # built again between serving the page and this connection
                viewer.inbox.put(RELOAD)
            if self.error or self.warning:
                viewer.inbox.put(event("problems", self.error) if self.error else event("warnings", self.warning))
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
                {
                    "build": self.build_id,
                    "version": self.version,
                    "error": self.error,
                    "warning": self.warning,
                    "rendered": self.rendered,
                }
            ).encode()

    def translation_status(self) -> bytes:
        """The report `site-builder status` prints, as a page, from the sources as they are now."""
        try:
            config = load_config(self.root)
            unreadable, reports = site_status(config, PageReader(extensions(config)))
        except SiteError as error:
            return STATUS_PAGE.render(error=[str(problem) for problem in error.problems]).encode()
        where = functools.partial(shown, root=config.root)
        return STATUS_PAGE.render(unreadable=unreadable, reports=reports, where=where).encode()

    def script_tag(self) -> bytes:
        return (
            f'<script src="/__reload.js" data-build="{self.build_id}" data-status="{STATUS_PATH}" defer></script>'
        ).encode()


class Handler(BaseHTTPRequestHandler):
    preview: Preview
    hosts: guard.HostCheck

    def setup(self) -> None:
        # Per connection: a PreviewServer's idle limit (the standard library declares timeout on the class).
        self.timeout = self.server.idle_seconds  # type: ignore[attr-defined, misc]  # see above
        super().setup()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the stdlib's name
        pass

    def do_GET(self) -> None:
        try:
            self._get()
        except OSError:  # the browser went away, or a file was being replaced: let it ask again
            pass

    def do_HEAD(self) -> None:
        self.do_GET()

    def _get(self) -> None:
        if not self.hosts.allows(self.headers.get("Host")):  # another site's name pointed at this computer
            body = b"Forbidden: this preview answers only at the address it prints when it starts.\n"
            return self._send(body, "text/plain; charset=utf-8", HTTPStatus.FORBIDDEN, guard.OWN_HEADERS)
        url = urlsplit(self.path)
        if url.path == "/__events":
            return self._events(parse_qs(url.query))
        if url.path == "/__status":
            return self._send(self.preview.status(), "application/json", headers=guard.OWN_HEADERS)
        if url.path == STATUS_PATH:
            headers = {**guard.OWN_HEADERS, "Content-Security-Policy": STATUS_CSP}
            return self._send(self.preview.translation_status(), _HTML, headers=headers)
        if url.path == "/__reload.js":
            return self._send(RELOAD_JS, "text/javascript", headers=guard.OWN_HEADERS)
        if (problems := self.preview.problems_page()) is not None:  # nothing built yet: the problems, anywhere
            return self._send(problems, _HTML, HTTPStatus.SERVICE_UNAVAILABLE, guard.OWN_HEADERS)
        found, headers_file = in_one_tree(self.preview.folder, lambda tree: answer(tree, url.path)) or (None, None)
        headers = guard.site_headers(headers_file, url.path)
        if found is None:
            return self._send(b"Not found\n", "text/plain; charset=utf-8", HTTPStatus.NOT_FOUND, headers)
        name, data = found
        status = HTTPStatus.OK if name != "404.html" or url.path == "/404.html" else HTTPStatus.NOT_FOUND
        if name.endswith(".html"):
            return self._send(data.replace(b"</body>", self.preview.script_tag() + b"</body>"), _HTML, status, headers)
        return self._send(data, mimetypes.guess_type(name)[0] or "application/octet-stream", status, headers)

    def _events(self, query: dict[str, list[str]]) -> None:
        viewer = self.preview.open(query.get("path", ["/"])[0], query.get("build", [""])[0])
        try:
            self.send_response(HTTPStatus.OK)
            self.send_header("Content-Type", "text/event-stream")
            self.send_header("Cache-Control", "no-store")
            self.send_header("X-Content-Type-Options", "nosniff")
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

    def _send(
        self, body: bytes, kind: str, status: HTTPStatus = HTTPStatus.OK, headers: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
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
        if not stop.is_set():
            preview.rebuild()


def listen(preview: Preview, host: str, port: int, **limits: float) -> guard.PreviewServer:
    """The preview's server on host:port, answering only requests that name it; a SiteError if it cannot listen."""
    where = f"{guard.url_host(host)}:{port}"
    if not 0 <= port <= 65535:  # the resolver would wrap it round
        raise SiteError.at("--port", f"cannot listen on {where}: a port is a number up to 65535")
    try:
        family, _, _, _, address = socket.getaddrinfo(host.strip("[]"), port, type=socket.SOCK_STREAM)[0]
    except (OSError, UnicodeError) as error:
        raise SiteError.at("--host", f"cannot listen on {where}: {getattr(error, 'strerror', None) or error}") from None
    handler = type("PreviewHandler", (Handler,), {"preview": preview, "hosts": guard.HostCheck(host)})
    try:
        return guard.PreviewServer(address[:2], handler, family, **limits)  # type: ignore[arg-type]  # an IPv4 or IPv6 address
    except OSError as error:
        option = "--host" if error.errno == errno.EADDRNOTAVAIL else "--port"  # no such address here, or port taken
        raise SiteError.at(option, f"cannot listen on {where}: {error.strerror}") from None


def serve(root: Path, port: int, host: str = DEFAULT_HOST) -> None:
    """Serve the site at http://<host>:<port>/ until Ctrl+C or SIGTERM, then remove its temporary folder."""
    if not (root / CONFIG_FILE).is_file():
        load_config(root)  # a folder that is no site is reported before anything starts; a mistake in one shows
    clear_stale()  # the folders of previews killed before they could remove them
    try:
        workspace = Workspace()
    except OSError as error:
        raise SiteError.at(
            tempfile.gettempdir(), f"cannot make the preview's temporary folder here: {error.strerror}"
        ) from None
    stop = threading.Event()
    preview = Preview(root, workspace.path / "site")
    previous = signal.signal(signal.SIGTERM, _interrupted)
    try:
        preview.folder.mkdir()
        if warning := guard.exposure_warning(host):
            print(warning, file=sys.stderr, flush=True)
        server = listen(preview, host, port)
        try:
            address = DEFAULT_HOST if guard.is_wildcard(host) else guard.url_host(host)  # one to open it at
            preview.base_url = f"http://{address}:{server.server_address[1]}/"
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
        stop.set()
        # A second signal must not cut the clean-up short; a build still writing into the folder would leave
        # files behind, so it may finish first (and no other starts).
        interrupt = signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        preview.building.acquire(timeout=BUILD_WAIT_SECONDS)
        workspace.remove()
        signal.signal(signal.SIGINT, interrupt)
        signal.signal(signal.SIGTERM, previous)
