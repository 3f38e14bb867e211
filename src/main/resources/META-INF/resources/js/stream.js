import { url } from './api.js';

const TYPES = ['connected', 'dispatch.accepted', 'dispatch.recorded', 'comms.joined', 'comms.left', 'comms.chat',
  'reset', 'end'];
const CONTROL = new Set(['connected', 'reset', 'end']);

/**
 * Follows /missions/events with the browser's EventSource, which reconnects by itself and sends Last-Event-ID.
 * The first connection asks for everything retained (Last-Event-ID 0), so the page opens on the recent past rather
 * than an empty list. If the browser gives up (the server answered an error), a new EventSource resumes from the
 * last id seen. Calls onEvent({id, type, data}) once per event id, onState('live' | 'reconnecting'), onConnect() per
 * connection and onError() when a connection failed.
 */
export function followEvents({ onEvent, onState, onConnect, onError }) {
  let lastId = null;
  let source = null;

  const open = () => {
    source = new EventSource(url('missions/events', { lastEventId: lastId === null ? 0 : lastId }));
    source.onopen = () => onState('live');
    source.onerror = () => {
      onState('reconnecting');
      onError();
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(open, 3000);
      }
    };
    for (const type of TYPES) {
      source.addEventListener(type, (message) => {
        // Control frames carry no id, yet EventSource reports the last id it saw (the WHATWG last-event-ID buffer
        // persists): they must neither be taken for a repeat of that event nor move the resume point.
        const control = CONTROL.has(type);
        if (!control && message.lastEventId) {
          const id = Number(message.lastEventId);
          if (lastId !== null && id <= lastId) return;
          lastId = id;
        }
        let data;
        try { data = JSON.parse(message.data); } catch { data = message.data; }
        if (type === 'connected') {
          onState('live');
          onConnect();
          return;
        }
        // Asking for everything from 0 is always answered "older events are gone" first: on a page that has seen
        // nothing yet that is no loss, only where the retained history starts.
        if (type === 'reset' && lastId === null && data && data.oldest !== undefined) return;
        onEvent({ id: control || !message.lastEventId ? null : Number(message.lastEventId), type, data });
      });
    }
  };
  open();
}
