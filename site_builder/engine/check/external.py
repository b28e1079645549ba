"""`check --external`: is every source address in data/sources.yaml still there?

Each address is asked for once (GET, no redirect followed, so a move is seen as one), a few at a time,
each within a time limit. A page that answered well is remembered for a week in .cache/, so a second run
asks again only for the others. Only the standard library: a few requests at a time need no more.
"""

from __future__ import annotations

import json
import os
import time
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import cast
from urllib.parse import urljoin, urlsplit

from ..base.errors import Problem
from ..base.yamlio import LineDict, load_yaml
from ..config.config import SiteConfig
from ..load.references import REFERENCES_FILE

WORKERS = 6  # requests at a time: enough to be quick, few enough to be polite to each host
TIMEOUT = 15.0  # seconds for one address to answer
KEEP_GOOD = 7 * 24 * 3600  # seconds a good answer is remembered
CACHE = ".cache/external-links.json"  # below the project's folder
USER_AGENT = "site-builder-link-check/1"


@dataclass(frozen=True)
class Verdict:
    url: str
    kind: str  # "ok", "moved" (301, 308), "redirected" (302, 303, 307), "dead" (4xx, 5xx), "no answer"
    detail: str = ""

    @property
    def good(self) -> bool:
        return self.kind == "ok"


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None  # the 3xx is raised as an HTTPError, and reported


_OPENER = urllib.request.build_opener(_NoRedirects)


def fetch(url: str, timeout: float = TIMEOUT) -> Verdict:
    """What asking for `url` says of it."""
    if urlsplit(url).scheme not in ("http", "https"):
        return Verdict(url, "dead", "is not an http(s) address")
    # Only http(s), checked above: no file: or other scheme is ever opened.
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*"})  # noqa: S310
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return Verdict(url, "ok", str(response.status))
    except urllib.error.HTTPError as error:
        target = urljoin(url, error.headers.get("Location", "")) if error.headers else ""
        if error.code in (301, 308):
            return Verdict(url, "moved", f"moved for good ({error.code}) to {target}: write the new address")
        if 300 <= error.code < 400:
            return Verdict(url, "redirected", f"sends readers on ({error.code}) to {target}: check it is the same page")
        return Verdict(url, "dead", f"the site answers {error.code} {error.reason}: find the page's new address")
    except TimeoutError:
        return Verdict(url, "no answer", f"did not answer within {timeout:g} s")
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, TimeoutError):
            return Verdict(url, "no answer", f"did not answer within {timeout:g} s")
        return Verdict(url, "dead", f"cannot be reached ({reason})")


def source_addresses(config: SiteConfig) -> list[tuple[str, int]]:
    """Each source's address in data/sources.yaml, with its line, in the file's order."""
    data = load_yaml(config.data_dir / REFERENCES_FILE) or {}
    found = []
    for entry in data.values():
        if isinstance(entry, dict) and isinstance(entry.get("url"), str):
            found.append((entry["url"], cast(LineDict, entry).line_of("url")))
    return found


def check_external(
    config: SiteConfig,
    timeout: float = TIMEOUT,
    workers: int = WORKERS,
    now: float | None = None,
) -> tuple[list[Problem], int, int]:
    """A problem for each source address that is dead, moved, redirected or silent; how many addresses were
    asked for (the rest answered well within the last week); and how many there are."""
    now = time.time() if now is None else now
    addresses = source_addresses(config)
    cache = _read_cache(config.root / CACHE)
    asked = sorted({url for url, _ in addresses if now - cache.get(url, 0) > KEEP_GOOD})
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        verdicts = dict(zip(asked, pool.map(lambda url: fetch(url, timeout), asked), strict=True))
    for url, verdict in verdicts.items():
        if verdict.good:
            cache[url] = now
        else:
            cache.pop(url, None)
    _write_cache(config.root / CACHE, cache)
    path = config.data_dir / REFERENCES_FILE
    problems = [
        Problem(path, f"{url} {answer.detail}", line)
        for url, line in addresses
        if (answer := verdicts.get(url)) is not None and not answer.good
    ]
    return problems, len(asked), len({url for url, _ in addresses})


def _read_cache(path: Path) -> dict[str, float]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, int | float)} if isinstance(
        data, dict
    ) else {}


def _write_cache(path: Path, cache: Mapping[str, float]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_text(json.dumps(dict(sorted(cache.items())), indent=0), encoding="utf-8")
        temporary.replace(path)
    except OSError:
        pass  # a cache that cannot be written only means asking again next time


def summary(problems: Iterable[Problem], asked: int, total: int) -> str:
    count = len(list(problems))
    remembered = total - asked
    kept = f"; {remembered} more answered well within the last week and were not asked again" if remembered else ""
    return f"Asked for {asked} of the {total} source addresses{kept}: {count} to look at."
