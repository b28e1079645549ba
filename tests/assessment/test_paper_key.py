"""Paper = screen: the printed key on the built checklist page, followed by hand, gives the widget's
outcome and add-ons for every one of the 6,561 answer sets, in both languages.

The key is read from the page's HTML as a reader reads the printout: the words in its tables and
sentences, matched against the labels of the answers the reader ticked. Nothing is taken from data
attributes or the rule file.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from site_builder.assessment.model import Rules
from site_builder.assessment.scorer import score

from .helpers import every_answer_set

PAGES = {"en": "en/self-assessment/index.html", "id": "id/penilaian-mandiri/index.html"}


class KeyReader(HTMLParser):
    """The key section's tables (rows of cell texts, by table class) and list items (by list class)."""

    def __init__(self) -> None:
        super().__init__()
        self.inside = 0  # depth within the key section
        self.tables: dict[str, list[list[str]]] = {}
        self.lists: dict[str, list[str]] = {}
        self.mixed = ""
        self._table = self._list = ""
        self._cell: list[str] | None = None
        self._row: list[str] = []
        self._mixed = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section" and "assessment-key" in classes:
            self.inside = 1
            return
        if not self.inside:
            return
        if tag == "section":
            self.inside += 1
        if tag == "table":
            self._table = classes[-1]
            self.tables[self._table] = []
        elif tag == "ul":
            self._list = classes[-1]
            self.lists[self._list] = []
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "li" and self._list:
            self._cell = []
        elif tag == "p" and "assessment-key-mixed" in classes:
            self._mixed = True

    def handle_endtag(self, tag: str) -> None:
        if not self.inside:
            return
        if tag == "section":
            self.inside -= 1
        elif tag in ("td", "th") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._table:
            self.tables[self._table].append(self._row)
        elif tag == "table":
            self._table = ""
        elif tag == "li" and self._list and self._cell is not None:
            self.lists[self._list].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "ul":
            self._list = ""
        elif tag == "p":
            self._mixed = False

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._mixed:
            self.mixed += data


def read_key(built_site: Path, lang: str) -> KeyReader:
    reader = KeyReader()
    reader.feed((built_site / PAGES[lang]).read_text(encoding="utf-8"))
    return reader


def between(template: str, name: str, text: str) -> str:
    """What stands for {name} in `text`, written from `template` (other placeholders match anything)."""
    pattern = re.escape(template)
    for field in re.findall(r"\\\{(\w+)\\\}", pattern):
        pattern = pattern.replace(rf"\{{{field}\}}", f"(?P<{field}>.+?)" if field == name else ".+?", 1)
    found = re.fullmatch(pattern, text)
    assert found, (template, text)
    return found.group(name)


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_printed_key_gives_the_screen_result_for_every_combination(
    built_site: Path, rules: Rules, lang: str
) -> None:
    t = rules.texts[lang]
    key = read_key(built_site, lang)
    phrases = t.phrases

    # Step 1: the stages each answer fits, by question and answer label (rowgroups of 3 rows).
    fits: dict[tuple[str, str], str] = {}
    question = ""
    for row in key.tables["assessment-key-signs"][1:]:
        if len(row) == 3:
            question, label, stages = row
        else:
            label, stages = row
        fits[question, label] = stages
    # Step 3: the result for each stage and goal, stages from earliest to latest as printed.
    stage_rows = key.tables["assessment-key-stages"][1:]
    order = list(dict.fromkeys(stage for stage, _, _ in stage_rows))
    result_of = {(stage, goal): result for stage, goal, result in stage_rows}

    def stages_fitted(words: str) -> set[str]:
        return set(order) if words == phrases["every_stage"] else set(words.split(f" {phrases['or']} "))

    # Step 2: no stage that fits all four means mixed answers, with this result.
    consult = between(phrases["key_step_mixed"], "outcome", " ".join(key.mixed.split()))
    # Step 4: the add-ons, each "With {outcome}, if you answered {answers}: <add-on>".
    addons = []
    for line in key.lists.get("assessment-key-addons", []):
        when, _, addon = line.rpartition(": ")
        addons.append((between(phrases["key_addon_when"], "outcome", when + ":"), when, addon))

    assert len(fits) == sum(len(q.options) for q in rules.face)
    (goal_question,) = rules.goal
    for answers in every_answer_set(rules):
        common = set(order)
        for q in rules.face:
            common &= stages_fitted(fits[t.questions[q.id].short, t.questions[q.id].options[answers[q.id]]])
        if not common:
            paper = consult
        else:
            stage = min(common, key=order.index)
            goal = f"“{t.questions[goal_question.id].options[answers[goal_question.id]]}”"
            paper = result_of.get((stage, goal)) or result_of[stage, phrases["key_any_goal"]]
        paper_addons = [
            addon
            for outcome, when, addon in addons
            if outcome == paper
            and any(
                f"“{t.questions[q.id].options[answers[q.id]]}” ({t.questions[q.id].short})" in when for q in rules.face
            )
        ]
        screen = score(rules, answers)
        assert paper == t.outcomes[screen.outcome].name, answers
        assert paper_addons == [t.companions[a].name for a in screen.addons], answers


def test_the_key_names_every_caveat_with_its_condition(built_site: Path, rules: Rules) -> None:
    t = rules.texts["en"]
    caveats = read_key(built_site, "en").lists["assessment-key-caveats"]
    assert len(caveats) == len(rules.caveats)
    for line, caveat in zip(caveats, rules.caveats, strict=True):
        assert line.startswith(t.caveats[caveat.id].name + ". " + t.phrases["key_caveat_when"].split("{")[0])
