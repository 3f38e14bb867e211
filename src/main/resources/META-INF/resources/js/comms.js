import { wsUrl } from './api.js';

/**
 * The comms WebSocket: connects to /comms (joining room hq), joins again the rooms joined before whenever it
 * reconnects (with a growing pause), and hands every message to onMessage(object). Returns send(text, room) and
 * join(room); both answer false while the socket is not open.
 */
export function joinComms({ onMessage, onState, onClosed }) {
  let socket = null;
  let pause = 1000;
  const rooms = new Set();

  const sendJson = (message) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  };

  const connect = () => {
    socket = new WebSocket(wsUrl('comms'));
    socket.onopen = () => {
      pause = 1000;
      onState('live');
      for (const room of rooms) sendJson({ event: 'join', room });
    };
    socket.onmessage = (message) => {
      try { onMessage(JSON.parse(message.data)); } catch { onMessage({ error: 'unreadable message' }); }
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
    send: (text, room) => sendJson(room && room !== 'hq' ? { event: 'chat', room, text } : { event: 'chat', text }),
    join: (room) => {
      rooms.add(room);
      return sendJson({ event: 'join', room });
    },
  };
}
