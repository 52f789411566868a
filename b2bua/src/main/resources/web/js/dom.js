// Small DOM helpers shared by the pages. Text always goes in through textContent (never innerHTML), so a
// caller name or an API message can never inject markup.

/**
 * Creates an element. attrs: plain attributes, plus "class", "text", "on<event>" handlers and "dataset".
 * Children: nodes or strings; null/undefined/false are skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = String(value);
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (key.startsWith('on') && typeof value === 'function') {
      node.addEventListener(key.slice(2), value);
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const $ = (selector, root = document) => root.querySelector(selector);

/**
 * Shows the page's one error line (#error, role="alert", so screen readers announce it). A new error
 * replaces the old one: there is never a pile of messages to read through.
 */
export function showError(error) {
  const line = $('#error');
  const text = typeof error === 'string' ? error : (error && error.message) || String(error);
  line.textContent = text;
  line.hidden = false;
  line.title = text;
}

export function clearError() {
  const line = $('#error');
  line.textContent = '';
  line.hidden = true;
}

/** Shows a short confirmation (the action's "result" text) in #notice, which is aria-live polite. */
export function showNotice(text) {
  const notice = $('#notice');
  if (!notice) {
    return;
  }
  notice.textContent = text;
  notice.hidden = !text;
}

/**
 * Runs an action the user asked for: clears the error line first, shows the refusal if it fails.
 * Resolves with the action's value, or undefined when refused.
 */
export async function attempt(action) {
  clearError();
  try {
    return await action();
  } catch (error) {
    showError(error);
    return undefined;
  }
}

/** "1 min 05 s" style durations, short enough for a table cell. */
export function duration(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) {
    return `${s} s`;
  }
  const m = Math.floor(s / 60);
  return `${m} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A local time of day for an ISO instant, or "" when absent. */
export function time(iso) {
  if (!iso) {
    return '';
  }
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? String(iso) : date.toLocaleString();
}

/** Fills the header's user line and wires its log-out button. */
export function header(me, logout) {
  const who = $('#who');
  if (who) {
    who.textContent = `${me.user} (${(me.roles || []).join(', ')})`;
  }
  const button = $('#logout');
  if (button) {
    button.addEventListener('click', logout);
  }
  const nav = $('#nav');
  if (nav) {
    nav.replaceChildren(...roleLinks(me.roles || []));
  }
}

const PAGES = {
  assistant: ['/assistant.html', 'Assistant Console'],
  manager: ['/manager.html', 'Manager settings'],
  admin: ['/admin.html', 'Administration'],
};

/** One link per role the user holds, in a fixed order. */
export function roleLinks(roles) {
  return Object.keys(PAGES)
    .filter((role) => roles.includes(role))
    .map((role) => el('a', { href: PAGES[role][0], text: PAGES[role][1] }));
}

/** The page of a user's only role, or null when they have several (or none). */
export function pageFor(roles) {
  const known = Object.keys(PAGES).filter((role) => roles.includes(role));
  return known.length === 1 ? PAGES[known[0]][0] : null;
}
