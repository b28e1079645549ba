/* Search on the search page. The index of the page's language (made at build time by
   site_builder/engine/search.py) and the Snowball stemmer of that language are fetched on the first
   search, from this site only. Words are split and stemmed here exactly as the build split and stemmed
   the pages, so "membandingkan" and "perbandingan" meet on "banding". Results are links, announced by
   a live status line; the query stays in the address (?q=) so a search can be shared or reloaded. */

const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const text = form.dataset;
const SHOWN = 20; // results at most
const AROUND = 90; // characters of the excerpt either side of the first word found

// The build's split (search.py: [^\W_]+ on the lower-cased text).
const WORD = /[\p{L}\p{N}]+/gu;
const words = (s) => s.toLowerCase().match(WORD) || [];

let loading = null;

const json = (url) => fetch(url).then((r) => {
  if (!r.ok) throw new Error(r.status);
  return r.json();
});

// A large site's index comes in parts, which the first names: read as one index, numbered on from each other.
function joined(parts) {
  const index = { pages: [], sections: [], terms: {} };
  parts.forEach((part) => {
    const [pages, sections] = [index.pages.length, index.sections.length];
    index.pages.push(...part.pages);
    part.sections.forEach((s) => index.sections.push([s[0] + pages, ...s.slice(1)]));
    Object.entries(part.terms).forEach(([stem, steps]) => {
      let n = sections;
      const held = index.terms[stem] || (index.terms[stem] = []);
      steps.forEach((step) => held.push((n += step)));
    });
  });
  return index;
}

function load() {
  loading = loading || Promise.all([
    json(text.index).then((first) => Promise.all(
      (first.more || []).map((name) => json(new URL(name, new URL(text.index, location.href)))),
    ).then((more) => joined([first, ...more]))),
    text.stemmer ? import(text.stemmer).then((m) => new m.default()) : null,
  ]).then(([index, stemmer]) => {
    const cache = new Map();
    const stem = (w) => {
      if (!stemmer) return w;
      if (!cache.has(w)) cache.set(w, stemmer.stemWord(w));
      return cache.get(w);
    };
    return { index, stem, sections: (s) => index.terms[s] || [] };
  });
  return loading;
}

const PREFIX = 3; // letters of a word still being typed before it is looked for as the start of words

function search({ index, stem, sections }, query, typing) {
  const typed = words(query);
  // One group of stems per word of the query: its own stem and, for the word still being typed, every
  // stem that starts with it or with its stem ("membandi", stemmed "bandi", also finds "banding").
  const groups = [...new Set(typed)].map((w, i, all) => {
    const group = new Set([stem(w)]);
    if (typing && i === all.length - 1) {
      const starts = [w, stem(w)].filter((p) => p.length >= PREFIX);
      Object.keys(index.terms).forEach((t) => starts.some((p) => t.startsWith(p)) && group.add(t));
    }
    return group;
  });
  // A page is found when every word of the query is on it.
  const hits = new Map(); // page -> section -> numbers of the groups it holds a stem of
  groups.forEach((group, g) => {
    group.forEach((s) => {
      sections(s).forEach((n) => {
        const page = index.sections[n][0];
        if (!hits.has(page)) hits.set(page, new Map());
        const found = hits.get(page);
        if (!found.has(n)) found.set(n, new Set());
        found.get(n).add(g);
      });
    });
  });
  const results = [];
  hits.forEach((found, page) => {
    const all = new Set();
    found.forEach((held) => held.forEach((g) => all.add(g)));
    if (all.size < groups.length) return;
    // The best section holds the most words of the query, then has them in its heading.
    let best = null;
    let bestScore = -1;
    found.forEach((held, n) => {
      const heading = new Set(words(index.sections[n][2]).map(stem));
      const inHeading = [...held].filter((g) => [...groups[g]].some((s) => heading.has(s))).length;
      const score = held.size * 10 + inHeading * 5;
      if (score > bestScore) [best, bestScore] = [n, score];
    });
    results.push({ page, section: best, score: bestScore + found.size });
  });
  results.sort((a, b) => b.score - a.score || a.page - b.page);
  const stems = groups.flatMap((group) => [...group]);
  return results.map((r) => ({ ...r, stems }));
}

function excerpt(body, stems, stem) {
  const wanted = new Set(stems);
  const hit = [...body.matchAll(WORD)].find((m) => wanted.has(stem(m[0].toLowerCase())));
  const p = document.createElement("p");
  p.className = "search-excerpt";
  const at = hit ? hit.index : 0;
  const after = hit ? at + hit[0].length : 0;
  // From a word's start to a word's end, AROUND characters either side of the word found.
  let start = Math.max(0, at - AROUND);
  if (start > 0) start = Math.min(at, body.indexOf(" ", start) + 1);
  let end = Math.min(body.length, after + AROUND * (hit ? 1 : 2));
  if (end < body.length) end = Math.max(after, body.lastIndexOf(" ", end));
  const mark = document.createElement("mark");
  if (hit) mark.textContent = hit[0];
  p.append(
    (start > 0 ? "… " : "") + body.slice(start, at),
    ...(hit ? [mark] : []),
    body.slice(after, end) + (end < body.length ? " …" : ""),
  );
  return p;
}

function show(data, query, typing) {
  const results = search(data, query, typing);
  list.replaceChildren(
    ...results.slice(0, SHOWN).map(({ page, section, stems }) => {
      const [url, title] = data.index.pages[page];
      const [, anchor, heading, body] = data.index.sections[section];
      const li = document.createElement("li");
      const link = document.createElement("a");
      link.href = anchor ? `${url}#${anchor}` : url;
      link.className = "search-title";
      link.textContent = title;
      li.append(link);
      if (anchor) {
        const where = document.createElement("p");
        where.className = "search-section";
        where.textContent = heading;
        li.append(where);
      }
      li.append(excerpt(body, stems, data.stem));
      return li;
    }),
  );
  list.hidden = !results.length;
  const count = results.length;
  status.textContent = count === 0 ? text.none : count === 1 ? text.one : text.many.replace("{count}", count);
}

function run(typing) {
  const query = input.value;
  const url = new URL(location.href);
  if (query.trim()) url.searchParams.set("q", query);
  else url.searchParams.delete("q");
  history.replaceState(null, "", url);
  if (!query.trim()) {
    list.replaceChildren();
    list.hidden = true;
    status.textContent = "";
    return;
  }
  load().then((data) => {
    if (input.value === query) show(data, query, typing && !/\s$/.test(query));
  }, () => {
    loading = null; // the next search tries again
    status.textContent = text.failed;
  });
}

let timer = 0;
input.addEventListener("input", () => {
  clearTimeout(timer);
  timer = setTimeout(() => run(true), 200);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(timer);
  run(false);
});
const asked = new URLSearchParams(location.search).get("q");
if (asked) {
  input.value = asked;
  run(false);
}
