// The live calls table shared by the Assistant Console, Assistant Watch and the administrator's page:
// loaded from GET /api/calls, then kept current by the "call" events of /ws. Rows carry data-call-id and
// data-state so keyboard handling (and the browser tests) find a call without parsing its text.

import { el, duration, attempt, showNotice } from './dom.js';
import { post, seg } from './api.js';

/** The call actions of docs/api.md, with their labels and keyboard shortcuts. */
export const ACTIONS = {
  redirectToManager: { action: 'redirect-to-manager', label: 'Redirect to manager', key: 'R', ringing: true },
  voicemail: { action: 'voicemail', label: 'To voicemail', key: 'V', ringing: true },
  redirect: { action: 'redirect', label: 'Redirect to number…', key: 'N', ringing: true },
  intercept: { action: 'intercept', label: 'Intercept', key: 'I', ringing: true },
  hangup: { action: 'hangup', label: 'Hang up', key: 'H', ringing: false },
};

/**
 * Posts one action on a call and shows the server's "result" line.
 * @returns {Promise<object|undefined>} the answer, or undefined when refused (the error line says why)
 */
export function performAction(call, action, extra = {}) {
  return attempt(async () => {
    const answer = await post(`/api/calls/${seg(call.id)}/actions`, { action, ...extra });
    showNotice(answer && answer.result ? answer.result : `${action}: done`);
    return answer;
  });
}

/** Seconds a call has lasted now: from "since" when given, else from durationSeconds when it arrived. */
function secondsOf(entry) {
  const since = entry.call.since ? Date.parse(entry.call.since) : NaN;
  if (!Number.isNaN(since)) {
    return (Date.now() - since) / 1000;
  }
  return (entry.call.durationSeconds || 0) + (Date.now() - entry.receivedAt) / 1000;
}

export class CallsTable {
  /**
   * @param {HTMLTableSectionElement} body the tbody to fill
   * @param {object} options
   * @param {object[]} [options.actions] entries of ACTIONS shown as buttons on each row
   * @param {(call: object, action: object) => void} [options.onAction] what a button does
   * @param {(call: object) => boolean} [options.accept] which calls this table shows
   * @param {string} [options.empty] the text of an empty table
   * @param {number} options.columns how many columns the table has (for the empty row)
   * @param {boolean} [options.lineColumn] whether to show the dialled line (default true; a manager's own
   *     page knows it already)
   */
  constructor(body, options) {
    this.body = body;
    this.actions = options.actions || [];
    this.onAction = options.onAction || (() => {});
    this.accept = options.accept || (() => true);
    this.empty = options.empty || 'No calls.';
    this.columns = options.columns;
    this.lineColumn = options.lineColumn !== false;
    this.calls = new Map();
    this.selectedId = null;
    this.onChange = () => {};
    // Durations tick locally: a push per second per call would be traffic for nothing.
    setInterval(() => this.tick(), 1000);
    this.render();
  }

  /** Replaces every call (the answer of GET /api/calls). */
  load(calls) {
    this.calls.clear();
    for (const call of calls || []) {
      if (this.accept(call)) {
        this.calls.set(call.id, { call, receivedAt: Date.now() });
      }
    }
    this.render();
  }

  /** Applies one {"type": "call"} event from /ws. */
  apply(event) {
    const call = event.call;
    if (!call || !call.id) {
      return;
    }
    const known = this.calls.get(call.id);
    if (event.event === 'ended') {
      this.calls.delete(call.id);
    } else if (!call.state && !known) {
      // Not a live call yet ("offered": not routed; GET /api/calls does not list those either).
      return;
    } else if (this.accept(call)) {
      // An event may carry only what changed; keep what the table already knew (its state included).
      const merged = { ...(known ? known.call : {}), ...call };
      merged.state = call.state || known.call.state;
      this.calls.set(call.id, { call: merged, receivedAt: Date.now() });
    }
    this.render();
  }

  list() {
    return [...this.calls.values()].map((entry) => entry.call);
  }

  /** The selected call, defaulting to the first (the oldest ringing call is what an assistant acts on). */
  selected() {
    const entry = this.calls.get(this.selectedId);
    if (entry) {
      return entry.call;
    }
    const first = this.list()[0];
    return first || null;
  }

  /** Moves the selection by delta rows (↑/↓). */
  move(delta) {
    const calls = this.list();
    if (calls.length === 0) {
      return;
    }
    const current = calls.findIndex((call) => call.id === (this.selected() || {}).id);
    const next = Math.min(calls.length - 1, Math.max(0, current + delta));
    this.select(calls[next].id);
  }

  select(id) {
    this.selectedId = id;
    this.render();
  }

  tick() {
    for (const cell of this.body.querySelectorAll('td[data-duration-of]')) {
      const entry = this.calls.get(cell.dataset.durationOf);
      if (entry) {
        cell.textContent = duration(secondsOf(entry));
      }
    }
  }

  render() {
    const selected = this.selected();
    const rows = this.list().map((call) => this.row(call, selected && call.id === selected.id));
    if (rows.length === 0) {
      rows.push(el('tr', {}, el('td', { class: 'empty', colspan: this.columns, text: this.empty })));
    }
    this.body.replaceChildren(...rows);
    this.onChange();
  }

  row(call, isSelected) {
    const entry = this.calls.get(call.id);
    const state = call.state || 'ringing';
    const caller = call.callerName ? `${call.callerName} (${call.caller})` : call.caller;
    const at = [call.target, call.assistant].filter(Boolean).join(' · ');
    const buttons = this.actions.map((spec) => el('button', {
      type: 'button',
      class: spec.action === 'hangup' ? 'danger' : '',
      dataset: { action: spec.action },
      disabled: spec.ringing && state !== 'ringing',
      title: `${spec.label} (${spec.key})`,
      'aria-keyshortcuts': spec.key,
      onclick: (click) => {
        click.stopPropagation();
        this.select(call.id);
        this.onAction(call, spec);
      },
    }, spec.label));
    const cells = [
      el('td', { class: 'caller', text: caller || 'unknown' }),
      this.lineColumn ? el('td', { text: call.line || '' }) : null,
      el('td', {}, el('span', { class: `state state-${state}`, text: state })),
      el('td', { dataset: { durationOf: call.id }, text: duration(secondsOf(entry)) }),
      el('td', { text: at }),
      el('td', { class: 'small', text: call.reason || '' }),
    ].filter(Boolean);
    if (this.actions.length > 0) {
      cells.push(el('td', { class: 'actions' }, el('div', { class: 'buttons' }, buttons)));
    }
    return el('tr', {
      class: isSelected ? 'selected' : '',
      // aria-current, not aria-selected: the table is a plain table, not an ARIA grid.
      'aria-current': isSelected ? 'true' : null,
      dataset: { callId: call.id, state },
      onclick: () => this.select(call.id),
    }, cells);
  }
}
