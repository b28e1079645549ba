"""The preview answers only its editor: the names it answers to, the files and headers it sends, the
connections it holds. Each server here listens on 127.0.0.1 alone, serving a copy of the built site."""

from __future__ import annotations

import http.client
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from site_builder.engine.write.output import MARKER
from site_builder.preview import guard
from site_builder.preview.server import Preview, listen
from tests.helpers import site_headers

TIMEOUT = 5  # seconds any one exchange may take


class Running:
    """A preview server in this process, on 127.0.0.1 at a free port, serving `folder` as the last good build."""

    def __init__(self, folder: Path, **limits: float):
        self.server = listen(Preview(folder.parent, folder), "127.0.0.1", 0, **limits)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def get(self, path: str, host: str | None = "default") -> tuple[int, dict[str, str], bytes]:
        """Status, headers and body of GET `path`, naming `host` (127.0.0.1:port by default; None: no Host)."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        try:
            connection.putrequest("GET", path, skip_host=True, skip_accept_encoding=True)
            if host is not None:
                connection.putheader("Host", f"127.0.0.1:{self.port}" if host == "default" else host)
            connection.endheaders()
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(TIMEOUT)


@pytest.fixture
def site(built_site: Path, tmp_path: Path) -> Path:
    """A copy of the built site, to add files to."""
    folder = tmp_path / "public"
    shutil.copytree(built_site, folder, symlinks=True)
    return folder


@pytest.fixture
def running(site: Path) -> Iterator[Running]:
    server = Running(site)
    yield server
    server.stop()


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil.example:{port}", "localhost."],
)
def test_a_request_naming_another_host_is_refused(running: Running, host: str) -> None:
    status, headers, body = running.get("/en/about/", host.format(port=running.port))
    assert status == 403
    assert headers["Content-Type"] == "text/plain; charset=utf-8"
    assert body == b"Forbidden: this preview answers only at the address it prints when it starts.\n"


@pytest.mark.parametrize("path", ["/__status", "/__events?path=/en/about/&build=x", "/__status/translations", "/"])
def test_the_previews_own_addresses_refuse_another_host_too(running: Running, path: str) -> None:
    status, _, body = running.get(path, f"rebound.example:{running.port}")
    assert status == 403 and body.startswith(b"Forbidden: ")


def test_a_request_naming_no_host_is_refused(running: Running) -> None:
    assert running.get("/__status", host=None)[0] == 403


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.1:{port}", "localhost", "LOCALHOST:{port}", "[::1]:{port}"])
def test_the_loopback_names_are_answered_with_or_without_the_port(running: Running, host: str) -> None:
    status, _, body = running.get("/en/about/", host.format(port=running.port))
    assert status == 200 and b'<script src="/__reload.js"' in body


def test_the_address_given_with_host_is_answered_and_any_address_when_listening_on_every_one() -> None:
    lan = guard.HostCheck("192.168.1.20")
    assert lan.allows("192.168.1.20:8000") and lan.allows("localhost:8000")
    assert not lan.allows("192.168.1.21:8000") and not lan.allows("evil.example:8000")
    everywhere = guard.HostCheck("0.0.0.0")  # noqa: S104 - a check, not a listener
    assert everywhere.allows("10.0.0.7:8000") and everywhere.allows("[fe80::1]:8000")
    assert not everywhere.allows("evil.example:8000"), "a name can be rebound to this computer; an address cannot"
    assert guard.HostCheck("::1").allows("[::1]:8000")


@pytest.mark.parametrize(
    "path",
    [f"/{MARKER}", f"/%2E{MARKER[1:]}", f"/en/../{MARKER}", "/.hidden/page.html", "/en/.notes.txt", "/.hidden/"],
)
def test_no_file_or_folder_whose_name_starts_with_a_dot_is_served(running: Running, site: Path, path: str) -> None:
    (site / ".hidden").mkdir()
    (site / ".hidden/page.html").write_text("<p>hidden page</p>")
    (site / ".hidden/index.html").write_text("<p>hidden index</p>")
    (site / "en/.notes.txt").write_text("hidden notes")
    assert (site / MARKER).is_file(), "the build marks its output"
    status, _, body = running.get(path)
    assert status == 404
    assert b"hidden" not in body and b"site-builder's output" not in body


def test_every_response_carries_the_headers_the_built_headers_file_gives_it(running: Running, site: Path) -> None:
    wanted = {name: value for name, value in site_headers(site).items() if name != "Cache-Control"}
    assert {"Content-Security-Policy", "X-Content-Type-Options"} <= set(wanted)
    stylesheet = next(site.glob("assets/**/*.css")).relative_to(site).as_posix()
    for path in ("/", "/en/about/", f"/{stylesheet}", "/en/no-such-page/"):
        status, headers, _ = running.get(path)
        assert status in (200, 404)
        assert {name: headers.get(name) for name in wanted} == wanted, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Cache-Control"] == "no-store", "a preview is never cached, even its hashed assets"


def test_the_headers_are_read_from_the_build_not_from_a_copy_of_their_own(running: Running, site: Path) -> None:
    headers_file = site / "_headers"
    headers_file.write_text(headers_file.read_text().replace("X-Frame-Options: DENY", "X-Frame-Options: SAMEORIGIN"))
    assert running.get("/en/about/")[1]["X-Frame-Options"] == "SAMEORIGIN"


def test_the_previews_own_responses_carry_a_policy_and_nosniff(running: Running) -> None:
    for path in ("/__status", "/__reload.js", "/__status/translations"):
        headers = running.get(path)[1]
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "default-src 'none'" in headers["Content-Security-Policy"]


def test_the_listen_backlog_is_a_real_one(running: Running) -> None:
    assert running.server.request_queue_size >= 128


def test_an_idle_connection_is_closed_after_the_timeout(site: Path) -> None:
    server = Running(site, idle_seconds=0.5)
    try:
        silent = socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT)
        halfway = socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT)
        halfway.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")  # the headers never end
        started = time.monotonic()
        assert silent.recv(1024) == b"", "closed by the server"
        assert halfway.recv(1024) == b""
        assert 0.4 < time.monotonic() - started < 4
        assert server.get("/en/about/")[0] == 200, "and the server goes on serving"
    finally:
        silent.close()
        halfway.close()
        server.stop()


def test_connections_beyond_the_cap_wait_their_turn_and_are_then_answered(site: Path) -> None:
    server = Running(site, idle_seconds=1, max_connections=2)
    holders = [socket.create_connection(("127.0.0.1", server.port), timeout=TIMEOUT) for _ in range(2)]
    try:
        time.sleep(0.1)  # both taken up by handlers, which wait for a request that never comes
        started = time.monotonic()
        assert server.get("/en/about/")[0] == 200
        waited = time.monotonic() - started
        assert 0.7 < waited < 4, f"answered after {waited:.2f} s: once an idle one was closed"
    finally:
        for holder in holders:
            holder.close()
        server.stop()


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.2"])
def test_a_preview_on_this_computer_alone_gives_no_warning(host: str) -> None:
    assert guard.exposure_warning(host) is None


@pytest.mark.parametrize("host", ["192.168.1.20", "0.0.0.0", "::"])  # noqa: S104 - checks, not listeners
def test_a_preview_others_can_reach_is_a_warning_in_plain_words(host: str) -> None:
    warning = guard.exposure_warning(host)
    assert warning is not None and warning.startswith(f"Warning: the preview listens on {guard.url_host(host)}, ")
    assert "anyone on that network can open it" in warning and "drafts included" in warning
