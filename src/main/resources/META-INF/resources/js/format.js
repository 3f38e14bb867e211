/** A time as the wall shows it, 24-hour hh:mm:ss in the browser's zone; now when none is given. */
export function time(ts) {
  const when = ts ? new Date(ts) : new Date();
  return when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

/** A <time> element for an ISO-8601 instant (or now). */
export function timeElement(ts, className = 'time') {
  const element = document.createElement('time');
  element.className = className;
  element.textContent = time(ts);
  element.dateTime = ts || new Date().toISOString();
  return element;
}
