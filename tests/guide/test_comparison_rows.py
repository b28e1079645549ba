"""A row of the comparison, added as an editor would, in YAML alone: a field with its kind in
data/facts.yaml, a value for every option, and its label (and words) in each language's
data/text/<lang>/facts.yaml. The built tables show it in both languages; a label missing in one language
is refused at that file's line, and the last good output stays as it was."""

from __future__ import annotations

import re
from pathlib import Path

from tests.helpers import FIXTURE, all_files, cli, copy_sources

WORDS = {
    "en": {
        "thread-lift": "Fixture scar words",
        "mini-facelift": "Short fixture scar",
        "deep-plane": "Long fixture scar",
    },
    "id": {"thread-lift": "Kata bekas luka", "mini-facelift": "Bekas luka pendek", "deep-plane": "Bekas luka panjang"},
}
LABELS = {"en": "Scar", "id": "Bekas luka"}
HOMES = {"en": "en/index.html", "id": "id/index.html"}


def add_scar_row(site: Path) -> None:
    facts = site / "data/facts.yaml"
    text = facts.read_text(encoding="utf-8")
    text = text.replace(
        "  - {id: main_risks, kind: text}", "  - {id: scar, kind: text, short: true}\n  - {id: main_risks, kind: text}"
    )
    text = text.replace(
        "    main_risks: {words: true",
        '    scar: {words: true, source: "reference Part 3: scars"}\n    main_risks: {words: true',
    )
    # The first option has no figure in the sources: null, as for any other row.
    text = text.replace('    scar: {words: true, source: "reference Part 3: scars"}\n', "    scar: null\n", 1)
    facts.write_text(text, encoding="utf-8")
    for lang, words in WORDS.items():
        path = site / "data/text" / lang / "facts.yaml"
        text = path.read_text(encoding="utf-8")
        for option, scar in words.items():
            text = re.sub(
                rf"(\n  {option}:\n(?:    .*\n)*?)(    main_risks:)", rf"\1    scar: {scar}\n\2", text, count=1
            )
        text = text.replace("\nfields:\n", f"\nfields:\n  scar: {LABELS[lang]}\n", 1)
        path.write_text(text, encoding="utf-8")


def scar_row(html: str, lang: str) -> list[str]:
    row = re.search(rf"<tr><th scope=\"row\">{LABELS[lang]}</th>(.*?)</tr>", html)
    assert row, lang
    return re.findall(r"<td>(.*?)</td>", row.group(1))


def words(cell: str) -> str:
    """A cell's words without its citation marks."""
    return re.sub(r'\s*<a class="cite"[^>]*>\[\d+\]</a>', "", cell)


def test_an_editor_adds_a_row_in_yaml_alone_and_both_languages_tables_show_it(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    add_scar_row(site)
    result = cli(site)
    assert result.returncode == 0, result.stderr
    for lang, home in HOMES.items():
        html = (site / "public" / home).read_text(encoding="utf-8")
        not_stated = "Not given in our sources" if lang == "en" else "Tidak disebutkan dalam sumber kami"
        cells = scar_row(html, lang)
        assert [words(cell) for cell in cells] == [not_stated, *WORDS[lang].values()], lang
        # A stated fact carries the citation mark of its source; "not given" has none to carry.
        assert ['class="cite"' in cell for cell in cells] == [False, *[True] * len(WORDS[lang])], lang


def test_a_row_without_its_label_in_one_language_is_refused_at_that_files_line(tmp_path: Path) -> None:
    site = copy_sources(tmp_path / "site", FIXTURE)
    add_scar_row(site)
    assert cli(site).returncode == 0
    before = all_files(site / "public")
    labels = site / "data/text/id/facts.yaml"
    text = labels.read_text(encoding="utf-8")
    labels.write_text(text.replace("  scar: Bekas luka\n", "", 1), encoding="utf-8")
    result = cli(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = text.splitlines().index("fields:") + 1
    message = "fields: the row 'scar' of data/facts.yaml has no name here; add 'scar: <its name>'"
    assert f"data/text/id/facts.yaml:{line}: {message}\n" in result.stderr, result.stderr
    assert all_files(site / "public") == before
