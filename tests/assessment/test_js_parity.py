"""The widget's JavaScript interpreter and the Python scorer agree on every combination of answers."""

from __future__ import annotations

import dataclasses
import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from site_builder.assessment.scoring_old import Question, Rules, load_rules, score, widget_data

from .scoring_helpers import LANGS, ROOT, copy_data, every_answer_set
from .test_scorer import URLS, add_neck_option

WIDGET = ROOT / "static" / "js" / "widget.js"
NODE = shutil.which("node") or "/usr/bin/node"

# Enumerates answers in the same order as itertools.product (last question fastest) and scores each
# with the widget's own score(). Input: a JSON list of rule sets; output: per set, [answers, result] pairs.
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
      rows.push([a, score(R, a)]);
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


def run_widget(rule_sets: list[dict[str, Any]]) -> list[list[list[Any]]]:
    done = subprocess.run(
        [NODE, "-e", ENUMERATE, str(WIDGET)],
        input=json.dumps(rule_sets),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def assert_same(rules: Rules, rows: list[list[Any]]) -> None:
    expected = list(every_answer_set(rules))
    assert len(rows) == len(expected)
    for (answers, js), py_answers in zip(rows, expected, strict=True):
        assert answers == py_answers
        py = score(rules, answers).to_json()
        # Compared field by field so a failure names the combination and what differs.
        for key in ("outcome", "fits", "addons", "caveats", "stage", "mixed", "points", "reasons"):
            assert js[key] == py[key], f"{key} differs for {answers}: JS {js[key]!r}, Python {py[key]!r}"


def test_all_6561_combinations_agree(rules: Rules) -> None:
    [rows] = run_widget([widget_data(rules, "en", URLS)["rules"]])
    assert len(rows) == 3**8 == 6561
    assert_same(rules, rows)
    # Sanity: the enumeration reaches every outcome, add-on and caveat.
    seen = {r["outcome"] for _, r in rows} | {x for _, r in rows for x in r["addons"] + r["caveats"]}
    assert seen == {o.id for o in rules.outcomes} | {x.id for x in rules.addons + rules.caveats}


def test_an_edited_rule_file_agrees_too(tmp_path: Path) -> None:
    data = copy_data(tmp_path)
    add_neck_option(data)
    changed = load_rules(data, LANGS)
    [rows] = run_widget([widget_data(changed, "en", URLS)["rules"]])
    assert len(rows) == 4 * 3**7
    assert_same(changed, rows)


def random_variants(rules: Rules, count: int) -> list[Rules]:
    """Rule sets an editor could write, with fractional weights to test floating-point agreement."""
    rng = random.Random(20261121)  # noqa: S311 - repeatable test data, not a secret
    variants = []
    for _ in range(count):
        questions = []
        for q in rules.questions:
            if q.role == "anatomy":
                levels = sorted(rng.choice([0, 0.5, 1, 1.5, 2, 3]) for _ in q.options)
                options = tuple(dataclasses.replace(o, severity=s) for o, s in zip(q.options, levels, strict=True))
                q = dataclasses.replace(q, weight=rng.choice([0, 0.1, 0.7, 1, 2.5, 3, 6]), options=options)
            questions.append(q)
        cuts = sorted(rng.sample(range(1, 40), 3))
        outcomes = tuple(
            dataclasses.replace(o, min_score=[0, *cuts][i]) if o.min_score is not None else o
            for i, o in enumerate(rules.outcomes)
        )
        mixed = dataclasses.replace(rules.mixed, min_spread=rng.choice([0.5, 1, 2, 3]))
        variants.append(dataclasses.replace(rules, questions=tuple(questions), outcomes=outcomes, mixed=mixed))
    return variants


def test_random_weights_and_thresholds_agree(rules: Rules) -> None:
    # 81 face combinations are enough per variant: keep the context questions to their first option.
    def face_only(q: Question) -> Question:
        return q if q.role == "anatomy" else dataclasses.replace(q, options=q.options[:1])

    variants = [
        dataclasses.replace(v, questions=tuple(map(face_only, v.questions))) for v in random_variants(rules, 40)
    ]
    results = run_widget([widget_data(v, "en", URLS)["rules"] for v in variants])
    for variant, rows in zip(variants, results, strict=True):
        assert_same(variant, rows)


def test_the_widget_names_no_rule_id() -> None:
    """Every question, option, outcome, fit, add-on and caveat comes from the data, never the code."""
    rules = load_rules(ROOT / "data", LANGS)
    source = WIDGET.read_text(encoding="utf-8")
    literals = set(re.findall(r"""["'`]([^"'`]*)["'`]""", source))
    ids = {q.id for q in rules.questions} | {o.id for q in rules.questions for o in q.options}
    ids |= {o.id for o in rules.outcomes} | {f.id for f in rules.fits}
    ids |= {x.id for x in rules.addons + rules.caveats}
    assert not ids & literals


def test_widget_is_small() -> None:
    import gzip

    assert len(gzip.compress(WIDGET.read_bytes(), 9)) <= 5 * 1024
