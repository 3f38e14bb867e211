import { url } from './api.js';
import { time } from './format.js';

const WINDOW_SECONDS = 300;
const SAMPLE_MILLIS = 1000;

/** The value of one meter in Prometheus text, summed over its series; null when absent. */
function meter(text, name) {
  let sum = null;
  const line = new RegExp(`^${name}(?:\\{[^}]*\\})? ([0-9.eE+-]+)$`, 'gm');
  for (const match of text.matchAll(line)) sum = (sum || 0) + Number(match[1]);
  return sum;
}

/**
 * A live chart (uPlot, vendored under vendor/uplot) of the last five minutes, one point a second: events per second
 * as this page receives them, and open event-stream subscribers and comms connections from the service's
 * Prometheus meters (q/metrics). Returns count(), to call once per live event received.
 */
export function activityChart({ element, readout }) {
  const data = [[], [], [], []];
  let received = 0;
  const colours = { events: '#4cc2ff', subscribers: '#3fd17a', comms: '#c59bff', axis: '#8b98a5', grid: '#1f2a37' };
  const axis = (scale, side) => ({
    scale, side, stroke: colours.axis, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid },
  });
  const plot = new uPlot({
    width: Math.max(element.clientWidth, 200),
    height: Math.max(element.clientHeight, 120),
    legend: { show: false },
    cursor: { show: false },
    // A fixed five-minute window ending now, so the lines move leftwards as a wall display's should.
    scales: { x: { time: true, range: (u, min, max) => {
      const end = max || Date.now() / 1000; // no sample yet: the window ends now
      return [end - WINDOW_SECONDS, end];
    } }, rate: { range: (u, min, max) => [0, Math.max(1, max)] },
      open: { range: (u, min, max) => [0, Math.max(1, max)] } },
    axes: [{ stroke: colours.axis, grid: { stroke: colours.grid, width: 1 }, ticks: { stroke: colours.grid }, space: 90,
      values: (u, splits) => splits.map((seconds) => time(new Date(seconds * 1000).toISOString())) },
      axis('rate', 3), axis('open', 1)],
    series: [
      {},
      { label: 'events/s', scale: 'rate', stroke: colours.events, width: 2, fill: 'rgba(76,194,255,0.12)' },
      { label: 'subscribers', scale: 'open', stroke: colours.subscribers, width: 2 },
      { label: 'comms connections', scale: 'open', stroke: colours.comms, width: 2 },
    ],
  }, data, element);
  new ResizeObserver(() => plot.setSize({ width: Math.max(element.clientWidth, 200),
    height: Math.max(element.clientHeight, 120) })).observe(element);

  const sample = async () => {
    const rate = received * (1000 / SAMPLE_MILLIS);
    received = 0;
    let subscribers = null;
    let connections = null;
    try {
      const text = await (await fetch(url('q/metrics'))).text();
      subscribers = meter(text, 'mission_control_events_subscribers');
      connections = meter(text, 'mission_control_comms_connections');
    } catch {
      // A gap in the lines for the seconds the service could not be reached.
    }
    data[0].push(Date.now() / 1000);
    data[1].push(rate);
    data[2].push(subscribers);
    data[3].push(connections);
    while (data[0].length > WINDOW_SECONDS) data.forEach((series) => series.shift());
    plot.setData(data);
    readout.replaceChildren(...[[colours.events, `${rate} events/s`], [colours.subscribers, `${subscribers ?? '?'} subscribers`],
      [colours.comms, `${connections ?? '?'} comms connections`]].map(([colour, text]) => {
      const item = document.createElement('span');
      item.className = 'series';
      item.style.setProperty('--series', colour);
      item.textContent = text;
      return item;
    }));
    Object.assign(document.body.dataset, { eventsPerSecond: String(rate), subscribers: String(subscribers ?? ''),
      commsConnections: String(connections ?? ''), chartPoints: String(data[0].length) });
  };
  setInterval(sample, SAMPLE_MILLIS);

  return () => { received += 1; };
}
