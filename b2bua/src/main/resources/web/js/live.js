// The WebSocket /ws feed (docs/api.md): one JSON object per event, pushed within a second of the SIP event.
// The socket authenticates with the session cookie. When it drops, the page reconnects with a growing
// delay and, once back, reloads its state through onOpen: events sent while it was away are lost, so
// polling the REST endpoints once is the only way to be sure the page shows the truth again.

const FIRST_DELAY_MS = 500;
const LONGEST_DELAY_MS = 10000;

/**
 * Connects to /ws and keeps it connected.
 * @param {(event: object) => void} onEvent called for each pushed event
 * @param {() => void} onOpen called on each (re)connection, to reload what may have been missed
 * @returns {{close: () => void}}
 */
export function connectLive(onEvent, onOpen) {
  const status = document.getElementById('live-status');
  let delay = FIRST_DELAY_MS;
  let socket = null;
  let closed = false;

  const show = (state, text) => {
    if (status) {
      status.className = `live-status ${state}`;
      status.textContent = text;
      status.dataset.state = state;
    }
  };

  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    socket = new WebSocket(`${scheme}://${location.host}/ws`);
    show('connecting', 'live: connecting');
    socket.addEventListener('open', () => {
      delay = FIRST_DELAY_MS;
      show('up', 'live');
      onOpen();
    });
    socket.addEventListener('message', (message) => {
      let event;
      try {
        event = JSON.parse(message.data);
      } catch (notJson) {
        return; // a frame we do not understand must not stop the feed
      }
      onEvent(event);
    });
    socket.addEventListener('close', () => {
      if (closed) {
        return;
      }
      show('down', 'live: reconnecting');
      setTimeout(open, delay);
      delay = Math.min(delay * 2, LONGEST_DELAY_MS);
    });
  };

  open();
  return {
    close() {
      closed = true;
      if (socket) {
        socket.close();
      }
    },
  };
}
