"""What no one-page text edit can skip, as one command, for build_speed.py to time beside the builder's edit.

    python3 benchmarks/least_edit.py ROOT PAGE NAMES

NAMES: a file holding the output folder's path on its first line, then each of its files and folders.
Only what this needs is imported, so that the command's time is the work itself.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

THEME = Path(__file__).resolve().parent.parent / "site_builder" / "theme" / "templates"


def main(root: Path, page: Path, names: Path) -> None:
    """Jinja2, Markdown and PyYAML imported; a stat of every page's file and of every output file and folder
    (to see that nothing else moved); the page through python-markdown with the extensions the site uses;
    the templates a page is made with compiled; one file written."""
    import jinja2
    import markdown
    import yaml

    for folder in (root / "content").iterdir():
        for entry in os.scandir(folder):
            if entry.name.endswith(".md"):
                os.stat(entry.path)
    output = names.read_text().split("\n")
    base = output.pop(0)
    for name in output:
        os.stat(f"{base}/{name}")
    _, front, body = page.read_text().split("---\n", 2)
    yaml.safe_load(front)
    # The standard extensions BodyRenderer (site_builder/engine/render/markup.py) configures, without the site's own
    # step: importing the builder would put its own start-up into a figure meant to be the least.
    extensions = ["tables", "attr_list", "def_list", "abbr", "md_in_html", "sane_lists", "footnotes", "toc"]
    html = markdown.Markdown(extensions=extensions).convert(body)
    # The site's templates, then the default theme's for those it does not have, as the builder looks them up.
    folders = [root / "templates", THEME]
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(folders), autoescape=True)
    pending, seen = ["page.html"], set()
    while pending:  # the page template and all it extends or includes
        name = pending.pop()
        if name not in seen:
            seen.add(name)
            env.get_template(name)
            source = next(folder / name for folder in folders if (folder / name).is_file()).read_text()
            pending += re.findall(r'{%-? *(?:extends|include|import|from) "([^"]+)"', source)
    written = names.with_name("least-edit.html")
    written.with_suffix(".new").write_text(html)
    os.replace(written.with_suffix(".new"), written)


if __name__ == "__main__":
    main(*map(Path, sys.argv[1:4]))
