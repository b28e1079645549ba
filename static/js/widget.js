/* Self-assessment widget. It reads the rules and texts from the page's JSON block and interprets
   them: no question, option, stage or outcome is written here. score() follows
   site_builder/assessment/scorer.py step by step; tests run both over every combination of answers.
   Nothing leaves the browser and nothing is stored. */
(function () {
  "use strict";

  // The condition form documented in data/rules.yaml.
  const holds = (c, a, stage, out) =>
    c.all ? c.all.every((x) => holds(x, a, stage, out))
      : c.any ? c.any.some((x) => holds(x, a, stage, out))
        : c.stage ? c.stage.includes(stage)
          : c.outcome ? c.outcome.includes(out)
            : c.in.includes(a[c.question]);

  const verdict = (o, q, v) => o.indications.find((i) => (i.answers[q] || []).includes(v));

  function score(R, a) {
    for (const q of R.questions) {
      if (!q.options.some((o) => o.id === a[q.id])) throw new Error("unanswered: " + q.id);
    }
    const face = R.questions.filter((q) => q.role === "face");
    const signs = face.map((q) => ({
      question: q.id, option: a[q.id], stages: q.options.find((o) => o.id === a[q.id]).stages || R.stages,
    }));
    // Each answer fits a run of stages: those all fit run from the latest start to the earliest end.
    const at = (s) => R.stages.indexOf(s);
    const lo = Math.max(...signs.map((s) => at(s.stages[0])));
    const hi = Math.min(...signs.map((s) => at(s.stages[s.stages.length - 1])));
    const mixed = lo > hi, stage = R.stages[lo];
    const fits = R.outcomes.filter((o) => o.id !== R.consult).map((o) => {
      const fails = [], needs = [];
      for (const q of face) {
        const i = verdict(o, q.id, a[q.id]);
        if (i.verdict === "not") fails.push([q.id, a[q.id]]);
        else if (i.verdict === "with" && !needs.includes(i.companion)) needs.push(i.companion);
      }
      return { o, outcome: o.id, fails, needs };
    });
    const cands = mixed ? [] : fits.filter((f) => f.o.stage === stage && !f.fails.length);
    const pick = cands.find((f) => !f.o.chosen_when || holds(f.o.chosen_when, a, stage, "")) || cands[0];
    const out = pick ? pick.outcome : R.consult;
    const level = (f) => f.fails.length ? "poor" : mixed ? "possible" : f.outcome === out ? "good"
      : f.o.stage === stage ? "also" : at(f.o.stage) > lo ? "more" : "less";
    return {
      outcome: out, stage, mixed,
      fits: fits.map((f) => ({ outcome: f.outcome, level: level(f), fails: f.fails, needs: f.needs })),
      addons: pick ? pick.needs.filter((c) => R.companions.find((x) => x.id === c).addon) : [],
      caveats: R.caveats.filter((c) => holds(c.when, a, stage, out)).map((c) => c.id),
      signs,
    };
  }

  if (typeof module === "object" && module.exports) {
    module.exports = { score, holds };
    return;
  }

  const $ = (id) => document.getElementById(id);
  const dataBlock = $("assessment-data");
  if (!dataBlock) return;
  const D = JSON.parse(dataBlock.textContent), R = D.rules, T = D.text, P = T.phrases;
  const root = $("assessment"), form = $("assessment-form"), box = $("assessment-result");
  const errs = $("assessment-errors"), share = $("assessment-share");

  const fill = (s, v) => s.replace(/\{(\w+)\}/g, (m, k) => (k in v ? v[k] : m));
  const h = (tag, props, kids) => {
    const e = Object.assign(document.createElement(tag), props);
    if (kids) e.append(...kids.filter((k) => k != null));
    return e;
  };
  const outcome = (id) => R.outcomes.find((o) => o.id === id);
  const name = (id) => T.outcomes[id].name;
  const anchor = (page, text) => D.urls[page] ? h("a", { href: D.urls[page], textContent: text }) : text;
  const link = (page, text) => h("p", {}, [anchor(page, text)]);
  const radios = (q) => form.querySelectorAll('input[name="' + q.id + '"]');
  const said = (q, v) => T.questions[q].short + " (" + T.questions[q].options[v] + ")";
  const para = (text) => h("p", { textContent: text });
  const list = (items, cls) => h("ul", { className: cls || "" }, items.map((k) => h("li", {}, [].concat(k))));

  function answers() {
    const a = {};
    for (const q of R.questions) {
      for (const r of radios(q)) if (r.checked) a[q.id] = r.value;
    }
    return a;
  }

  function showErrors(missing) {
    const ul = errs.querySelector("ul");
    ul.replaceChildren();
    for (const q of R.questions) {
      const bad = missing.includes(q), first = radios(q)[0], fs = first.closest("fieldset");
      const err = fs.querySelector(".assessment-error"), hint = fs.querySelector(".assessment-hint").id;
      fs.parentNode.classList.toggle("assessment-question--error", bad);
      err.hidden = !bad;
      fs.setAttribute("aria-describedby", bad ? hint + " " + err.id : hint);
      if (bad) ul.append(h("li", {}, [h("a", { href: "#" + first.id, textContent: T.questions[q.id].error })]));
    }
    errs.hidden = !missing.length;
    if (missing.length) errs.focus();
  }

  function clear() {
    box.replaceChildren();
    box.dataset.outcome = box.dataset.addons = box.dataset.caveats = "";
    root.classList.remove("is-scored");
  }

  // Name and words of each add-on or caveat, as a list under its heading.
  const named = (kids, title, ids, texts) => {
    if (ids.length) {
      kids.push(h("h3", { textContent: title }),
        list(ids.map((id) => [h("strong", { textContent: texts[id].name }), " ", texts[id].text])));
    }
  };
  const stages = (ids) => ids.length === R.stages.length ? P.every_stage
    : ids.map((s) => T.stages[s]).join(" " + P.or + " ");

  // Which answers point where: each face answer with the stages it fits, or, when mixed, the
  // stages the answers call for, each with its options and the answers that fit it.
  function why(r) {
    if (r.mixed) {
      const groups = R.stages.map((st) => {
        const hits = r.signs.filter((x) => x.stages.length < R.stages.length && x.stages.includes(st));
        const opts = R.outcomes.filter((o) => o.stage === st).map((o) => name(o.id));
        return hits.length ? fill(P.mixed_group, {
          stage: T.stages[st], options: opts.join(", "), answers: hits.map((x) => said(x.question, x.option)).join("; "),
        }) : null;
      }).filter((g) => g);
      return [h("h3", { textContent: P.mixed_heading }), list(groups)];
    }
    return [h("h3", { textContent: P.signs_heading }), list(r.signs.map((x) =>
      fill(P.sign_fits, { answer: said(x.question, x.option), stages: stages(x.stages) })))];
  }

  // Each option in one line: how well it fits, and why.
  function option(f) {
    const why = [f.fails.length ? fill(P.does_not_treat, { answers: f.fails.map((x) => said(...x)).join("; ") })
      : T.fits[f.level]];
    if (f.needs.length) why.push(fill(P.together_with, { companions: f.needs.map((c) => T.companions[c].name).join(", ") }));
    const li = h("li", { className: "assessment-option" }, [
      h("h4", {}, [anchor(outcome(f.outcome).page, name(f.outcome))]),
      para(why.join(" ")),
    ]);
    li.dataset.fit = f.level;
    return li;
  }

  function render(r, a, focus, updated) {
    box.dataset.outcome = r.outcome;
    box.dataset.addons = r.addons.join(" ");
    box.dataset.caveats = r.caveats.join(" ");
    const consult = r.outcome === R.consult, fit = r.fits.find((f) => f.outcome === r.outcome);
    const needs = fit ? fit.needs.map((c) => T.companions[c].name) : [];
    const best = consult ? name(r.outcome) : needs.length
      ? fill(P.best_fit_with, { outcome: name(r.outcome), companions: needs.join(" " + P.and + " ") })
      : fill(P.best_fit, { outcome: name(r.outcome) });
    const goal = R.questions.filter((q) => q.role === "goal").map((q) => T.questions[q.id].options[a[q.id]]);
    const reason = r.mixed ? P.why_mixed : consult ? P.why_none
      : fill(P.why_stage, { stage: T.stages[r.stage].toLowerCase() })
        + (r.fits.some((f) => f.level === "also") ? " " + fill(P.why_goal, { goal: goal.join(", ") }) : "");
    const next = D.urls[R.next[0]];
    const kids = [
      h("h2", { tabIndex: -1, textContent: P.result_heading }),
      updated ? h("p", { className: "assessment-updated", textContent: P.updated }) : null,
      h("p", { className: "assessment-best" }, [h("strong", { textContent: best })]),
      h("p", { className: "assessment-why", textContent: reason }),
      h("div", { className: "assessment-next" }, [
        h("h3", { textContent: P.next_heading }),
        para(P.next_text),
        next ? h("p", {}, [h("a", { href: next + "#" + R.next[1], textContent: P.next_link })]) : null,
        consult ? null : link(outcome(r.outcome).page, fill(P.read_guide, { outcome: name(r.outcome) })),
      ]),
      para(T.outcomes[r.outcome].text),
      consult ? null : para(T.summaries[r.outcome]),
    ];
    named(kids, P.addons_heading, r.addons, T.companions);
    named(kids, P.caveats_heading, r.caveats, T.caveats);
    kids.push(...why(r), h("h3", { textContent: P.options_heading }),
      h("ul", { className: "assessment-options" }, r.fits.map(option)));
    kids.push(h("h3", { textContent: P.answers_heading }), h("dl", { className: "assessment-answers" },
      R.questions.flatMap((q) => [
        h("dt", { textContent: T.questions[q.id].short }),
        h("dd", { textContent: T.questions[q.id].options[a[q.id]] }),
      ])));
    box.replaceChildren(...kids.filter((k) => k));
    root.classList.add("is-scored");
    if (focus) kids[0].focus();
  }

  // A result never outlives its answers: a changed answer updates it at once, and the live region
  // tells screen readers; a shared link of the old answers is withdrawn.
  form.addEventListener("change", () => {
    if (!root.classList.contains("is-scored")) return;
    share.hidden = true;
    const a = answers();
    if (R.questions.every((q) => a[q.id])) render(score(R, a), a, false, true);
    else clear();
  });

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const a = answers(), missing = R.questions.filter((q) => !a[q.id]);
    showErrors(missing);
    if (missing.length) clear();
    else render(score(R, a), a, true);
  });

  // Error summary links move focus to the question, as on GOV.UK, without touching the URL.
  errs.addEventListener("click", (e) => {
    const l = e.target.closest("a");
    if (!l) return;
    e.preventDefault();
    const input = $(l.hash.slice(1));
    input.closest("fieldset").scrollIntoView();
    input.focus({ preventScroll: true });
  });

  $("assessment-restart").addEventListener("click", () => {
    form.reset();
    showErrors([]);
    clear();
    share.hidden = true;
    if (location.hash) history.replaceState(null, "", location.pathname + location.search);
    radios(R.questions[0])[0].focus();
  });

  $("assessment-print").addEventListener("click", () => window.print());

  // Sharing puts the answers in the URL fragment only when the reader asks for it.
  $("assessment-share-button").addEventListener("click", () => {
    const a = answers();
    const frag = R.questions.filter((q) => a[q.id]).map((q) => q.id + "=" + a[q.id]).join("&");
    history.replaceState(null, "", "#" + frag);
    let out = share.querySelector("a");
    if (!out) share.append(" ", out = h("a"));
    out.href = out.textContent = location.href;
    share.hidden = false;
    out.focus();
  });

  for (const e of root.querySelectorAll("[data-js]")) e.hidden = false;

  // A shared link: tick the answers it carries, and show the result when all are there.
  const given = new URLSearchParams(location.hash.slice(1));
  for (const q of R.questions) {
    for (const r of radios(q)) if (r.value === given.get(q.id)) r.checked = true;
  }
  const a = answers();
  if (R.questions.every((q) => a[q.id])) render(score(R, a), a, false);
})();
