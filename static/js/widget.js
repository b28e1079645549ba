/* Self-assessment widget. It reads the rules and texts from the page's JSON block and
   interprets them: no question, weight or outcome is written here. score() mirrors
   site_builder/scoring.py step by step; tests run both over every answer combination.
   Nothing leaves the browser and nothing is stored. */
(function () {
  "use strict";

  // The condition form documented in data/rules.yaml.
  const holds = (c, a, out) =>
    c.all ? c.all.every((x) => holds(x, a, out))
      : c.any ? c.any.some((x) => holds(x, a, out))
        : c.outcome ? c.outcome.includes(out)
          : c.in.includes(a[c.question]);

  function score(R, a) {
    let pts = 0;
    const sev = {}, reasons = [];
    for (const q of R.questions) {
      const o = q.options.find((x) => x.id === a[q.id]);
      if (!o) throw new Error("unanswered: " + q.id);
      if (q.role === "anatomy") {
        pts += q.weight * o.severity;
        sev[q.id] = o.severity;
      }
      reasons.push({ question: q.id, option: o.id, outcomes: o.points_to });
    }
    const st = R.outcomes.filter((o) => o.min_score != null);
    let si = 0;
    st.forEach((o, i) => { if (pts >= o.min_score) si = i; });
    const s = R.mixed.questions.map((q) => sev[q]);
    const mixed = Math.max(...s) - Math.min(...s) >= R.mixed.min_spread;
    const out = mixed ? R.mixed.outcome : st[si].id;
    const ids = R.fits.map((f) => f.id), floor = mixed ? ids.indexOf(R.mixed.best_fit) : 0, fits = {};
    st.forEach((o, i) => {
      const d = Math.abs(i - si);
      let j = 0;
      while (R.fits[j].max_distance != null && d > R.fits[j].max_distance) j++;
      fits[o.id] = ids[Math.max(j, floor)];
    });
    const pick = (list) => list.filter((x) => holds(x.when, a, out)).map((x) => x.id);
    return {
      outcome: out, stage: st[si].id, mixed, points: pts, fits,
      addons: pick(R.addons), caveats: pick(R.caveats), reasons,
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

  const fill = (s, key, v) => s.split("{" + key + "}").join(v);
  const h = (tag, props, kids) => {
    const e = Object.assign(document.createElement(tag), props);
    if (kids) e.append(...kids.filter((k) => k != null));
    return e;
  };
  const name = (id) => T.outcomes[id].name;
  const link = (id, text) => {
    const url = D.urls[R.outcomes.find((o) => o.id === id).page];
    return url ? h("p", {}, [h("a", { href: url, textContent: text })]) : null;
  };
  const radios = (q) => form.querySelectorAll('input[name="' + q.id + '"]');
  const answered = (q) => T.questions[q.question].short + " (" + T.questions[q.question].options[q.option] + ")";

  function answers() {
    const a = {};
    for (const q of R.questions) {
      for (const r of radios(q)) if (r.checked) a[q.id] = r.value;
    }
    return a;
  }

  function showErrors(missing) {
    const list = errs.querySelector("ul");
    list.replaceChildren();
    for (const q of R.questions) {
      const bad = missing.includes(q), first = radios(q)[0], fs = first.closest("fieldset");
      const err = fs.querySelector(".assessment-error"), hint = fs.querySelector(".assessment-hint").id;
      fs.parentNode.classList.toggle("assessment-question--error", bad);
      err.hidden = !bad;
      fs.setAttribute("aria-describedby", bad ? hint + " " + err.id : hint);
      if (bad) list.append(h("li", {}, [h("a", { href: "#" + first.id, textContent: T.questions[q.id].error })]));
    }
    errs.hidden = !missing.length;
    if (missing.length) errs.focus();
  }

  function clear() {
    box.replaceChildren();
    box.dataset.outcome = box.dataset.addons = box.dataset.caveats = "";
    root.classList.remove("is-scored");
  }

  const list = (kids, title, ids, texts) => {
    if (ids.length) {
      kids.push(h("h3", { textContent: title }), h("ul", {}, ids.map((id) =>
        h("li", {}, [h("strong", { textContent: texts[id].name }), h("br"), texts[id].text]))));
    }
  };

  function render(r, focus) {
    box.dataset.outcome = r.outcome;
    box.dataset.addons = r.addons.join(" ");
    box.dataset.caveats = r.caveats.join(" ");
    const role = {};
    for (const q of R.questions) role[q.id] = q.role;
    const kids = [
      h("h2", { tabIndex: -1, textContent: P.result_heading }),
      h("p", { className: "assessment-best" }, [h("strong", { textContent: fill(P.best_fit, "outcome", name(r.outcome)) })]),
      h("p", { textContent: T.outcomes[r.outcome].text }),
      r.mixed ? h("p", { textContent: fill(P.mixed_lean, "outcome", name(r.stage)) }) : null,
      link(r.outcome, fill(P.read_guide, "outcome", name(r.outcome))),
    ];
    list(kids, P.addons_heading, r.addons, T.addons);
    list(kids, P.caveats_heading, r.caveats, T.caveats);
    kids.push(h("h3", { textContent: P.options_heading }), h("ul", { className: "assessment-options" },
      Object.keys(r.fits).map((id) => {
        const why = (kind, phrase) => {
          const hits = r.reasons.filter((x) => role[x.question] === kind && x.outcomes.includes(id)).map(answered);
          return hits.length ? h("p", { textContent: fill(phrase, "answers", hits.join("; ")) }) : null;
        };
        const face = why("anatomy", P.face_points_here), other = why("context", P.context_points_here);
        const li = h("li", { className: "assessment-option" }, [
          h("h4", { textContent: name(id) }),
          h("p", { className: "assessment-fit", textContent: T.fits[r.fits[id]] }),
          face, other, face || other ? null : h("p", { textContent: P.nothing_points_here }),
          link(id, fill(P.read_guide, "outcome", name(id))),
        ]);
        li.dataset.fit = r.fits[id];
        return li;
      })));
    kids.push(h("h3", { textContent: P.answers_heading }), h("dl", { className: "assessment-answers" },
      r.reasons.flatMap((x) => [
        h("dt", { textContent: T.questions[x.question].short }),
        h("dd", { textContent: T.questions[x.question].options[x.option] }),
      ])));
    box.replaceChildren(...kids.filter((k) => k));
    root.classList.add("is-scored");
    if (focus) kids[0].focus();
  }

  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const a = answers(), missing = R.questions.filter((q) => !a[q.id]);
    showErrors(missing);
    if (missing.length) clear();
    else render(score(R, a), true);
  });

  // Error summary links move focus to the question, as on GOV.UK, without touching the URL.
  errs.addEventListener("click", (e) => {
    const a = e.target.closest("a");
    if (!a) return;
    e.preventDefault();
    const input = $(a.hash.slice(1));
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
  if (R.questions.every((q) => a[q.id])) render(score(R, a), false);
})();
