import { url } from './api.js';

const TYPES = ['connected', 'dispatch.accepted', 'dispatch.recorded', 'comms.joined', 'comms.left', 'comms.chat',
  'reset', 'end'];
const CONTROL = new Set(['connected', 'reset', 'end']);

/**
 * Follows /missions/events with the browser's EventSource, which reconnects by itself and sends Last-Event-ID.
 * If the browser gives up (the server answered an error), a new EventSource resumes from the last id seen.
 * Calls onEvent({id, type, data}) once per event id, onState('live' | 'reconnecting'), onConnect() per connection.
 */
export function followEvents({ onEvent, onState, onConnect }) {
  let lastId = null;
  let source = null;

  const open = () => {
    source = new EventSource(url('missions/events', lastId === null ? {} : { lastEventId: lastId }));
    source.onopen = () => onState('live');
    source.onerror = () => {
      onState('reconnecting');
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
        onEvent({ id: control || !message.lastEventId ? null : Number(message.lastEventId), type, data });
      });
    }
  };
  open();
}
