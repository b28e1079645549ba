"""The first search's cost on the wire: gzip bytes of everything a reader's browser fetches, from opening
the search page to its first results, on each language of the real site (budget: 60 KB).

    python3 benchmarks/search_transfer.py

Builds the site into a temporary folder, serves it on 127.0.0.1 and searches in Debian's Chromium;
prints each file fetched and the total per language.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from build_speed import PROJECT

sys.path.insert(0, str(PROJECT))
from playwright.sync_api import sync_playwright

from site_builder.engine.build import build
from site_builder.engine.config.config import load_config
from tests.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.engine.render.test_search_browser import FIRST_SEARCH_BUDGET, first_search
from tests.helpers import serve_folder

QUERIES = {"id": "perbandingan", "en": "comparing"}


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        output = Path(folder) / "public"
        build(load_config(PROJECT), output)
        server, url = serve_folder(output)
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
                for lang, query in QUERIES.items():
                    fetched = first_search(browser, url, lang, query)
                    print(f"{lang}: first search for {query!r}")
                    for name, size in fetched.items():
                        print(f"  {size:7,d}  {name.removeprefix(url)}")
                    total = sum(fetched.values())
                    print(f"  {total:7,d}  total, gzip (budget {FIRST_SEARCH_BUDGET:,d})")
                browser.close()
        finally:
            server.shutdown()
            server.server_close()


if __name__ == "__main__":
    main()
