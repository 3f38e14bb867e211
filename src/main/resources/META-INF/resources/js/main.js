import { request } from './api.js';
import { followEvents } from './stream.js';
import { joinComms } from './comms.js';

const MAX_EVENTS = 500;
const $ = (id) => document.getElementById(id);
const eventList = $('event-list');
const missionLog = $('mission-log');
const chatList = $('chat-list');
let eventCount = 0;

function setState(element, bodyKey, label, state) {
  const text = { live: 'live', reconnecting: 'reconnecting', offline: 'offline', connecting: 'connecting' }[state] || state;
  element.dataset.state = state;
  element.textContent = `${label}: ${text}`;
  document.body.dataset[bodyKey] = state;
}

function time(ts) {
  const when = ts ? new Date(ts) : new Date();
  return when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

function describe(type, data) {
  if (typeof data !== 'object' || data === null) return String(data);
  switch (type) {
    case 'dispatch.accepted': return `${data.hero} accepted`;
    case 'dispatch.recorded': return `${data.hero} recorded after ${data.waitedMs} ms`;
    case 'comms.joined': return `joined ${data.room} (${data.members} in room)`;
    case 'comms.left': return `left ${data.room} (${data.members} in room)`;
    case 'comms.chat': return `${data.room}: ${data.text}`;
    case 'reset': return data.lost !== undefined
      ? `${data.lost} events were missed (the page fell behind); log refetched`
      : `events before ${data.oldest} were missed; log refetched`;
    default: {
      const { ts, ...rest } = data;
      return JSON.stringify(rest);
    }
  }
}

function showEvent({ id, type, data }) {
  const item = document.createElement('li');
  item.className = 'event';
  item.dataset.type = type;
  if (id !== null) item.dataset.id = id;
  const name = document.createElement('span');
  name.className = 'type';
  name.textContent = type;
  const when = document.createElement('time');
  when.className = 'time';
  when.textContent = time(data && data.ts);
  if (data && data.ts) when.dateTime = data.ts;
  const number = document.createElement('span');
  number.className = 'id';
  number.textContent = id === null ? '' : `#${id}`;
  const content = document.createElement('div');
  content.className = 'content';
  content.textContent = describe(type, data);
  item.append(name, when, number, content);
  eventList.prepend(item);
  while (eventList.children.length > MAX_EVENTS) eventList.lastElementChild.remove();
  eventCount += 1;
  $('event-count').textContent = `${eventCount} event${eventCount === 1 ? '' : 's'}`;
}

function renderLog(heroes) {
  missionLog.replaceChildren(...heroes.map((hero) => {
    const item = document.createElement('li');
    item.textContent = hero;
    return item;
  }));
  $('log-count').textContent = String(heroes.length);
}

function appendLog(hero) {
  const item = document.createElement('li');
  item.textContent = hero;
  missionLog.append(item);
  $('log-count').textContent = String(missionLog.children.length);
}

async function reconcileLog() {
  try {
    const { status, body } = await request('missions/log');
    if (status === 200) renderLog(body.dispatched);
  } catch {
    // The stream will reconnect and reconcile again.
  }
}

let connections = 0;
followEvents({
  onState: (state) => setState($('stream-state'), 'stream', 'Stream', state),
  onConnect: () => {
    connections += 1;
    document.body.dataset.reconnects = String(connections - 1);
    reconcileLog();
  },
  onEvent: (event) => {
    showEvent(event);
    if (event.type === 'dispatch.recorded') appendLog(event.data.hero);
    if (event.type === 'reset') reconcileLog();
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

function showChat(text, kind) {
  const item = document.createElement('li');
  if (kind) item.className = kind;
  item.textContent = text;
  chatList.append(item);
  while (chatList.children.length > MAX_EVENTS) chatList.firstElementChild.remove();
  chatList.scrollTop = chatList.scrollHeight;
}

const send = joinComms({
  onState: (state) => setState($('comms-state'), 'comms', 'Comms', state),
  onMessage: (message) => {
    if (message.chat !== undefined && !message.room) showChat(message.chat);
    else if (message.error !== undefined) showChat(`error: ${message.error}`, 'error');
  },
});

$('chat-form').addEventListener('submit', (submit) => {
  submit.preventDefault();
  const input = $('chat-text');
  if (send(input.value)) input.value = '';
  else showChat('not connected; retrying', 'notice');
});
