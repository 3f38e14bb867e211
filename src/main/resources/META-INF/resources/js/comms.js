import { wsUrl } from './api.js';

/**
 * The comms WebSocket: connects to /comms (joining room hq), reconnects with a growing pause when it closes,
 * and hands every message to onMessage(object). Returns send(text) for chat in hq.
 */
export function joinComms({ onMessage, onState }) {
  let socket = null;
  let pause = 1000;

  const connect = () => {
    socket = new WebSocket(wsUrl('comms'));
    socket.onopen = () => { pause = 1000; onState('live'); };
    socket.onmessage = (message) => {
      try { onMessage(JSON.parse(message.data)); } catch { onMessage({ error: 'unreadable message' }); }
    };
    socket.onclose = () => {
      onState('offline');
      setTimeout(connect, pause);
      pause = Math.min(pause * 2, 15000);
    };
  };
  connect();

  return (text) => {
    if (!socket || socket.readyState !== WebSocket.OPEN) return false;
    socket.send(JSON.stringify({ event: 'chat', text }));
    return true;
  };
}
