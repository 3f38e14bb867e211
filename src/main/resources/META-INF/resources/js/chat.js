import { timeElement } from './format.js';

const MAX_MESSAGES = 500;

/**
 * The comms panel: messages of every room joined (hq from the start), each with when it came and, outside hq, its
 * room; a form to join another room, which then appears among the rooms to write to; and the member count of the
 * room written to, kept from the event stream's comms.joined and comms.left and from the service's members reply,
 * with the members' names where identity is on. A chat carries its id (data-id), so a test or a reader sees that none
 * is shown twice. Returns { message(object), members(room, count), notice(text) }.
 */
export function chatPanel({ list, roomSelect, joinForm, joinInput, chatForm, chatInput, members }, comms) {
  const counts = new Map();
  const names = new Map();

  const show = (text, kind, room, id) => {
    const item = document.createElement('li');
    if (kind) item.className = kind;
    item.append(timeElement());
    if (room && room !== 'hq') {
      const tag = document.createElement('span');
      tag.className = 'room';
      tag.textContent = room;
      item.append(tag);
    }
    const body = document.createElement('span');
    body.className = 'text';
    body.textContent = text;
    item.append(body);
    if (room) item.dataset.room = room;
    if (id !== undefined) item.dataset.id = String(id);
    list.append(item);
    while (list.children.length > MAX_MESSAGES) list.firstElementChild.remove();
    list.scrollTop = list.scrollHeight;
  };

  const showMembers = () => {
    const room = roomSelect.value;
    const count = counts.get(room);
    const who = names.get(room) || [];
    members.textContent = (count === undefined ? `room ${room}` : `${count} in ${room}`)
      + (who.length ? `: ${who.join(', ')}` : '');
    members.dataset.room = room;
    members.dataset.count = count === undefined ? '' : String(count);
  };
  roomSelect.addEventListener('change', () => {
    showMembers();
    comms.members(roomSelect.value);
  });
  showMembers();

  joinForm.addEventListener('submit', (submit) => {
    submit.preventDefault();
    const room = joinInput.value.trim();
    if (!room) return;
    if (comms.join(room)) joinInput.value = '';
    else show('not connected; retrying', 'notice');
  });

  chatForm.addEventListener('submit', (submit) => {
    submit.preventDefault();
    if (comms.send(chatInput.value, roomSelect.value)) chatInput.value = '';
    else show('not connected; retrying', 'notice');
  });

  return {
    message(message) {
      if (message.chat !== undefined) {
        show(message.from ? `${message.from}: ${message.chat}` : message.chat, null, message.room || 'hq', message.id);
      } else if (Array.isArray(message.history)) {
        for (const chat of message.history) show(chat.chat, null, chat.room, chat.id);
      } else if (message.members !== undefined) {
        counts.set(message.room, message.count);
        names.set(message.room, message.members);
        showMembers();
      } else if (message.joined !== undefined) {
        if (message.recovered === false && comms.resumed(message.joined)) {
          show(`some messages of ${message.joined} are no longer kept and were missed`, 'notice', message.joined);
        }
        if (![...roomSelect.options].some((option) => option.value === message.joined)) {
          roomSelect.append(new Option(message.joined, message.joined));
          roomSelect.value = message.joined;
        }
        showMembers();
        show(`joined ${message.joined}`, 'notice', message.joined);
        comms.members(message.joined);
      } else if (message.error !== undefined) {
        show(`error: ${message.error}`, 'error');
      } else if (message.lost !== undefined) {
        show(`${message.lost} messages were missed (the page fell behind)`, 'notice');
      }
    },
    members(room, count) {
      counts.set(room, count);
      showMembers();
    },
    notice(text) {
      show(text, 'notice');
    },
  };
}
