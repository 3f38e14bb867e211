import { request, tokenNeeded } from './api.js';
import { followEvents } from './stream.js';
import { joinComms } from './comms.js';
import { eventList } from './events.js';
import { missionLog } from './log.js';
import { chatPanel } from './chat.js';
import { activityChart } from './activity.js';

const $ = (id) => document.getElementById(id);
const opened = Date.now();

const STATES = { live: 'live', reconnecting: 'reconnecting', offline: 'offline', connecting: 'connecting',
  token: 'token needed: open this page with ?access_token=' };

function setState(element, bodyKey, label, state) {
  element.dataset.state = state;
  element.textContent = `${label}: ${STATES[state] || state}`;
  document.body.dataset[bodyKey] = state;
}

/** After a failed connection: say that a token is needed when that is why, rather than "reconnecting". */
async function explain(element, bodyKey, label) {
  if (await tokenNeeded()) setState(element, bodyKey, label, 'token');
}

const showEvent = eventList({ list: $('event-list'), counter: $('event-count'), filter: $('event-filter') });
const log = missionLog({ list: $('mission-log'), counter: $('log-count') });
const countEvent = activityChart({ element: $('activity-chart'), readout: $('activity-readout') });

const comms = joinComms({
  onState: (state) => setState($('comms-state'), 'comms', 'Comms', state),
  onClosed: () => explain($('comms-state'), 'comms', 'Comms'),
  onMessage: (message) => chat.message(message),
});
const chat = chatPanel({
  list: $('chat-list'), roomSelect: $('chat-room'), joinForm: $('join-form'), joinInput: $('join-room'),
  chatForm: $('chat-form'), chatInput: $('chat-text'), members: $('members'),
}, comms);

let connections = 0;
followEvents({
  onState: (state) => setState($('stream-state'), 'stream', 'Stream', state),
  onError: () => explain($('stream-state'), 'stream', 'Stream'),
  onConnect: () => {
    connections += 1;
    document.body.dataset.reconnects = String(connections - 1);
    log.reconcile();
  },
  onEvent: (event) => {
    showEvent(event);
    const { type, data } = event;
    // The retained history replayed on load is shown, but is not this second's traffic.
    if (data && data.ts && Date.parse(data.ts) >= opened - 2000) countEvent();
    if (type === 'dispatch.recorded') log.append(data.hero, data.ts);
    if (type === 'comms.joined' || type === 'comms.left') chat.members(data.room, data.members);
    if (type === 'reset') log.reconcile();
  },
});

$('dispatch-form').addEventListener('submit', async (submit) => {
  submit.preventDefault();
  const result = $('dispatch-result');
  const hero = $('hero').value;
  try {
    const { status, body } = await request('missions/dispatch', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ hero }),
    });
    if (status === 202) {
      result.className = 'result ok';
      result.textContent = `202 Accepted: ${body.dispatched} dispatched`;
      $('hero').value = '';
    } else {
      result.className = 'result bad';
      result.textContent = `${status} ${body.title || ''}: ${body.detail || body}`;
    }
  } catch (error) {
    result.className = 'result bad';
    result.textContent = `not sent: ${error.message}`;
  }
});
