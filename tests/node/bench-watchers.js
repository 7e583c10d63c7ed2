// Load generator for the fan-out benchmark: a batch of watchers, each a stock npm
// socket.io-client socket that joins room R and checks every delta version it receives.
// Run by bench-fanout.js with child_process.fork(); driven over the IPC channel:
//   parent -> {cmd: 'connect', url, path, room, count, messages, concurrency}
//   child  -> {ev: 'joined', joined, failed, firstError}
//   child  -> {ev: 'progress', received}      twice a second while messages flow
//   child  -> {ev: 'done'}                    every watcher has every version
//   parent -> {cmd: 'report'}; child -> {ev: 'report', latenciesUs, lost, duplicates, ...}
//   parent -> {cmd: 'exit'}
//
// Latency: the writer puts process.hrtime.bigint() (CLOCK_MONOTONIC, in ns) into each delta as
// `sentAt`; a watcher subtracts it from its own process.hrtime.bigint() when the message event
// fires. CLOCK_MONOTONIC is one clock for every process on a Linux host, so the difference is the
// end-to-end delivery time, with the receiving client's parse included.
'use strict';

const { io } = require('socket.io-client');

let sockets = [];
let config = null;
let seen = []; // per watcher: Uint8Array of delivery counts per version
let complete = []; // per watcher: number of distinct versions received
let latencies = null;
let latencyCount = 0;
let duplicates = 0;
let unexpected = 0;
let disconnects = 0;
const disconnectReasons = {};
let watchersComplete = 0;
let doneSent = false;

function connectOne(index) {
    return new Promise((resolve) => {
        const socket = io(config.url, {
            path: config.path,
            transports: ['websocket'],
            reconnection: false,
            forceNew: true,
            timeout: 60000,
        });
        sockets[index] = socket;
        let settled = false;
        const settle = (ok, error) => {
            if (settled)
                return;
            settled = true;
            resolve({ ok, error });
        };
        socket.on('connect', () => socket.emit('joinRoom', { room_id: config.room }));
        socket.on('connect_error', (err) => settle(false, String(err && err.message)));
        socket.on('disconnect', (reason) => {
            disconnects++;
            disconnectReasons[reason] = (disconnectReasons[reason] || 0) + 1;
            settle(false, 'disconnected');
        });
        socket.on('message', (message) => {
            if (!message)
                return;
            if (message.type === 'ackJoinRoom') {
                settle(message.success === true, message.error);
                return;
            }
            if (message.type !== 'editorMessage' || !message.data || message.data.type !== 'delta')
                return;
            const now = process.hrtime.bigint();
            const data = message.data;
            const version = data.version;
            if (!Number.isInteger(version) || version < 0 || version >= config.messages) {
                unexpected++;
                return;
            }
            const counts = seen[index];
            if (counts[version] > 0) {
                duplicates++;
                return;
            }
            counts[version] = 1;
            if (latencyCount < latencies.length)
                latencies[latencyCount++] = Number(now - BigInt(data.sentAt)) / 1000;
            if (++complete[index] === config.messages) {
                if (++watchersComplete === config.count && !doneSent) {
                    doneSent = true;
                    process.send({ ev: 'done' });
                }
            }
        });
    });
}

async function connectAll() {
    const count = config.count;
    sockets = new Array(count);
    seen = Array.from({ length: count }, () => new Uint8Array(Math.max(1, config.messages)));
    complete = new Array(count).fill(0);
    latencies = new Float64Array(count * config.messages);
    let next = 0;
    let joined = 0;
    let failed = 0;
    let firstError = null;
    const lane = async () => {
        while (next < count) {
            const index = next++;
            const result = await connectOne(index);
            if (result.ok) {
                joined++;
            } else {
                failed++;
                if (!firstError)
                    firstError = result.error || 'refused';
            }
        }
    };
    const lanes = [];
    for (let i = 0; i < Math.min(config.concurrency, count); i++)
        lanes.push(lane());
    await Promise.all(lanes);
    process.send({ ev: 'joined', joined, failed, firstError });
    if (config.messages > 0) {
        setInterval(() => process.send({ ev: 'progress', received: latencyCount }), 500).unref();
    }
}

function report() {
    let lost = 0;
    for (let i = 0; i < seen.length; i++)
        lost += config.messages - complete[i];
    process.send({
        ev: 'report',
        watchers: seen.length,
        received: latencyCount,
        lost,
        duplicates,
        unexpected,
        disconnects,
        disconnectReasons,
        latenciesUs: Array.from(latencies.subarray(0, latencyCount)),
    });
}

process.on('message', (message) => {
    if (message.cmd === 'connect') {
        config = message;
        connectAll();
    } else if (message.cmd === 'report') {
        report();
    } else if (message.cmd === 'exit') {
        for (const socket of sockets) {
            if (socket)
                socket.disconnect();
        }
        setTimeout(() => process.exit(0), 50);
    }
});
process.on('disconnect', () => process.exit(0));
process.send({ ev: 'ready' });
