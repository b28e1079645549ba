"""The widget's JavaScript and the Python scorer agree on every combination of answers, for the real
rules and for rule files an editor could write."""

from __future__ import annotations

import dataclasses
import gzip
import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from site_builder.assessment.load import load_rules
from site_builder.assessment.model import FACE, GOAL, NOT, TREATS, VERDICTS, WITH, AnswerIn, Indication, Rules
from site_builder.assessment.scorer import score
from site_builder.assessment.view import rules_json

from .helpers import LANGS, REFERENCES, ROOT, copy_data, edit, every_answer_set

WIDGET = ROOT / "static" / "js" / "widget.js"
NODE = shutil.which("node") or "/usr/bin/node"

# Enumerates answers in the same order as itertools.product (last question fastest) and scores each
# with the widget's own score(). Input: a JSON list of rule sets; output: per set, the list of results.
ENUMERATE = r"""
const { score } = require(process.argv[1]);
let input = "";
process.stdin.on("data", (d) => { input += d; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((R) => {
    const qs = R.questions, idx = qs.map(() => 0), rows = [];
    for (;;) {
      const a = {};
      qs.forEach((q, i) => { a[q.id] = q.options[idx[i]].id; });
      rows.push(score(R, a));
      let k = qs.length - 1;
      while (k >= 0 && ++idx[k] === qs[k].options.length) { idx[k] = 0; k--; }
      if (k < 0) break;
    }
    return rows;
  });
  process.stdout.write(JSON.stringify(out));
});
"""

pytestmark = pytest.mark.skipif(not Path(NODE).exists(), reason="node is not installed")


def run_widget(rule_sets: list[Rules]) -> list[list[dict[str, Any]]]:
    done = subprocess.run(
        [NODE, "-e", ENUMERATE, str(WIDGET)],
        input=json.dumps([rules_json(r) for r in rule_sets]),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_same(rules: Rules, rows: list[dict[str, Any]]) -> None:
    expected = list(every_answer_set(rules))
    assert len(rows) == len(expected)
    for js, answers in zip(rows, expected, strict=True):
        py = score(rules, answers).to_json()
        # Field by field, so a failure names the combination and what differs.
        for key in py:
            assert js[key] == py[key], f"{key} differs for {answers}: JS {js[key]!r}, Python {py[key]!r}"


def test_all_6561_combinations_agree(rules: Rules) -> None:
    [rows] = run_widget([rules])
    assert len(rows) == 3**8 == 6561
    assert_same(rules, rows)
    # The enumeration reaches every outcome the rules can give, every add-on and every caveat.
    seen = {r["outcome"] for r in rows} | {x for r in rows for x in r["addons"] + r["caveats"]}
    assert seen >= {o.id for o in rules.outcomes} | {"svf-fat-graft"}
    assert seen >= {c.id for c in rules.caveats}


def test_an_edited_rule_file_agrees_too(tmp_path: Path) -> None:
    """An editor adds a fourth neck answer in YAML alone; both interpreters follow."""
    data = copy_data(tmp_path)
    edit(
        data / "rules.yaml",
        '        source: "guide Part 1, significant stage: visible neck laxity, banding, the neck-jaw angle lost"\n',
        '        source: "guide Part 1, significant stage: visible neck laxity, banding, the neck-jaw angle lost"\n'
        "      - id: very-loose\n        stages: [significant]\n"
        '        source: "guide Part 1, significant stage: visible neck laxity"\n',
    )
    for old, new in [
        (
            "answers: {jawline: [softening, jowls], neck: [slight, banding]}",
            "answers: {jawline: [softening, jowls], neck: [slight, banding, very-loose]}",
        ),
        ("answers: {neck: [slight, banding]}", "answers: {neck: [slight, banding, very-loose]}"),
        ("answers: {neck: [banding]}", "answers: {neck: [banding, very-loose]}"),
        ("answers: {neck: [smooth, slight, banding]}", "answers: {neck: [smooth, slight, banding, very-loose]}"),
    ]:
        edit(data / "rules.yaml", old, new)
    for lang in LANGS:
        edit(
            data / "text" / lang / "assessment.yaml",
            "      banding: ",
            "      very-loose: Very loose\n      banding: ",
        )
    changed = load_rules(data, LANGS, REFERENCES)
    [rows] = run_widget([changed])
    assert len(rows) == 4 * 3**7
    assert_same(changed, rows)


def random_variants(rules: Rules, count: int) -> list[Rules]:
    """Rule sets an editor could write: other stage runs, other verdicts, other choices by goal."""
    rng = random.Random(20261201)  # noqa: S311 - repeatable test data, not a secret
    companions = [c.id for c in rules.companions]
    goal = rules.goal[0]
    variants = []
    for _ in range(count):
        questions = []
        for q in rules.questions:
            if q.role == FACE:
                # Runs of neighbouring stages whose starts and ends never go back with severity.
                starts = sorted(rng.choice([0, 1, 2]) for _ in q.options)
                ends = sorted(rng.choice([0, 1, 2]) for _ in q.options)
                options = tuple(
                    dataclasses.replace(o, stages=rules.stages[s : max(s, e) + 1])
                    for o, s, e in zip(q.options, starts, ends, strict=True)
                )
                q = dataclasses.replace(q, options=options)
            elif q.role != GOAL:
                q = dataclasses.replace(q, options=q.options[:1])  # 243 combinations are enough per variant
            questions.append(q)
        outcomes = []
        for o in rules.outcomes:
            if o.stage is None:
                outcomes.append(o)
                continue
            indications = []
            for q in questions:
                if q.role != FACE:
                    continue
                for option in q.options:
                    verdict = VERDICTS[rng.choice([0, 0, 1, 2])]
                    indications.append(
                        Indication(
                            verdict,
                            {q.id: (option.id,)},
                            None if verdict == TREATS else "skin-quality",
                            "guide",
                            rng.choice(companions) if verdict == WITH else None,
                        )
                    )
            chosen = rng.choice([None, AnswerIn(goal.id, tuple(rng.sample([x.id for x in goal.options], 1)))])
            outcomes.append(
                dataclasses.replace(
                    o, stage=rng.choice(rules.stages), indications=tuple(indications), chosen_when=chosen
                )
            )
        variants.append(dataclasses.replace(rules, questions=tuple(questions), outcomes=tuple(outcomes)))
    return variants


def test_random_rule_files_agree(rules: Rules) -> None:
    variants = random_variants(rules, 60)
    assert any(i.verdict == NOT for v in variants for o in v.outcomes for i in o.indications)
    for variant, rows in zip(variants, run_widget(variants), strict=True):
        assert_same(variant, rows)


def test_the_widget_names_no_rule_id(rules: Rules) -> None:
    """Every question, option, stage, outcome, companion and caveat comes from the data, never the code."""
    source = WIDGET.read_text(encoding="utf-8")
    literals = set(re.findall(r"""["'`]([^"'`]*)["'`]""", source))
    ids = {q.id for q in rules.questions} | {o.id for q in rules.questions for o in q.options}
    ids |= set(rules.stages) | {o.id for o in rules.outcomes} | {c.id for c in rules.companions}
    ids |= {c.id for c in rules.caveats}
    assert not ids & literals


def test_widget_is_small() -> None:
    assert len(gzip.compress(WIDGET.read_bytes(), 9)) <= 5 * 1024
