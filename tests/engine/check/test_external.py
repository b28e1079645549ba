"""`check --external` against a local server, never the internet: a page that is there, one moved for good,
one gone, and one that never answers in time, each given its verdict at its line in data/sources.yaml."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.engine.check.external import CACHE, check_external, source_addresses
from site_builder.engine.config.config import load_config
from tests.helpers import FIXTURE, copy_sources

SLOW = 3.0  # seconds the silent page takes; the check waits 0.5


class Pages(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(SLOW)
        status, headers = {
            "/ok": (200, {}),
            "/moved": (301, {"Location": "/ok"}),
            "/slow": (200, {}),
        }.get(self.path, (404, {}))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def sources_at(tmp_path: Path, base: str) -> Path:
    site = copy_sources(tmp_path / "site", FIXTURE)
    entries = "".join(
        f"{name}:\n  title: {name.title()} page\n  publisher: Example\n  url: {base}/{name}\n  read: 2026-01-10\n"
        for name in ("ok", "moved", "gone", "slow")
    )
    # The fixture's own address is on the local server too: nothing here reaches the internet.
    text = (site / "data/sources.yaml").read_text().replace("https://reference.example.org/facelift-page", f"{base}/ok")
    (site / "data/sources.yaml").write_text(text + entries)
    return site


def line_of(site: Path, text: str) -> int:
    return (site / "data/sources.yaml").read_text().splitlines().index(f"  url: {text}") + 1


def test_every_address_a_test_asks_for_is_on_the_local_server(tmp_path: Path) -> None:
    addresses = [url for url, _ in source_addresses(load_config(sources_at(tmp_path, "http://127.0.0.1:9")))]
    assert len(addresses) == 5 and all(url.startswith("http://127.0.0.1:9/") for url in addresses)


def test_four_answers_get_four_right_verdicts_at_their_lines(server: str, tmp_path: Path, capsys) -> None:
    site = sources_at(tmp_path, server)

    code = main(["--root", str(site), "check", "--external", "--timeout", "0.5"])

    out, err = capsys.readouterr()
    assert code == 1
    path = site / "data/sources.yaml"
    assert f"{path}:{line_of(site, server + '/moved')}: {server}/moved moved for good (301) to {server}/ok" in err
    assert f"{path}:{line_of(site, server + '/gone')}: {server}/gone the site answers 404" in err
    assert f"{path}:{line_of(site, server + '/slow')}: {server}/slow did not answer within 0.5 s" in err
    assert f"{server}/ok " not in err, "the page that is there is not reported"
    assert "Asked for 4 of the 4 source addresses: 3 to look at." in out


def test_a_good_answer_is_remembered_so_the_next_check_asks_only_for_the_others(server: str, tmp_path: Path) -> None:
    site = sources_at(tmp_path, server)
    config = load_config(site)

    first, asked, total = check_external(config, timeout=0.5)
    again, asked_again, _ = check_external(config, timeout=0.5)
    week_later, asked_later, _ = check_external(config, timeout=0.5, now=time.time() + 8 * 24 * 3600)

    assert (asked, total) == (4, 4)  # the fixture's own address is the good one's
    assert asked_again == 3 and asked_later == 4
    assert [p.message for p in first] == [p.message for p in again] == [p.message for p in week_later]
    assert (site / CACHE).is_file()
