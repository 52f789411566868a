// The manager's page: their settings (switches saved at once; lists, divert target and default assistant
// saved together after a syntax check as you type), and Assistant Watch: the assistants' availability and
// the calls on the manager's lines, live. An administrator opens another manager with ?manager=USER.

import { session, logout, get, put, seg } from './api.js';
import { $, el, header, attempt, showError, showNotice } from './dom.js';
import { connectLive } from './live.js';
import { CallsTable, ACTIONS, performAction } from './calls.js';
import { checkList, checkDialable, entriesOf } from './filter-syntax.js';

const me = await session();
header(me, logout);
const wanted = new URLSearchParams(location.search).get('manager') || me.user;
let manager = null;

const watch = new CallsTable($('#watch tbody'), {
  actions: [ACTIONS.intercept, ACTIONS.voicemail, ACTIONS.hangup],
  columns: 6,
  lineColumn: false,
  empty: 'No live call on your lines.',
  accept: (call) => !manager || !call.manager || call.manager === manager.user,
  onAction: (call, spec) => performAction(call, spec.action),
});

const SWITCHES = ['divertAll', 'dnd', 'filterEnabled'];
const LABELS = { divertAll: 'Divert All', dnd: 'DND', filterEnabled: 'filter' };

function save(patch) {
  return attempt(() => put(`/api/managers/${seg(manager.user)}/settings`, patch));
}

/** Shows settings; a field being edited keeps what the user typed (a push must not eat their work). */
function showSettings(settings) {
  manager.settings = { ...(manager.settings || {}), ...settings };
  const s = manager.settings;
  for (const field of SWITCHES) {
    $(`#${field}`).checked = Boolean(s[field]);
  }
  $('#mode-inclusive').checked = s.filterMode === 'inclusive';
  $('#mode-exclusive').checked = s.filterMode === 'exclusive';
  const editing = document.activeElement;
  for (const field of ['inclusive', 'exclusive']) {
    if ($(`#${field}`) !== editing) {
      $(`#${field}`).value = (s[field] || []).join('\n');
      check(field);
    }
  }
  if ($('#divertTarget') !== editing) {
    $('#divertTarget').value = s.divertTarget || '';
  }
  $('#defaultAssistant').value = s.defaultAssistant || '';
}

function showAssistants() {
  const items = (manager.assistants || []).map((assistant) => el('li', { dataset: { assistant: assistant.user } },
    el('strong', { text: assistant.user }), ' ',
    el('span', { class: `badge ${assistant.online ? 'on' : 'off'}`, text: assistant.online ? 'online' : 'offline' }),
    assistant.default ? el('span', { class: 'muted', text: ' (default)' }) : null));
  $('#assistants').replaceChildren(...(items.length ? items : [el('li', { class: 'muted', text: 'No assistant.' })]));
  const options = [el('option', { value: '', text: 'none (the first available)' }),
    ...(manager.assistants || []).map((assistant) => el('option', { value: assistant.user, text: assistant.user }))];
  $('#defaultAssistant').replaceChildren(...options);
}

for (const field of SWITCHES) {
  const input = $(`#${field}`);
  input.addEventListener('change', async () => {
    const answer = await save({ [field]: input.checked });
    if (answer) {
      showSettings(answer);
      showNotice(`${LABELS[field]} ${answer[field] ? 'on' : 'off'}`);
    } else {
      input.checked = !input.checked;
    }
  });
}
for (const radio of document.querySelectorAll('input[name=filterMode]')) {
  radio.addEventListener('change', async () => {
    const answer = await save({ filterMode: radio.value });
    showSettings(answer || {});
    if (answer) {
      showNotice(`filter mode ${answer.filterMode}`);
    }
  });
}

/** Checks one field as typed; marks it invalid and says why under it. Returns whether it is valid. */
function check(field) {
  const input = $(`#${field}`);
  const problem = field === 'divertTarget' ? checkDialable(input.value.trim()) : checkList(input.value);
  input.classList.toggle('invalid', Boolean(problem));
  input.setAttribute('aria-invalid', problem ? 'true' : 'false');
  $(`#${field}-error`).textContent = problem || '';
  return !problem;
}
for (const field of ['inclusive', 'exclusive', 'divertTarget']) {
  $(`#${field}`).addEventListener('input', () => check(field));
}

$('#lists-form').addEventListener('submit', async (submit) => {
  submit.preventDefault();
  const fields = ['inclusive', 'exclusive', 'divertTarget'];
  const bad = fields.filter((field) => !check(field));
  if (bad.length > 0) {
    showError(`${bad[0]}: ${$(`#${bad[0]}-error`).textContent}`);
    $(`#${bad[0]}`).focus();
    return;
  }
  const target = $('#divertTarget').value.trim();
  const answer = await save({
    inclusive: entriesOf($('#inclusive').value),
    exclusive: entriesOf($('#exclusive').value),
    divertTarget: target === '' ? null : target,
    defaultAssistant: $('#defaultAssistant').value || null,
  });
  if (answer) {
    document.activeElement.blur();
    showSettings(answer);
    showNotice('lists, divert target and default assistant saved');
  }
});

async function reload() {
  await attempt(async () => {
    const managers = await get('/api/managers');
    manager = managers.find((candidate) => candidate.user === wanted) || managers[0] || null;
    if (!manager) {
      throw new Error('you are not a manager: this page shows a manager\'s settings');
    }
    $('#manager-name').textContent = `${manager.user} (${(manager.lines || []).join(', ')})`;
    showAssistants();
    showSettings(manager.settings || await get(`/api/managers/${seg(manager.user)}/settings`));
    watch.load(await get(`/api/calls?manager=${encodeURIComponent(manager.user)}`));
  });
}

connectLive((event) => {
  if (!manager) {
    return;
  }
  if (event.type === 'call') {
    watch.apply(event);
  } else if (event.type === 'settings' && event.manager === manager.user) {
    showSettings(event.settings);
  } else if (event.type === 'presence' && (!event.manager || event.manager === manager.user)) {
    for (const assistant of manager.assistants || []) {
      if (assistant.user === event.assistant) {
        assistant.online = event.online;
      }
    }
    showAssistants();
    $('#defaultAssistant').value = manager.settings.defaultAssistant || '';
  }
}, () => reload().catch(showError));
