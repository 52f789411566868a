// Renders the answer of GET /api/analyze: the same data as `ipma analyze --json` (b2bua's cli/Analysis
// record), laid out as the CLI's text is: one sentence with the route, the CSS searched, then every
// candidate pattern with its verdict and the reason it lost, then where a route point sends the call on.

import { el } from './dom.js';

function summary(a) {
  const from = a.from ? `${a.from.dn}${a.from.partition ? '/' + a.from.partition : ''}` : '?';
  if (!a.routed || !a.winner) {
    return `${from} dialing ${a.dialed}: no route — no pattern the CSS reaches matches (the caller gets 404).`;
  }
  const w = a.winner;
  return `${from} dialing ${a.dialed} routes to ${w.pattern}/${w.partition} (${w.owner}).`;
}

function cssLine(css) {
  if (!css) {
    return null;
  }
  const parts = [css.lineCss ? `line CSS ${css.lineCss}` : null, css.deviceCss ? `device CSS ${css.deviceCss}` : null]
    .filter(Boolean).join(' then ');
  return el('p', {}, el('strong', { text: 'Searched: ' }),
    `${css.name}${parts ? ` (${parts})` : ''}: ${(css.partitions || []).join(' → ') || 'no partition'}`);
}

function candidates(list) {
  const rows = (list || []).map((c) => el('tr', { dataset: { verdict: c.verdict } },
    el('td', {}, el('code', { text: c.pattern })),
    el('td', { text: c.partition }),
    el('td', { text: c.owner }),
    el('td', { text: c.cssPosition >= 0 ? String(c.cssPosition + 1) : 'not in CSS' }),
    el('td', { class: `verdict-${c.verdict}`, text: c.verdict === 'WINNER' ? 'wins' : 'loses' }),
    el('td', { text: c.reason })));
  if (rows.length === 0) {
    rows.push(el('tr', {}, el('td', { class: 'empty', colspan: 6, text: 'No pattern of the plan matches these digits.' })));
  }
  return el('table', { id: 'candidates' },
    el('thead', {}, el('tr', {}, ['Pattern', 'Partition', 'Owner', 'CSS position', 'Verdict', 'Why']
      .map((name) => el('th', { text: name })))),
    el('tbody', {}, rows));
}

function onward(o) {
  if (!o) {
    return null;
  }
  const f = o.forwardNoAnswer;
  const cfna = !f ? 'It has no Call Forward No Answer: if the routing service fails the call is lost.'
    : `If the routing service fails, its CFNA ${f.mask} → ${f.destination} through ${f.css} `
      + (f.reaches ? `reaches ${f.reaches} (${f.owner}).` : 'reaches nothing.');
  return el('p', { id: 'onward' }, el('strong', { text: 'Onward: ' }),
    `route point ${o.routePoint} decides through ${o.css}. ${cfna}`);
}

/** The analysis as nodes, for #analysis. */
export function renderAnalysis(a) {
  return [
    el('p', { class: 'analysis-summary', id: 'analysis-summary', text: summary(a) }),
    cssLine(a.css),
    onward(a.onward),
    candidates(a.candidates),
  ].filter(Boolean);
}

/** The lint findings (GET /api/lint, LintFinding records): what is wrong, where, and the fix. */
export function renderLint(answer) {
  const findings = Array.isArray(answer) ? answer : (answer && answer.findings) || [];
  if (findings.length === 0) {
    return [el('p', { class: 'badge on', id: 'lint-clean', text: 'No finding: the configuration passes every check.' })];
  }
  return findings.map((f) => el('div', { class: 'finding', dataset: { code: f.code } },
    el('p', {}, el('code', { text: f.code }), ' at ', el('code', { text: f.path })),
    el('p', { text: f.message }),
    el('p', {}, el('strong', { text: 'Fix: ' }), f.fix)));
}
