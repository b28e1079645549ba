"""Build speed, whole commands and in-process, against floors taken in the same run.

    python3 benchmarks/build_speed.py [--copies 153] [--synthetic 2000] [--repeats 3] [--scale 20000]

Sites measured:
- the real site as it is;
- the real content multiplied: every prose page copied `--copies` times in both languages, each copy
  with its own key and slug (153 copies: 4,006 pages), so pages carry the real links, macros, tables,
  charts and navigation;
- a synthetic corpus of `--synthetic` pages per language (about 1,000 words each, plain prose).

For each: a cold build (no build state), a build with nothing changed, and a build after a one-page
text edit, each the best of `--repeats` runs. "whole" is the wall time of
`python -m site_builder build` from interpreter start to exit; "in-process" is what the command itself
reports (after its imports); peak RSS is the largest process of the command, workers included.

Floors, in the same run (this machine's speed drifts from day to day, so only ratios compare):
- import floor: `python -c "import jinja2, markdown, babel, yaml"`, the least any build command costs;
- Markdown floor: the same pages through bare python-markdown and a one-line Jinja2 template, over
  all cores, as a whole command too.
- least edit: what no one-page text edit can skip (benchmarks/least_edit.py), as a whole command: how
  near the edit target a builder that did nothing else could come.
The builder runs as an installed package does, from compiled bytecode (pip compiles a package's modules
when it installs it, as it did the libraries'), even where PYTHONDONTWRITEBYTECODE is set.
Scale (with --scale N): a cold build of the synthetic corpus at N pages (N/2 per language), once, beside
the cold build at --synthetic: the cost per page at each (whole command and in-process) and the peak RSS.
Target: the cost per page at 20,000 pages within 1.2× that at 4,000; peak RSS ≤ 400 MB at 20,000.

Targets: real site cold ≤ 2.0× the import floor; 4,000 pages cold ≤ 1.0× the Markdown floor; nothing
changed ≤ 1.5× and one-page edit ≤ 2.0× the import floor at 4,000 pages; peak RSS ≤ 200 MB.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
LEAST_EDIT = Path(__file__).with_name("least_edit.py")
SOURCES = ("site.yaml", "data", "templates", "static", "locales")
IMPORT_FLOOR = "import jinja2, markdown, babel, yaml"
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


def _age(root: Path) -> None:
    """Like a site checked out a while ago: files saved just now are compared by content, not by date."""
    day_ago = time.time_ns() - 86_400 * 10**9
    for path in root.rglob("*"):
        os.utime(path, ns=(day_ago, day_ago))


def make_corpus(root: Path, per_language: int) -> Path:
    """A synthetic site: `per_language` plain pages in each language, plus a home and an about page."""
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
    _age(root)
    return root


def make_real_corpus(root: Path, copies: int) -> Path:
    """The real site with every prose page (all but the home pages) copied `copies` times per language."""
    root.mkdir(parents=True)
    for name in (*SOURCES, "content"):
        source = PROJECT / name
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, root / name)
    for page in sorted((root / "content").glob("*/*.md")):
        text = page.read_text()
        if re.search(r"(?m)^type: home$", text):
            continue
        for n in range(1, copies + 1):
            copy = re.sub(r"(?m)^(key|slug): (.+)$", rf"\1: \2-c{n}", text)
            page.with_name(f"{page.stem}-c{n}.md").write_text(copy)
    _age(root)
    return root


def whole(command: list[str]) -> tuple[float, float | None, int]:
    """Wall time from start to exit, the in-process time the build reports, and peak RSS in MB."""
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    out, err = process.stdout.read().decode(), process.stderr.read().decode()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{out}{err}")
    reported = re.search(r" in (\d+\.\d+) s:", out)
    return elapsed, float(reported.group(1)) if reported else None, usage.ru_maxrss // 1024


def build_command(root: Path, output: Path) -> list[str]:
    return [sys.executable, "-m", "site_builder", "--root", str(root), "build", "--output", str(output)]


def best(runs: int, measure: Callable[[int], tuple[float, float | None, int]]) -> tuple[float, float | None, int]:
    """The fastest of `runs` (this machine's other load only ever adds time), with the largest RSS seen."""
    results = [measure(run) for run in range(runs)]
    fastest = min(results, key=lambda r: r[0])
    return fastest[0], fastest[1], max(r[2] for r in results)


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


def markdown_floor(root: Path, output: Path) -> None:
    """The site's pages through bare python-markdown + Jinja2, over all cores (run as its own command)."""
    output.mkdir()
    template = "<!doctype html><html><head><title>{{ title }}</title></head><body>{{ body }}</body></html>"
    paths = sorted(str(p) for p in (root / "content").rglob("*.md"))
    cores = len(os.sched_getaffinity(0))
    chunks = [(paths[i::cores], template, str(output)) for i in range(cores)]
    with multiprocessing.get_context("fork").Pool(cores) as pool:
        pool.map(_floor_chunk, chunks)


def measure_site(root: Path, tmp: Path, repeats: int, edit_page: Path, floor: bool) -> dict[str, object]:
    """Cold, nothing changed, one-page edit (and the Markdown floor) on one site."""
    outputs = [tmp / f"out-{root.name}-{run}" for run in range(repeats)]
    cold = best(repeats, lambda run: whole(build_command(root, outputs[run])))
    unchanged = best(repeats, lambda run: whole(build_command(root, outputs[run])))

    def edit(run: int) -> tuple[float, float | None, int]:
        text = edit_page.read_text()
        edit_page.write_text(text + f"\nOne more sentence, take {'I' * (run + 1)}.\n")  # no digits: parity holds
        return whole(build_command(root, outputs[run]))

    edited = best(repeats, edit)
    result: dict[str, object] = {
        "pages": sum(1 for _ in (root / "content").rglob("*.md")),
        "cold": cold,
        "unchanged": unchanged,
        "edit": edited,
    }
    if floor:
        script = [sys.executable, __file__, "--markdown-floor", str(root)]
        result["markdown_floor"] = best(repeats, lambda run: whole([*script, str(tmp / f"floor-{root.name}-{run}")]))
        output = outputs[0]
        names = tmp / f"outputs-{root.name}.txt"
        found = [str(output)]
        for folder, _, files in os.walk(output):
            inner = os.path.relpath(folder, output)
            found += [inner] + [os.path.join(inner, name) for name in files]
        names.write_text("\n".join(found))
        script = [sys.executable, str(LEAST_EDIT), str(root), str(edit_page), str(names)]
        result["least_edit"] = best(repeats, lambda run: whole(script))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=153, help="copies of each real prose page per language (0: none)")
    parser.add_argument("--synthetic", type=int, default=2000, help="synthetic pages per language")
    parser.add_argument("--repeats", type=int, default=3, help="runs per figure; the fastest is shown")
    parser.add_argument("--scale", type=int, default=0, help="pages of a synthetic site built once cold (0: none)")
    parser.add_argument("--markdown-floor", nargs=2, type=Path, metavar=("ROOT", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.markdown_floor:
        markdown_floor(*args.markdown_floor)
        return
    package = importlib.util.find_spec("site_builder")
    assert package is not None and package.origin is not None, "site_builder is not importable here"
    compileall.compile_dir(Path(package.origin).parent, quiet=1)
    import_floor = min(whole([sys.executable, "-c", IMPORT_FLOOR])[0] for _ in range(max(args.repeats, 5)))
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        real = tmp / "real"
        shutil.copytree(PROJECT, real, ignore=shutil.ignore_patterns(".*", "public", "node_modules", "tests"))
        sites = {"real site": measure_site(real, tmp, args.repeats, real / "content/en/timing.md", floor=False)}
        if args.copies:
            sites["real × copies"] = measure_site(
                make_real_corpus(tmp / "copies", args.copies),
                tmp,
                args.repeats,
                tmp / f"copies/content/en/timing-c{(args.copies + 1) // 2}.md",
                floor=True,
            )
        sites |= {
            "synthetic": measure_site(
                make_corpus(tmp / "synthetic", args.synthetic),
                tmp,
                args.repeats,
                tmp / "synthetic/content/en/p0.md",
                floor=True,
            ),
        }
        if args.scale:
            root = make_corpus(tmp / "scale", args.scale // 2)
            scale = (sum(1 for _ in (root / "content").rglob("*.md")), whole(build_command(root, tmp / "out-scale")))
    cores = len(os.sched_getaffinity(0))
    print(f"import floor ({IMPORT_FLOOR}): {import_floor:.3f} s; {cores} cores; best of {args.repeats}")
    print(f"{'site':14} {'pages':>6} {'build':10} {'whole s':>8} {'in-process s':>13} {'peak MB':>8}  ratio")
    for name, row in sites.items():
        for label in ("cold", "unchanged", "edit"):
            elapsed, reported, rss = row[label]  # type: ignore[misc]
            if label == "cold" and "markdown_floor" in row:
                ratio = f"{elapsed / row['markdown_floor'][0]:.2f}× Markdown floor"  # type: ignore[index]
            else:
                ratio = f"{elapsed / import_floor:.2f}× import floor"
            shown = f"{reported:.3f}" if reported is not None else "-"
            print(f"{name:14} {row['pages']:>6} {label:10} {elapsed:>8.3f} {shown:>13} {rss:>8}  {ratio}")
        if "markdown_floor" in row:
            elapsed, _, rss = row["markdown_floor"]  # type: ignore[misc]
            print(f"{name:14} {row['pages']:>6} {'md floor':10} {elapsed:>8.3f} {'-':>13} {rss:>8}")
            elapsed, _, rss = row["least_edit"]  # type: ignore[misc]
            ratio = f"{elapsed / import_floor:.2f}× import floor"
            print(f"{name:14} {row['pages']:>6} {'least edit':10} {elapsed:>8.3f} {'-':>13} {rss:>8}  {ratio}")
    if args.scale:
        print_scale(sites["synthetic"], *scale)


def print_scale(small: dict[str, object], pages: int, cold: tuple[float, float | None, int]) -> None:
    """Cost per page of the synthetic corpus cold, at its size and at the large one, and peak RSS at each."""
    print(
        f"\nscale, synthetic cold: {'pages':>6} {'whole s':>8} {'ms/page':>8} {'in-process ms/page':>19} {'peak MB':>8}"
    )
    rows = [(small["pages"], small["cold"]), (pages, cold)]
    per_page = []
    for count, (elapsed, reported, rss) in rows:  # type: ignore[misc]
        inner = f"{1000 * reported / count:.2f}" if reported is not None else "-"
        per_page.append(elapsed / count)
        print(f"{'':22} {count:>6} {elapsed:>8.2f} {1000 * elapsed / count:>8.2f} {inner:>19} {rss:>8}")
    print(f"cost per page at {pages:,} ÷ at {small['pages']:,}: {per_page[1] / per_page[0]:.2f}× (whole command)")


if __name__ == "__main__":
    main()
