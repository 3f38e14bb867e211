// An independent check of the fan-out benchmark: a load client in its own Node process that shares no code with
// dev.missioncontrol.bench (plain sockets, its own HTTP and WebSocket handling), to compare its figures with the
// benchmark's for Mission Control and for nchan. It opens N subscribers (SSE or WebSocket) to a running server,
// publishes EVENTS messages at one per PERIOD ms, each carrying <marker><sequence>, and reports, for the receipts,
// p50 / p99 / max in ms from the moment each publish was due (not when it was sent, so a late publisher counts
// against the server it waits on) to its arrival, with delivered and expected counts.
//
//   node src/bench/check.mjs --port 8000 --protocol sse --sub '/missions/events?type=dispatch.accepted' \
//        --publish 'POST /missions/dispatch?hero={m}' --n 5000
//   node src/bench/check.mjs --port 8080 --protocol ws --sub '/sub?id=c1' --publish 'POST /pub?id=c1 {m} ' --n 5000
//   node src/bench/check.mjs --port 8000 --protocol ws --sub /comms --publish 'WS /comms {"event":"chat","text":"{m}"}'
//
// {m} is replaced by <marker><sequence>; after POST the path, then an optional body. Options: --events (200),
// --period (20), --connect-batch (250). Only for comparison runs by hand, see docs/benchmarks.md.
import net from 'node:net';
import http from 'node:http';
import crypto from 'node:crypto';

const args = Object.fromEntries(
    process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const port = Number(args.port);
const protocol = args.protocol ?? 'sse';
const n = Number(args.n ?? 1000);
const events = Number(args.events ?? 200);
const period = Number(args.period ?? 20);
const batch = Number(args['connect-batch'] ?? 250);
const marker = 'q' + crypto.randomBytes(3).toString('hex') + 'x';
const [publishKind, publishPath, ...bodyParts] = args.publish.split(' ');
const publishBody = bodyParts.join(' ');

const due = new Array(events).fill(0n);
const latencies = [];
let received = 0;

function request(path) {
    if (protocol === 'ws') {
        return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
            + `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;
    }
    return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n`;
}

// One subscriber: waits for the response head, then scans what it reads for <marker><digits><non-digit>.
function subscribe() {
    return new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.setNoDelay(true);
        let head = true;
        let tail = '';
        socket.on('connect', () => socket.write(request(args.sub)));
        socket.on('error', reject);
        socket.on('data', chunk => {
            const now = process.hrtime.bigint();
            let text = tail + chunk.toString('latin1');
            if (head) {
                const end = text.indexOf('\r\n\r\n');
                if (end < 0) { tail = text; return; }
                const status = text.slice(9, 12);
                if (status !== '200' && status !== '101') { reject(new Error('answered ' + text.slice(0, 80))); return; }
                head = false;
                text = text.slice(end + 4);
                resolve(socket);
            }
            let at = 0;
            for (;;) {
                const found = text.indexOf(marker, at);
                if (found < 0) break;
                let digits = found + marker.length;
                while (digits < text.length && text.charCodeAt(digits) >= 48 && text.charCodeAt(digits) <= 57) digits++;
                if (digits === text.length) break; // the number may go on in the next read
                const sequence = Number(text.slice(found + marker.length, digits));
                latencies.push(Number(now - due[sequence]) / 1e6);
                received++;
                at = digits;
            }
            const keep = text.slice(at);
            tail = keep.length > 64 ? keep.slice(-64) : keep;
        });
    });
}

function webSocketFrame(text) {
    const payload = Buffer.from(text);
    const mask = crypto.randomBytes(4);
    const header = payload.length < 126 ? Buffer.from([0x81, 0x80 | payload.length])
        : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 255]);
    const masked = Buffer.alloc(payload.length);
    for (let i = 0; i < payload.length; i++) masked[i] = payload[i] ^ mask[i % 4];
    return Buffer.concat([header, mask, masked]);
}

async function publisher() {
    if (publishKind === 'WS') {
        const socket = net.connect(port, '127.0.0.1');
        socket.setNoDelay(true);
        await new Promise(resolve => socket.once('connect', resolve));
        socket.write(`GET ${publishPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
            + `Sec-WebSocket-Key: ${crypto.randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
        await new Promise(resolve => socket.once('data', resolve));
        socket.on('data', () => {});
        return text => socket.write(webSocketFrame(publishBody.replaceAll('{m}', text)));
    }
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    return text => {
        const body = publishBody.replaceAll('{m}', text);
        const req = http.request({ host: '127.0.0.1', port, method: 'POST', agent, path: publishPath.replaceAll('{m}', text) },
            res => { res.resume(); if (res.statusCode >= 300) console.error('publish answered', res.statusCode); });
        req.on('error', e => console.error('publish failed', e.message));
        req.end(body);
    };
}

const opened = [];
for (let i = 0; i < n; i += batch) {
    const some = [];
    for (let j = i; j < Math.min(n, i + batch); j++) some.push(subscribe());
    opened.push(...await Promise.all(some));
}
const publish = await publisher();
await new Promise(resolve => setTimeout(resolve, 1000));

const start = process.hrtime.bigint();
for (let i = 0; i < events; i++) due[i] = start + BigInt(i * period) * 1000000n;
let next = 0;
await new Promise(resolve => {
    const tick = () => {
        const now = process.hrtime.bigint();
        while (next < events && due[next] <= now) { publish(marker + next); next++; }
        if (next < events) setTimeout(tick, Math.max(0, Number((due[next] - process.hrtime.bigint()) / 1000000n))); else resolve();
    };
    tick();
});
const expected = n * events;
const deadline = Date.now() + 30000;
while (received < expected && Date.now() < deadline) await new Promise(resolve => setTimeout(resolve, 50));
latencies.sort((a, b) => a - b);
const at = p => latencies.length ? latencies[Math.min(latencies.length - 1, Math.ceil(p * latencies.length) - 1)] : NaN;
console.log(JSON.stringify({ protocol, n, delivered: received, expected,
    p50Millis: +at(0.5).toFixed(1), p99Millis: +at(0.99).toFixed(1), maxMillis: +at(1).toFixed(1) }));
for (const socket of opened) socket.destroy();
process.exit(0);
