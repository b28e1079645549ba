"""Every mistake an editor can make: exit 1, the file (and line) named, no traceback, last output untouched."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from site_builder.cli import main
from site_builder.engine.write.output import write_site
from tests.helpers import PROJECT, tree


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def replace_line(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, new, text, count=1, flags=re.M)
    assert count == 1, f"{pattern!r} not in {path}"
    path.write_text(changed, encoding="utf-8")


def copy_into_folder(page: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.read_text(encoding="utf-8"), encoding="utf-8")


EN = "content/en/thread-lift.md"
ID_PO = "locales/id/LC_MESSAGES/messages.po"


def line_holding(relative: str, text: str) -> int:
    """The line of the real site's file `relative` that holds `text`."""
    lines = (PROJECT / relative).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if text in line)


FACTS_COST_LINE = line_holding("data/facts.yaml", "cost: {min: 5000000, max:")
ID = "content/id/tanam-benang.md"

# (name, how to break the site, the file the message must name, the text it must hold, the line or None):
# every message names a line; None where the exact line is not worth pinning
CASES: list[tuple[str, Callable[[Path], None], str, str, int | None]] = [
    (
        "malformed front matter",
        lambda s: replace_line(s / EN, r"^title: .*$", "title: [unclosed"),
        EN,
        "the [ opened on line 2 is never closed: end it with ] there",
        2,
    ),
    (
        "front matter never closed",
        lambda s: edit(s / EN, "---\n", "--- \n", 1) or replace_line(s / EN, r"^---$", "..."),
        EN,
        "never closed",
        1,
    ),
    (
        "required field missing",
        lambda s: replace_line(s / EN, r"^description: .*\n", ""),
        EN,
        "'description' is missing",
        1,
    ),
    ("unknown field", lambda s: replace_line(s / EN, r"^title:", "titel:"), EN, "did you mean 'title'", 2),
    (
        "duplicate slug",
        lambda s: replace_line(s / "content/en/timing.md", r"^slug: .*$", "slug: thread-lift"),
        "content/en/timing.md",
        "slug 'thread-lift' is already used",
        5,
    ),
    ("translation missing", lambda s: (s / ID).unlink(), EN, "has no Bahasa Indonesia version", 4),
    (
        "slug escapes the output",
        lambda s: replace_line(s / EN, r"^slug: .*$", "slug: ../../etc"),
        EN,
        "'slug' may hold only",
        5,
    ),
    ("unsafe slug", lambda s: replace_line(s / EN, r"^slug: .*$", "slug: Thread Lift!"), EN, "'slug' may hold only", 5),
    (
        "invalid UTF-8",
        lambda s: (s / EN).write_bytes((s / EN).read_bytes().replace(b"Thread", b"Thr\xffad", 1)),
        EN,
        "not valid UTF-8",
        None,
    ),
    ("empty page", lambda s: (s / EN).write_text(""), EN, "the file is empty", 1),
    (
        "link to nothing",
        lambda s: (s / EN).write_text((s / EN).read_text() + "\n[gone](/en/no-such-page/)\n"),
        EN,
        "does not exist",
        None,
    ),
    (
        "fragment to nothing",
        lambda s: (s / EN).write_text((s / EN).read_text() + '\n[x]({{ url("faq") }}#faq-nope)\n'),
        EN,
        "not an anchor",
        None,
    ),
    (
        "macro with an unknown id",
        lambda s: (s / EN).write_text((s / EN).read_text() + '\n{{ cost("face-yoga") }}\n'),
        EN,
        "unknown option or add-on 'face-yoga'",
        None,
    ),
    (
        "data file syntax error",
        lambda s: edit(s / "data/facts.yaml", "horizon_years: 10", "horizon_years: [10"),
        "data/facts.yaml",
        "the [ opened on line",
        line_holding("data/facts.yaml", "horizon_years: 10"),
    ),
    (
        "data file unknown id",
        lambda s: edit(s / "data/facts.yaml", "anaesthesia: {is: local,", "anaesthesia: {is: loco,"),
        "data/facts.yaml",
        "must be one of",
        None,
    ),
    (
        "rule file syntax error",
        lambda s: (s / "data/rules.yaml").write_text("questions: [\n"),
        "data/rules.yaml",
        "invalid YAML",
        None,
    ),
    (
        "rule links to a missing page",
        lambda s: edit(s / "data/rules.yaml", "id: consult\n    page: travel", "id: consult\n    page: contact"),
        "data/rules.yaml",
        "no page has that key",
        None,
    ),
    (
        "a list used as a key",
        lambda s: replace_line(s / EN, r"^title:", "[nav, title]:"),
        EN,
        "a key must be a plain word",
        2,
    ),
    (
        "wrong number of macro arguments",
        lambda s: (s / EN).write_text((s / EN).read_text() + '\n{{ fact("thread-lift") }}\n'),
        EN,
        "wrong number of arguments",
        None,
    ),
    (
        "an option the facts do not have",
        lambda s: replace_line(s / EN, r"^option: .*$", "option: face-yoga"),
        EN,
        "must be one of the options",
        9,
    ),
    (
        "broken catalog",
        lambda s: (s / "locales/id/LC_MESSAGES/messages.po").write_text(
            (s / "locales/id/LC_MESSAGES/messages.po").read_text() + "\nthis is not po\n"
        ),
        "locales/id/LC_MESSAGES/messages.po",
        "not valid in a .po file",
        None,
    ),
    (
        "a translation that renames a placeholder",
        lambda s: edit(s / "locales/id/LC_MESSAGES/messages.po", 'msgstr "%(amount)s', 'msgstr "%(jumlah)s'),
        "locales/id/LC_MESSAGES/messages.po",
        "unknown named placeholder 'jumlah'",
        2,  # the line of the msgid it translates
    ),
    (
        "template syntax error",
        lambda s: edit(s / "templates/base.html", "{% endfor %}", "{% endfro %}"),
        "templates/base.html",
        "template error",
        None,
    ),
    (
        "a template string no catalog translates",  # found in the templates as the render stage compiled them
        lambda s: edit(s / "templates/base.html", "<title>", '<title>{{ _("Not in any catalog") }}'),
        "templates/base.html",
        "has no translation of 'Not in any catalog'",
        5,
    ),
    (
        "a colon in an unquoted title",
        lambda s: replace_line(s / EN, r"^title: .*$", "title: Thread lift: what it does"),
        EN,
        'must be in quotes, like title: "',
        2,
    ),
    ("a tab before a field", lambda s: replace_line(s / EN, r"^key:", "\tkey:"), EN, "indent with spaces", 4),
    (
        "a day that does not exist",
        lambda s: replace_line(s / EN, r"^reviewed: .*$", "reviewed: 2026-13-01"),
        EN,
        "'2026-13-01' is not a date",
        6,
    ),
    (
        "a cost with thousands separators",
        lambda s: edit(s / "data/facts.yaml", "cost: {min: 5000000, max:", "cost: {min: 5,000,000, max:"),
        "data/facts.yaml",
        "write 5000000, without commas",
        FACTS_COST_LINE,
    ),
    (
        "a rate with thousands separators",
        lambda s: replace_line(s / "data/facts.yaml", r"^    IDR: \d+$", "    IDR: 11,400,000"),
        "data/facts.yaml",
        "write 11400000, without commas",
        None,
    ),
    (
        "a macro never closed",
        lambda s: edit(s / EN, "\n\n", '\n\nSee {{ url("faq") for more.\n\nThe next paragraph.\n\n'),
        EN,
        "`}}` is missing after `{{ url(…`",
        14,  # the line after the front matter, where the macro starts
    ),
    (
        "a macro in a description",
        lambda s: replace_line(s / EN, r"^description: .*$", 'description: Costs {{ cost("thread-lift") }}'),
        EN,
        "'description' cannot hold a macro",
        3,
    ),
    (
        "nav names a key no page has",
        lambda s: edit(s / "site.yaml", "nav: [", "nav: [recovery, "),
        "site.yaml",
        "'nav' lists 'recovery'",
        line_holding("site.yaml", "nav: ["),
    ),
    (
        "a section id the translation lacks",
        lambda s: edit(s / ID, "{#cost}", "{#biaya}"),
        EN,  # where the id stands: the translation has no line for what it lacks
        "the anchor '#cost' has no counterpart in tanam-benang.md",
        line_holding(EN, "{#cost}"),
    ),
    (
        "a number the translation lacks",
        lambda s: edit(s / ID, "atas 12 studi (818 orang)", "atas belasan studi (818 orang)"),
        EN,
        "the number 12 appears 1 time(s) here but not in tanam-benang.md",
        line_holding(EN, " 12 "),
    ),
    (
        "a fuzzy translation",
        lambda s: edit(s / ID_PO, 'msgid "All pages"', '#, fuzzy\nmsgid "All pages"'),
        ID_PO,
        "marked fuzzy: review it",
        line_holding(ID_PO, 'msgid "All pages"') + 1,  # the msgid's line, below the added flag
    ),
    (
        "a currency that is not one",
        lambda s: edit(s / "site.yaml", "currencies: [SGD, USD]", "currencies: [SGD, SGF]"),
        "site.yaml",
        "'SGF' is not a currency code",
        line_holding("site.yaml", "currencies: [SGD, USD]"),
    ),
    (
        "a locale that Babel does not know",
        lambda s: edit(s / "site.yaml", "locale: id_ID", "locale: id_XX"),
        "site.yaml",
        "'id_XX' is not a locale Babel knows",
        line_holding("site.yaml", "locale: id_ID"),
    ),
    (
        "a comment never closed",
        lambda s: edit(s / EN, "\n\n", "\n\n<!-- check this with Dr Kim\n\nThe next paragraph.\n\n"),
        EN,
        "the comment opened here with <!-- is never closed",
        14,
    ),
    (
        "a warning box's text indented 2 spaces",
        lambda s: replace_line(s / EN, r"^    (Contact the clinic)", r"  \1"),
        EN,
        "indent the text under `!!! warning` by 4 spaces",
        line_holding(EN, "Contact the clinic that treated you"),
    ),
    (
        "a warning box's text not indented",
        lambda s: replace_line(s / EN, r"^    (Contact the clinic)", r"\1"),
        EN,
        "indent the text under `!!! warning` by 4 spaces",
        line_holding(EN, "Contact the clinic that treated you"),
    ),
    (
        "a section id given twice",
        lambda s: edit(s / EN, "{#limits}", "{#risks}"),
        EN,  # the file that has it, not its translation, which now has an id this one lacks
        "the section id 'risks' is given twice on this page",
        line_holding(EN, "{#limits}"),
    ),
    (
        "a quote never closed",
        lambda s: edit(s / EN, 'cannot do"\n', "cannot do\n"),
        EN,
        'the quote opened on line 2 is never closed: end the text with " on the same line',
        2,  # where it opens, not the line the parser stops at
    ),
    (
        "a { never closed in data",
        lambda s: replace_line(s / "data/facts.yaml", r"^(    cost: \{min: 5000000, .*)\}$", r"\1"),
        "data/facts.yaml",
        "the { opened on line",
        FACTS_COST_LINE,
    ),
    (
        "curly quotes in front matter",
        lambda s: replace_line(s / EN, r'^title: "(.*)"$', r"title: “\1”"),
        EN,
        "curly quotes “ ” from a word processor: type straight quotes",
        2,
    ),
    (
        "curly quotes in a macro",
        lambda s: edit(s / EN, '{{ cite("guide") }}', "{{ cite(“guide”) }}"),
        EN,
        "curly quotes “ ” from a word processor: type straight quotes",
        line_holding(EN, '{{ cite("guide") }}'),
    ),
    (
        "a macro's }} missing before another macro on its line",
        lambda s: edit(s / EN, 'Nothing is cut. {{ cite("guide") }}', 'Nothing is cut. {{ cost("thread-lift") and on.'),
        EN,
        "`}}` is missing after `{{ cost(…`",
        line_holding(EN, "Nothing is cut."),
    ),
    (
        "a macro's ( never closed",
        lambda s: edit(s / EN, '{{ cite("guide") }}', '{{ cite("guide" }}'),
        EN,
        "the ( of `{{ cite(…` is never closed: add ) before }}",
        line_holding(EN, '{{ cite("guide") }}'),
    ),
    (
        "a page in a folder with another page's key",
        lambda s: copy_into_folder(s / EN, s / "content/en/guides/copy.md"),
        EN,
        "the key 'thread-lift' is already used by guides/copy.md",
        4,
    ),
    (
        "a key given twice",
        lambda s: replace_line(s / "data/facts.yaml", r"^(    cost: \{min: 5000000, .*)$", r"\1\n\1"),
        "data/facts.yaml",
        f"the key 'cost' appears twice (lines {FACTS_COST_LINE} and {FACTS_COST_LINE + 1})",
        FACTS_COST_LINE + 1,
    ),
    (
        "a cost's max with commas",
        lambda s: replace_line(
            s / "data/facts.yaml",
            r"^    cost: \{min: 5000000, max: (\d+), (.*)\}$",
            r"    cost:\n      min: 5000000\n      max: 8,000,000\n      \2",
        ),
        "data/facts.yaml",
        "'max' must be a number of 0 or more (write 8000000, without commas)",
        FACTS_COST_LINE + 2,
    ),
    (
        "draft: yes",
        lambda s: replace_line(s / EN, r"^key: .*$", "key: thread-lift\ndraft: yes"),
        EN,
        "'draft' takes true or false, not 'yes'",
        5,
    ),
    (
        "site.yaml unknown field",
        lambda s: edit(s / "site.yaml", "default_language:", "default_langauge:"),
        "site.yaml",
        "did you mean 'default_language'",
        None,
    ),
]


@pytest.fixture(scope="module")
def good_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    output = tmp_path_factory.mktemp("good") / "public"
    assert main(["--root", str(PROJECT), "build", "--output", str(output)]) == 0
    return output


@pytest.mark.parametrize(("name", "breaks", "file", "message", "line"), CASES, ids=[c[0] for c in CASES])
def test_a_mistake_is_reported_and_the_last_output_survives(
    name, breaks, file, message, line, site_copy: Path, good_output: Path, tmp_path: Path, capsys
) -> None:
    output = tmp_path / "public"
    write_site(tree(good_output), output)  # the good site in a folder of the builder's own: a copy is not
    before = snapshot(output)
    breaks(site_copy)

    code = main(["--root", str(site_copy), "build", "--output", str(output)])

    err = capsys.readouterr().err
    assert code == 1
    assert "Traceback" not in err
    lines = [row for row in err.splitlines() if file in row and message in row]
    assert lines, f"no line naming {file} with {message!r} in:\n{err}"
    if line is not None:
        assert any(f"{file}:{line}:" in row or f"{file}:{line} " in row for row in lines), err
    assert any(re.search(rf"{re.escape(file)}:\d+[: ]", row) for row in lines), f"no line number in:\n{err}"
    assert snapshot(output) == before


def test_a_comment_is_the_editors_and_no_output_file_holds_it(site_copy: Path, tmp_path: Path) -> None:
    note = "check this with Dr Kim, fee dispute"
    edit(site_copy / EN, "\n\n", f"\n\nA sentence <!-- {note} --> goes on.\n\n<!--\n{note} (block)\n-->\n\n", 1)
    output = tmp_path / "public"

    assert main(["--root", str(site_copy), "build", "--output", str(output)]) == 0

    files = snapshot(output)
    assert any(b"A sentence" in data for data in files.values()), "the page around the comment is published"
    assert not [name for name, data in files.items() if b"Dr Kim" in data or b"<!-- check" in data]


def test_a_section_id_given_twice_is_named_at_both_lines_in_each_language_before_any_parity(
    site_copy: Path, capsys
) -> None:
    edit(site_copy / EN, "{#limits}", "{#risks}")
    edit(site_copy / ID, "{#limits}", "{#risks}")

    assert main(["--root", str(site_copy), "check"]) == 1

    err = capsys.readouterr().err
    for file in (EN, ID):
        first, second = line_holding(file, "{#limits}"), line_holding(file, "{#risks}")
        message = f"the section id 'risks' is given twice on this page (lines {first} and {second})"
        assert f"{file}:{first}: {message}" in err and f"{file}:{second}: {message}" in err, err
    assert "counterpart" not in err and "is not in" not in err, "the translation check waits for sound pages"


def test_check_reports_the_same_mistakes_without_writing(site_copy: Path, capsys) -> None:
    edit(site_copy / EN, "title:", "titel:")
    assert main(["--root", str(site_copy), "check"]) == 1
    assert "did you mean 'title'" in capsys.readouterr().err
    assert not (site_copy / "public").exists()


def test_several_mistakes_are_reported_in_one_run(site_copy: Path, capsys) -> None:
    replace_line(site_copy / EN, r"^title:", "titel:")
    replace_line(site_copy / ID, r"^description: .*\n", "")
    assert main(["--root", str(site_copy), "check"]) == 1
    err = capsys.readouterr().err
    assert EN in err and ID in err


@pytest.mark.parametrize("where", ["before the verb", "after the verb"])
def test_debug_shows_the_traceback(where: str, site_copy: Path, capsys) -> None:
    edit(site_copy / EN, "title:", "titel:")
    args = ["--root", str(site_copy), "--debug", "check"] if where == "before the verb" else ["check", "--debug"]
    if where == "after the verb":
        args += ["--root", str(site_copy)]
    assert main(args) == 1
    assert "Traceback" in capsys.readouterr().err
