// The administrator's page: Dialed Number Analyzer, lint findings with their fixes, live calls (with the
// actions an administrator may take on any call) and registrations.

import { session, logout, get } from './api.js';
import { $, el, header, attempt, duration } from './dom.js';
import { connectLive } from './live.js';
import { CallsTable, ACTIONS, performAction } from './calls.js';
import { renderAnalysis, renderLint } from './analysis.js';

const me = await session();
header(me, logout);

const calls = new CallsTable($('#calls tbody'), {
  actions: [ACTIONS.redirectToManager, ACTIONS.intercept, ACTIONS.voicemail, ACTIONS.hangup],
  columns: 7,
  empty: 'No live call.',
  onAction: (call, spec) => performAction(call, spec.action),
});

async function analyze(submit) {
  if (submit) {
    submit.preventDefault();
  }
  const from = $('#from').value.trim();
  const digits = $('#digits').value.trim();
  const query = new URLSearchParams({ from, digits });
  const answer = await attempt(() => get(`/api/analyze?${query}`));
  $('#analysis').replaceChildren(...(answer ? renderAnalysis(answer) : []));
}
$('#analyze-form').addEventListener('submit', analyze);

async function lint() {
  const answer = await attempt(() => get('/api/lint'));
  if (answer) {
    $('#lint').replaceChildren(...renderLint(answer));
  }
}
$('#lint-reload').addEventListener('click', lint);

async function registrations() {
  const answer = await attempt(() => get('/api/registrations'));
  if (!answer) {
    return;
  }
  const rows = answer.map((r) => el('tr', { dataset: { line: r.line } },
    el('td', { text: r.user }), el('td', { text: r.line }), el('td', {}, el('code', { text: r.contact })),
    el('td', { text: duration(r.expiresInSeconds) }), el('td', { text: r.node || '' })));
  if (rows.length === 0) {
    rows.push(el('tr', {}, el('td', { class: 'empty', colspan: 5, text: 'No phone is registered.' })));
  }
  $('#registrations tbody').replaceChildren(...rows);
  // The registered lines are the likely "from" lines of the analyzer.
  $('#lines').replaceChildren(...answer.map((r) => el('option', { value: r.line })));
}
$('#registrations-reload').addEventListener('click', registrations);

lint();
registrations();
connectLive((event) => {
  if (event.type === 'call') {
    calls.apply(event);
  }
}, () => attempt(async () => calls.load(await get('/api/calls'))));
