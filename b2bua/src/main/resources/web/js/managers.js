// The manager cards of the Assistant Console: per manager, whether an assistant is available, DND,
// Divert All, the filter and its mode, the intercom line, each setting a control that saves at once
// (PUT /api/managers/{user}/settings with only the changed field, so a concurrent change to another field
// made on the phone is never overwritten).

import { el, attempt, showNotice } from './dom.js';
import { put, seg } from './api.js';

/** Saves a subset of a manager's settings; resolves with the settings now in force, or undefined if refused. */
export function saveSettings(manager, patch) {
  return attempt(() => put(`/api/managers/${seg(manager)}/settings`, patch));
}

function toggle(manager, field, label, checked, onSaved) {
  const id = `${field}-${manager.user}`;
  const input = el('input', {
    type: 'checkbox', role: 'switch', id, checked: Boolean(checked),
    dataset: { manager: manager.user, setting: field },
  });
  input.addEventListener('change', async () => {
    const wanted = input.checked;
    input.disabled = true;
    const settings = await saveSettings(manager.user, { [field]: wanted });
    input.disabled = false;
    if (settings) {
      onSaved(manager.user, settings);
      showNotice(`${manager.user}: ${label} ${wanted ? 'on' : 'off'}`);
    } else {
      input.checked = !wanted; // refused: the control shows what is really in force
    }
  });
  return el('label', { class: 'switch', for: id }, input, label);
}

function modeSelect(manager, mode, onSaved) {
  const id = `filterMode-${manager.user}`;
  const select = el('select', { id, dataset: { manager: manager.user, setting: 'filterMode' } },
    el('option', { value: 'inclusive', selected: mode === 'inclusive', text: 'inclusive' }),
    el('option', { value: 'exclusive', selected: mode === 'exclusive', text: 'exclusive' }));
  select.title = 'inclusive: listed callers reach the manager, others me; exclusive: listed callers come to me';
  select.addEventListener('change', async () => {
    const settings = await saveSettings(manager.user, { filterMode: select.value });
    if (settings) {
      onSaved(manager.user, settings);
    } else {
      select.value = mode;
    }
  });
  return el('span', {}, el('label', { for: id, class: 'muted', text: 'mode ' }), select);
}

function availability(manager) {
  const assistants = manager.assistants || [];
  const online = assistants.filter((assistant) => assistant.online);
  const text = online.length > 0
    ? `available: ${online.map((assistant) => assistant.user).join(', ')}`
    : 'no assistant available: calls go to the manager';
  return el('span', { class: `badge ${online.length > 0 ? 'on' : 'off'}`, dataset: { available: String(online.length > 0) }, text });
}

/** One card; onSaved(managerUser, settings) is called with the settings the server answered. */
export function managerCard(manager, onSaved) {
  const settings = manager.settings || {};
  const divert = settings.divertTarget ? `to ${settings.divertTarget}` : 'to the assistant';
  return el('article', { class: 'card', id: `card-${manager.user}`, dataset: { manager: manager.user } },
    el('h3', {}, `${manager.user} `, el('span', { class: 'muted small', text: (manager.lines || []).join(', ') })),
    el('dl', { class: 'facts' },
      el('dt', { text: 'Assistants' }), el('dd', {}, availability(manager)),
      el('dt', { text: 'DND' }), el('dd', {}, toggle(manager, 'dnd', 'do not disturb', settings.dnd, onSaved)),
      el('dt', { text: 'Divert All' }), el('dd', {},
        toggle(manager, 'divertAll', `divert all ${divert}`, settings.divertAll, onSaved)),
      el('dt', { text: 'Filter' }), el('dd', { class: 'row' },
        toggle(manager, 'filterEnabled', 'filter on', settings.filterEnabled, onSaved),
        modeSelect(manager, settings.filterMode, onSaved)),
      el('dt', { text: 'Intercom' }), el('dd', { text: manager.intercom || 'none' })));
}

/** Keeps the managers' state and its cards in step with pushes of settings and presence. */
export class ManagerCards {
  constructor(container) {
    this.container = container;
    this.managers = new Map();
  }

  load(managers) {
    this.managers = new Map((managers || []).map((manager) => [manager.user, manager]));
    this.render();
  }

  settings(managerUser, settings) {
    const manager = this.managers.get(managerUser);
    if (manager) {
      manager.settings = { ...(manager.settings || {}), ...settings };
      this.render();
    }
  }

  /** An assistant's availability changed; for one manager when the event names one, else for all. */
  presence(assistantUser, online, managerUser) {
    for (const manager of this.managers.values()) {
      if (managerUser && manager.user !== managerUser) {
        continue;
      }
      for (const assistant of manager.assistants || []) {
        if (assistant.user === assistantUser) {
          assistant.online = online;
        }
      }
    }
    this.render();
  }

  render() {
    // Re-rendering would take the focus away from the control being used; keep it on the same control.
    const focused = document.activeElement && document.activeElement.id;
    const cards = [...this.managers.values()].map((manager) =>
      managerCard(manager, (user, settings) => this.settings(user, settings)));
    this.container.replaceChildren(...(cards.length > 0 ? cards
      : [el('p', { class: 'muted', text: 'You assist no manager.' })]));
    if (focused) {
      const again = document.getElementById(focused);
      if (again) {
        again.focus();
      }
    }
  }
}
