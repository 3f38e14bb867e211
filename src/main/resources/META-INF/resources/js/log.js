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
 * How many of `arrived` (oldest first) the log `heroes` (its newest entries, oldest first) already holds: the answer
 * to a fetch holds the entries recorded before the server read the log, which may be none, some or all of those that
 * arrived as events while it was on its way (the replay on connect among them), and they are the newest it holds.
 */
function alreadyIn(heroes, arrived) {
  for (let k = arrived.length; k > 0; k -= 1) {
    const held = arrived.slice(Math.max(0, k - heroes.length), k);
    const tail = heroes.slice(heroes.length - held.length);
    if (held.length > 0 && held.every(({ hero }, i) => hero === tail[i])) return k;
  }
  return 0;
}

/**
 * The mission log: the newest 200 entries with when each was recorded (GET missions/log?times=true), refetched on
 * every (re)connect and after a reset, and extended from dispatch.recorded events in between. Entries that arrive
 * while a fetch is on its way are kept after its answer unless the answer already has them. Returns
 * { reconcile(), append(hero, ts) }.
 */
export function missionLog({ list, counter }) {
  const fetching = new Set();
  const update = () => {
    while (list.children.length > SHOWN) list.firstElementChild.remove();
    counter.textContent = String(list.children.length);
  };
  return {
    async reconcile() {
      const arrived = [];
      fetching.add(arrived);
      try {
        const { status, body } = await request('missions/log', {}, { limit: SHOWN, times: true });
        if (status !== 200) return;
        const later = arrived.slice(alreadyIn(body.dispatched, arrived));
        list.replaceChildren(...body.dispatched.map((hero, i) => entry(hero, body.recordedAt[i])),
          ...later.map(({ hero, ts }) => entry(hero, ts)));
        update();
      } catch {
        // The stream will reconnect and reconcile again.
      } finally {
        fetching.delete(arrived);
      }
    },
    append(hero, ts) {
      fetching.forEach((arrived) => arrived.push({ hero, ts }));
      list.append(entry(hero, ts));
      update();
    },
  };
}
