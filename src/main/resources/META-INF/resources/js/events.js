import { timeElement } from './format.js';

const MAX_EVENTS = 500;

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

/**
 * The event list, newest first, at most 500, and its type filter: a type shows its own events and its dotted children
 * ("dispatch" shows dispatch.accepted and dispatch.recorded), as the stream's ?type= does; control frames (reset,
 * end) always show. Returns show({id, type, data}).
 */
export function eventList({ list, counter, filter }) {
  let count = 0;
  const matches = (type) => !filter.value || type === filter.value || type.startsWith(`${filter.value}.`)
    || type === 'reset' || type === 'end';
  filter.addEventListener('change', () => {
    for (const item of list.children) item.hidden = !matches(item.dataset.type);
    list.dataset.filter = filter.value;
  });
  return ({ id, type, data }) => {
    const item = document.createElement('li');
    item.className = 'event';
    item.dataset.type = type;
    item.hidden = !matches(type);
    if (id !== null) item.dataset.id = id;
    const name = document.createElement('span');
    name.className = 'type';
    name.textContent = type;
    const number = document.createElement('span');
    number.className = 'id';
    number.textContent = id === null ? '' : `#${id}`;
    const content = document.createElement('div');
    content.className = 'content';
    content.textContent = describe(type, data);
    item.append(name, timeElement(data && data.ts), number, content);
    list.prepend(item);
    while (list.children.length > MAX_EVENTS) list.lastElementChild.remove();
    count += 1;
    counter.textContent = `${count} event${count === 1 ? '' : 's'}`;
  };
}
