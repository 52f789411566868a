// Call history with routing reasons (GET /api/records): the server returns only the records of the
// managers the caller may see, newest first, in the JSON shape of docs/api.md (caller, dialled, reason,
// legs[].target and .reason, startedAt, endCause).

import { el, time, showError } from './dom.js';
import { get } from './api.js';

const LIMIT = 50;

function row(record) {
  const number = record.caller;
  const caller = record.callerName ? `${record.callerName} (${number})` : number;
  const rang = (record.legs || []).map((leg) => `${leg.target} (${leg.reason})`).join(' → ');
  return el('tr', { dataset: { recordId: record.id } },
    el('td', { text: time(record.startedAt) }),
    el('td', { text: caller || '' }),
    el('td', { text: record.dialled || '' }),
    el('td', { class: 'small', text: rang || 'nothing rang' }),
    el('td', { class: 'small', text: record.reason || '' }),
    el('td', { class: 'small', text: record.endCause || '' }));
}

/**
 * Loads the history into tbody. A failure shows on the error line but leaves the old rows: history is
 * secondary to the live calls and must not blank them.
 * @param {string} [user] only this manager's records
 */
export async function loadHistory(body, user) {
  const query = new URLSearchParams({ limit: String(LIMIT) });
  if (user) {
    query.set('user', user);
  }
  try {
    const answer = await get(`/api/records?${query}`);
    const records = Array.isArray(answer) ? answer : (answer && answer.records) || [];
    const rows = records.map(row);
    if (rows.length === 0) {
      rows.push(el('tr', {}, el('td', { class: 'empty', colspan: 6, text: 'No calls recorded yet.' })));
    }
    body.replaceChildren(...rows);
  } catch (error) {
    showError(`call history: ${error.message}`);
  }
}

/** Reloads at most once per second however many calls end at once. */
export function historyReloader(body, user) {
  let pending = null;
  return () => {
    if (pending) {
      return;
    }
    pending = setTimeout(() => {
      pending = null;
      loadHistory(body, user);
    }, 1000);
  };
}
