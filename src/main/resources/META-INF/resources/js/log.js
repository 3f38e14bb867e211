import { request } from './api.js';
import { timeElement } from './format.js';

const SHOWN = 200;

function entry(hero, ts) {
  const item = document.createElement('li');
  const name = document.createElement('span');
  name.className = 'hero';
  name.textContent = hero;
  item.append(name);
  if (ts) item.append(timeElement(ts));
  return item;
}

/**
 * The mission log: the newest 200 entries with when each was recorded (GET missions/log?times=true), refetched on
 * every (re)connect and after a reset, and extended from dispatch.recorded events in between. Returns
 * { reconcile(), append(hero, ts) }.
 */
export function missionLog({ list, counter }) {
  const update = () => {
    while (list.children.length > SHOWN) list.firstElementChild.remove();
    counter.textContent = String(list.children.length);
  };
  return {
    async reconcile() {
      try {
        const { status, body } = await request('missions/log', {}, { limit: SHOWN, times: true });
        if (status !== 200) return;
        list.replaceChildren(...body.dispatched.map((hero, i) => entry(hero, body.recordedAt[i])));
        update();
      } catch {
        // The stream will reconnect and reconcile again.
      }
    },
    append(hero, ts) {
      list.append(entry(hero, ts));
      update();
    },
  };
}
