"""Build speed: the real site, and synthetic bilingual corpora against a bare Markdown + Jinja2 floor.

    python3 benchmarks/build_speed.py [--sizes 12 500 2000]

Prints, per size (pages per language), each figure the best of three runs: cold build (no cache),
no-change rebuild, one-page-edit rebuild (both with the cache the previous build left), peak RSS of
the build process and of its largest worker, and the floor — python-markdown + Jinja2 over all
cores on the same pages — with the ratio of the cold build to it. Build times are measured inside
the build process, after its imports; "no-change, whole command" and "edit, whole command" are the
wall time of `python -m site_builder build` with nothing changed and after a second one-page edit,
interpreter start-up included.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
SOURCES = ("site.yaml", "data", "templates", "static", "locales")
WORDS = (
    "face skin lift thread surgery recovery jawline neck cheek volume ligament tissue result longer "
    "swelling bruise clinic surgeon review choice stage mild moderate marked option answer"
).split()


def paragraph(seed: int, words: int = 60) -> str:
    text = " ".join(WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(words))
    return text[0].upper() + text[1:] + "."


def page_body(n: int, total: int) -> str:
    """About 1,000 words: headings, lists, a table, links to other pages, a fact macro."""
    parts = []
    for section in range(4):
        parts.append(f"## Section {section} {{#section-{section}}}\n")
        parts += [paragraph(n + section + k) + "\n" for k in range(3)]
        parts += [f"- {paragraph(n + k, 8)}" for k in range(4)]
        parts.append("")
    parts.append("| Option | Lasts | Note |\n|---|---|---|")
    parts += [f'| Row {k} | {{{{ fact("thread-lift", "longevity") }}}} | {paragraph(k, 6)} |' for k in range(4)]
    parts.append("")
    parts += [f'See [page {(n + k) % total}]({{{{ url("p{(n + k) % total}") }}}}#section-1).' for k in (1, 7)]
    return "\n".join(parts) + "\n"


def make_corpus(root: Path, per_language: int) -> Path:
    root.mkdir(parents=True)
    for name in SOURCES:
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    (root / "data" / "rules.yaml").unlink()  # no checklist page in the corpus, so no self-assessment
    config = re.sub(r"(?m)^nav: .*$", "nav: [home, about]", (root / "site.yaml").read_text())
    (root / "site.yaml").write_text(re.sub(r"(?m)^extensions: .*$", "extensions: [guide]", config))
    for lang in ("en", "id"):
        folder = root / "content" / lang
        folder.mkdir(parents=True)
        for key, kind in (("home", "home"), ("about", "page")):
            slug = "" if kind == "home" else key
            folder.joinpath(f"{key}.md").write_text(
                f'---\ntitle: {key}\ndescription: {key}\nkey: {key}\nslug: "{slug}"\ntype: {kind}\n'
                "reviewed: 2026-01-01\nnext_review: 2026-07-01\n---\nText.\n"
            )
        for n in range(per_language):
            folder.joinpath(f"p{n}.md").write_text(
                f"---\ntitle: Page {n}\ndescription: Synthetic page {n}.\nkey: p{n}\nslug: {lang}-p{n}\n"
                "reviewed: 2026-01-01\nnext_review: 2026-07-01\n---\n" + page_body(n, per_language)
            )
    # Like a site checked out a while ago: files saved just now are compared by content, not by date.
    day_ago = time.time_ns() - 86_400 * 10**9
    for path in root.rglob("*"):
        os.utime(path, ns=(day_ago, day_ago))
    return root


def run_build(root: Path, output: Path) -> tuple[float, int, int]:
    """Wall time and peak RSS (MB) of one build in its own process, and of its largest worker."""
    code = (
        "import resource, sys, time; from pathlib import Path\n"
        "from site_builder.engine.build import build; from site_builder.engine.config import load_config\n"
        "t = time.perf_counter(); build(load_config(Path(sys.argv[1])), Path(sys.argv[2]))\n"
        "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,\n"
        "      resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(root), str(output)], check=True, capture_output=True, text=True
    ).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def run_command(root: Path, output: Path) -> float:
    """Wall time of the whole `build` command, from interpreter start to exit."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "site_builder", "--root", str(root), "build", "--output", str(output)],
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - started


def _floor_chunk(args: tuple[list[str], str, str]) -> int:
    import jinja2
    import markdown

    paths, template_text, out = args
    md = markdown.Markdown(extensions=["extra", "toc", "sane_lists"])
    template = jinja2.Environment(autoescape=True).from_string(template_text)
    for path in paths:
        md.reset()
        text = Path(path).read_text().split("\n---\n", 1)[1]
        html = template.render(title=path, body=jinja2.utils.markupsafe.Markup(md.convert(text)))
        Path(out, Path(path).stem + Path(path).parent.name + ".html").write_text(html)
    return len(paths)


def floor(root: Path, output: Path) -> float:
    """The same pages through bare python-markdown + Jinja2, over all cores."""
    output.mkdir()
    template = "<!doctype html><html><head><title>{{ title }}</title></head><body>{{ body }}</body></html>"
    paths = sorted(str(p) for p in (root / "content").rglob("*.md"))
    cores = os.cpu_count() or 1
    chunks = [(paths[i::cores], template, str(output)) for i in range(cores)]
    started = time.perf_counter()
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        pool.map(_floor_chunk, chunks)
    return time.perf_counter() - started


def measure(per_language: int, repeats: int) -> dict[str, float]:
    """Each figure is the best of `repeats` runs: this machine's other load only ever adds time."""
    runs = []
    with tempfile.TemporaryDirectory() as tmp:
        root = make_corpus(Path(tmp) / "site", per_language)
        page = root / "content" / "en" / "p0.md"
        for run in range(repeats):
            output = Path(tmp) / f"public{run}"
            cold, rss, worker_rss = run_build(root, output)
            unchanged, _, _ = run_build(root, output)
            page.write_text(page.read_text() + f"\nOne more sentence, take {'I' * (run + 1)}.\n")  # no digits
            edited, _, _ = run_build(root, output)
            unchanged_command = run_command(root, output)
            page.write_text(page.read_text() + "\nAnd another.\n")
            command = run_command(root, output)
            bare = floor(root, Path(tmp) / f"floor{run}")
            runs.append((cold, unchanged, edited, unchanged_command, command, rss, worker_rss, bare))
    columns = (min(column) for column in zip(*runs, strict=True))
    cold, unchanged, edited, unchanged_command, command, _, _, bare = columns
    return {
        "pages": 2 * per_language + 4,
        "cold": cold,
        "unchanged": unchanged,
        "edit": edited,
        "unchanged_command": unchanged_command,
        "edit_command": command,
        "rss_mb": max(r[5] for r in runs),
        "worker_rss_mb": max(r[6] for r in runs),
        "floor": bare,
        "ratio": cold / bare,
    }


def real_site(repeats: int) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        return min(run_build(PROJECT, Path(tmp) / f"public{i}")[0] for i in range(repeats))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[12, 500, 2000], help="pages per language")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the best is shown")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    results = {"real_site_cold": real_site(args.repeats), "corpora": [measure(n, args.repeats) for n in args.sizes]}
    if args.json:
        print(json.dumps(results, indent=2))
        return
    print(f"real site, cold build (best of {args.repeats}): {results['real_site_cold']:.3f} s")
    columns = (
        ("pages", 6, "{pages}"),
        ("cold s", 8, "{cold:.3f}"),
        ("no-change s", 12, "{unchanged:.3f}"),
        ("one-edit s", 11, "{edit:.3f}"),
        ("no-change, whole command s", 27, "{unchanged_command:.3f}"),
        ("edit, whole command s", 22, "{edit_command:.3f}"),
        ("peak MB", 8, "{rss_mb}"),
        ("worker MB", 10, "{worker_rss_mb}"),
        ("floor s", 8, "{floor:.3f}"),
        ("cold ÷ floor", 13, "{ratio:.2f}"),
    )
    print(" ".join(f"{title:>{width}}" for title, width, _ in columns))
    for row in results["corpora"]:
        print(" ".join(f"{spec.format(**row):>{width}}" for _, width, spec in columns))
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"({os.cpu_count()} cores; benchmark process RSS {own} MB)")


if __name__ == "__main__":
    main()
