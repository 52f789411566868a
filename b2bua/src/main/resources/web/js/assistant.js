// The Assistant Console: the assistant's managers with their settings, the live calls on their lines
// (WebSocket push) with the call actions, the assistant's own availability and the call history.

import { session, logout, get, put, seg } from './api.js';
import { $, header, attempt, showError, showNotice } from './dom.js';
import { connectLive } from './live.js';
import { CallsTable, ACTIONS, performAction } from './calls.js';
import { ManagerCards } from './managers.js';
import { loadHistory, historyReloader } from './history.js';
import { checkDialable } from './filter-syntax.js';

const me = await session();
header(me, logout);
const roles = me.roles || [];
// Intercept takes the call to the manager's phone: only a manager (or an administrator) may, so the
// button is not offered to someone who would only be refused.
const mayIntercept = roles.includes('manager') || roles.includes('admin');
for (const node of document.querySelectorAll('.intercept-key')) {
  node.hidden = !mayIntercept;
}

const cards = new ManagerCards($('#managers'));
const online = $('#online');
const numberForm = $('#redirect-form');
const numberInput = $('#redirect-number');
let numberFor = null;

const actions = [ACTIONS.redirectToManager, ACTIONS.voicemail, ACTIONS.redirect,
  ...(mayIntercept ? [ACTIONS.intercept] : []), ACTIONS.hangup];
const calls = new CallsTable($('#calls tbody'), {
  actions,
  columns: 7,
  empty: 'No live call for your managers.',
  onAction: (call, spec) => act(call, spec),
});

function act(call, spec) {
  if (!call) {
    showError('no call is selected');
    return;
  }
  if (spec.action === 'redirect') {
    askNumber(call);
    return;
  }
  performAction(call, spec.action);
}

function askNumber(call) {
  numberFor = call;
  $('#redirect-caller').textContent = call.callerName || call.caller || '';
  numberForm.hidden = false;
  numberInput.focus();
  numberInput.select();
}

function closeNumber() {
  numberForm.hidden = true;
  numberFor = null;
}

numberForm.addEventListener('submit', async (submit) => {
  submit.preventDefault();
  const number = numberInput.value.trim();
  const problem = number === '' ? 'enter the number to redirect to' : checkDialable(number);
  if (problem) {
    showError(`number: ${problem}`);
    return;
  }
  const answer = await performAction(numberFor, 'redirect', { number });
  if (answer) {
    closeNumber();
  }
});
$('#redirect-cancel').addEventListener('click', closeNumber);

async function setOnline(wanted) {
  online.disabled = true;
  const answer = await attempt(() => put(`/api/assistants/${seg(me.user)}/presence`, { online: wanted }));
  online.disabled = false;
  if (answer) {
    online.checked = Boolean(answer.online);
    cards.presence(me.user, Boolean(answer.online));
    showNotice(answer.online ? 'you are online' : 'you are offline: calls go to your managers');
  } else {
    online.checked = !wanted;
  }
}
online.addEventListener('change', () => setOnline(online.checked));

async function reload() {
  await attempt(async () => {
    const [managers, mine, live] = await Promise.all([
      get('/api/managers'), get(`/api/assistants/${seg(me.user)}`), get('/api/calls')]);
    cards.load(managers);
    online.checked = Boolean(mine.online);
    calls.load(live);
  });
  loadHistory($('#history tbody'));
}

const reloadHistory = historyReloader($('#history tbody'));
connectLive((event) => {
  if (event.type === 'call') {
    calls.apply(event);
    if (event.event === 'ended') {
      reloadHistory();
    }
  } else if (event.type === 'settings') {
    cards.settings(event.manager, event.settings);
  } else if (event.type === 'presence') {
    cards.presence(event.assistant, event.online, event.manager);
    if (event.assistant === me.user) {
      online.checked = Boolean(event.online);
    }
  }
}, reload);

const KEYS = {
  r: () => act(calls.selected(), ACTIONS.redirectToManager),
  v: () => act(calls.selected(), ACTIONS.voicemail),
  n: () => act(calls.selected(), ACTIONS.redirect),
  h: () => act(calls.selected(), ACTIONS.hangup),
  o: () => setOnline(!online.checked),
  arrowup: () => calls.move(-1),
  arrowdown: () => calls.move(1),
};
if (mayIntercept) {
  KEYS.i = () => act(calls.selected(), ACTIONS.intercept);
}

document.addEventListener('keydown', (key) => {
  if (key.key === 'Escape' && !numberForm.hidden) {
    closeNumber();
    return;
  }
  // Typing in a field (the number, a select) must never fire an action on a call; a focused switch
  // (checkbox) is not typing, so the shortcuts keep working after a click on one.
  const typing = key.target.closest
    && key.target.closest('input:not([type=checkbox]), textarea, select, [contenteditable]');
  if (typing || key.ctrlKey || key.altKey || key.metaKey) {
    return;
  }
  const handler = KEYS[key.key.toLowerCase()];
  if (handler) {
    key.preventDefault();
    handler();
  }
});
