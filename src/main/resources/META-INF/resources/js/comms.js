import { wsUrl } from './api.js';

/**
 * The comms WebSocket: connects to /comms (joining room hq) and hands every message to onMessage(object). It never
 * loses a chat across a reconnect: it remembers the id of the last chat it saw in each room, and on every
 * (re)connect resumes hq with ?since= and every other room joined before with {"event":"join","since":...}, so the
 * service sends what was said meanwhile, once (CONTRACT: Comms, resume). On the first connect since=0 brings each
 * room's recent chats. Chats it has seen already are not handed on again. Reconnects with a growing pause. Returns
 * send(text, room), join(room) and members(room); each answers false while the socket is not open.
 */
export function joinComms({ onMessage, onState, onClosed }) {
  let socket = null;
  let pause = 1000;
  const rooms = new Set();
  const lastIds = new Map([['hq', 0]]);

  const sendJson = (message) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  };

  const seen = (message) => {
    if (message.chat === undefined || typeof message.id !== 'number') return false;
    const room = message.room || 'hq';
    if (message.id <= (lastIds.get(room) ?? 0)) return true;
    lastIds.set(room, message.id);
    return false;
  };

  const connect = () => {
    const target = new URL(wsUrl('comms'));
    target.searchParams.set('since', String(lastIds.get('hq')));
    socket = new WebSocket(target.toString());
    socket.onopen = () => {
      pause = 1000;
      onState('live');
      for (const room of rooms) sendJson({ event: 'join', room, since: lastIds.get(room) ?? 0 });
    };
    socket.onmessage = (message) => {
      let parsed;
      try { parsed = JSON.parse(message.data); } catch { onMessage({ error: 'unreadable message' }); return; }
      if (Array.isArray(parsed.history)) {
        parsed.history = parsed.history.filter((chat) => !seen(chat));
      } else if (seen(parsed)) {
        return;
      }
      onMessage(parsed);
    };
    socket.onclose = () => {
      onState('offline');
      onClosed();
      setTimeout(connect, pause);
      pause = Math.min(pause * 2, 15000);
    };
  };
  connect();

  return {
    send: (text, room) => sendJson({ event: 'chat', room: room || 'hq', text }),
    join: (room) => {
      rooms.add(room);
      return sendJson({ event: 'join', room, since: lastIds.get(room) ?? 0 });
    },
    members: (room) => sendJson({ event: 'members', room }),
    /** Whether chats of the room were seen before: a resume that is not recovered then left a gap. */
    resumed: (room) => (lastIds.get(room) ?? 0) > 0,
  };
}
