"""What keeps the preview to its editor: the names it answers to, the headers it sends, the connections it holds.

A web page the editor opens elsewhere can point a name of its own at 127.0.0.1 (DNS rebinding) and read
the preview, drafts included, as its own site; the browser then sends that name as `Host`. So the
preview answers only to the loopback names and the address it was told to listen on. An IP address can
be rebound by no one, so a preview listening on every address (0.0.0.0) answers to any address, never
to a name.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import threading
from http.server import ThreadingHTTPServer
from typing import cast

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]"})
BACKLOG = 128  # connections the kernel holds while every handler is busy (the standard library's is 5)
IDLE_SECONDS = 10.0  # a connection that sends nothing for this long is closed
MAX_CONNECTIONS = 64  # handled at once; more wait in the backlog (an open page holds one for its events)
_WAIT_STEP = 0.25  # seconds between looks for a free slot, so that closing the server is not held up
_HOST = re.compile(r"(?P<name>\[[0-9a-f:.]+\]|[^:\[\]]+)(?::(?P<port>[0-9]{1,5}))?")
# Every response's Cache-Control is the preview's own (no-store): a page must show its latest build.
_NOT_FROM_THE_SITE = frozenset({"cache-control", "content-length", "content-type"})
# The preview's own pages (the problems page before any build, its scripts and reports) send these.
OWN_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; connect-src 'self'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}


def url_host(host: str) -> str:
    """The host as a URL and a Host header write it: an IPv6 address in brackets, names in lower case."""
    host = host.strip().lower()
    return f"[{host.strip('[]')}]" if ":" in host else host


def is_wildcard(host: str) -> bool:
    try:
        return ipaddress.ip_address(host.strip("[]")).is_unspecified
    except ValueError:
        return False


def is_loopback(host: str) -> bool:
    """True when `host` (an address or a name) reaches this computer alone."""
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(host.strip("[]"), None, type=socket.SOCK_STREAM)}
    except (OSError, UnicodeError):
        return False
    return bool(addresses) and all(ipaddress.ip_address(cast(str, a).split("%")[0]).is_loopback for a in addresses)


def exposure_warning(host: str) -> str | None:
    """What to tell an editor whose preview others can reach; None when it stays on this computer."""
    if is_loopback(host):
        return None
    return (
        f"Warning: the preview listens on {url_host(host)}, so anyone on that network can open it and read "
        "every page, drafts included. Use it only on a network you trust; without --host it stays on this "
        "computer (127.0.0.1)."
    )


class HostCheck:
    """Whether a request's Host header names this preview."""

    def __init__(self, listen_host: str):
        self.names = LOOPBACK_NAMES | {url_host(listen_host)}
        self.any_address = is_wildcard(listen_host)

    def allows(self, header: str | None) -> bool:
        match = _HOST.fullmatch((header or "").strip().lower())
        if match is None:
            return False
        name = match["name"]
        if name in self.names:
            return True
        if not self.any_address:
            return False
        try:
            ipaddress.ip_address(name.strip("[]"))
        except ValueError:
            return False
        return True


def header_rules(text: str) -> list[tuple[re.Pattern[str], list[tuple[str, str]]]]:
    """The rules of a `_headers` file (Netlify's and Cloudflare's format): a path pattern, `*` matching any
    rest, followed by its indented `Name: value` lines."""
    rules: list[tuple[re.Pattern[str], list[tuple[str, str]]]] = []
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not line[0].isspace():
            pattern = ".*".join(re.escape(part) for part in line.strip().split("*"))
            rules.append((re.compile(pattern), []))
        elif rules and ":" in line:
            name, _, value = line.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
    return rules


def site_headers(headers_file: bytes | None, path: str) -> dict[str, str]:
    """The headers the built `_headers` file gives the URL path `path`, as the host would send them; the
    preview's own when the build has none."""
    if headers_file is None:
        return dict(OWN_HEADERS)
    found: dict[str, str] = {}
    for pattern, headers in header_rules(headers_file.decode("utf-8", "replace")):
        if pattern.fullmatch(path):
            found.update((name, value) for name, value in headers if name.lower() not in _NOT_FROM_THE_SITE)
    return found


class PreviewServer(ThreadingHTTPServer):
    """A threading server with a real backlog, a cap on the connections handled at once and idle timeouts."""

    request_queue_size = BACKLOG
    daemon_threads = True

    def __init__(
        self,
        address: tuple[str, int],
        handler: type,
        family: socket.AddressFamily = socket.AF_INET,
        idle_seconds: float = IDLE_SECONDS,
        max_connections: int = MAX_CONNECTIONS,
    ):
        self.address_family = family
        self.idle_seconds = idle_seconds
        self.slots = threading.BoundedSemaphore(max_connections)
        self.closing = threading.Event()
        super().__init__(address, handler)

    def process_request(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]  # handles the sockets it accepts
        while not self.slots.acquire(timeout=_WAIT_STEP):  # every slot taken: the rest wait their turn
            if self.closing.is_set():
                self.shutdown_request(request)
                return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:  # type: ignore[override]  # handles the sockets it accepts
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def server_close(self) -> None:
        self.closing.set()
        super().server_close()
