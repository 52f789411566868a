// The filter-list syntax checked as the manager types, mirroring routing-core's CallerFilter.checkEntry:
// the configuration's filter lists (ConfigLoader) and the settings API are validated by that method, not
// by PatternParser (which parses dial-plan patterns such as 100X or 9.[2-9]XXXXXX, a different language:
// a filter entry may have '*' at either end, and has no sets, '!' or '.'-as-access-code). The server checks
// again; this only saves a round trip. Keep the messages identical to CallerFilter's.

/** Drops what CallerFilter ignores ('-', '.', spaces) and upper-cases 'x', as CallerFilter.normalize does. */
function normalize(entry) {
  let core = '';
  for (const c of entry) {
    if (c === '-' || c === '.' || c === ' ') {
      continue;
    }
    core += c === 'x' ? 'X' : c;
  }
  return core;
}

/**
 * Checks one filter entry.
 * @returns {string|null} null when valid, else the rule it breaks, worded as the server words it
 */
export function checkEntry(entry) {
  const core = normalize(entry);
  if (core.length === 0) {
    return 'is an empty filter entry';
  }
  for (let i = 0; i < core.length; i++) {
    const c = core[i];
    if (c === '*') {
      if (i !== 0 && i !== core.length - 1) {
        return "is not a filter entry: '*' is allowed only at the start or the end";
      }
    } else if (!(c >= '0' && c <= '9') && c !== 'X' && c !== '#' && c !== '+') {
      return `is not a filter entry: '${c}' is not allowed (digits, X, * at the start or end; - . and spaces are ignored)`;
    }
  }
  return null;
}

/** The entries of a textarea: one per line or comma-separated, blanks dropped. */
export function entriesOf(text) {
  return text.split(/[\n,]/).map((entry) => entry.trim()).filter((entry) => entry.length > 0);
}

/**
 * Checks every entry of a list.
 * @returns {string|null} the first problem as `"entry" rule` (line numbers help in a long list), or null
 */
export function checkList(text) {
  const entries = entriesOf(text);
  for (let i = 0; i < entries.length; i++) {
    const problem = checkEntry(entries[i]);
    if (problem) {
      return `entry ${i + 1}, "${entries[i]}" ${problem}`;
    }
  }
  return null;
}

/**
 * A number a phone can dial, as the API checks a divert target or a redirect number (SettingsJson and
 * CallApi's DIALABLE): 1-24 of 0-9 * #, or + and 1-23 digits. Whether it is reachable is the server's call.
 * @returns {string|null} null when valid or empty (empty: no divert target), else the rule in the API's words
 */
export function checkDialable(text) {
  if (text === '' || /^(?:[0-9*#]{1,24}|\+[0-9]{1,23})$/.test(text)) {
    return null;
  }
  return `"${text}" is not a dialable number (1-24 of 0-9 * #, or + and digits)`;
}
