// Fan-out and connection benchmark driver: one writer and N watchers on one room, against one or
// more Socket.IO servers started fresh for every round, alternating servers within each N.
//
//   node bench-fanout.js --server NAME=COMMAND [--server NAME=COMMAND ...]
//        [--mode fanout|connections] [--watchers 100,1000,5000] [--messages 200] [--rate 20]
//        [--per-process 1000] [--concurrency 25|50] [--grace 20] [--hold 5] [--out FILE]
//        [--load js|native] [--loadclient PATH]
//
// --load js (default): the watchers are npm socket.io-client sockets in Node.js processes
// (bench-watchers.js, --per-process sockets each, --concurrency connects in flight per process,
// 25 by default) and the writer is a socket.io-client socket in this process.
// --load native: the watchers are one tests/bench/loadclient process (PATH, built as
// BUILD/bench/loadclient; --concurrency connects in flight in all, 50 by default) and the writer
// another one in --writer mode; the latency is then taken at the kernel's receive time of each
// watcher socket (see loadclient.cpp), which leaves out the load generator's own queue.
//
// COMMAND is run with `sh -c "exec COMMAND"` (so its pid is the server's) and must print
// "listening <port>" or "listening: http://host:<port>" on stdout.
//
// Per round: server CPU time (utime+stime of /proc/PID/stat) from the first send until every
// watcher has every version, divided by the deliveries; (RSS with N watchers joined - RSS before)
// / N; delivery latency p50/p99/max (see bench-watchers.js for the clock); versions lost or
// duplicated; time from the first connect until N watchers have joined.
'use strict';

const { spawn, fork, execSync } = require('child_process');
const EventEmitter = require('events');
const fs = require('fs');
const http = require('http');
const os = require('os');
const path = require('path');
const crypto = require('crypto');
const readline = require('readline');

// Loaded only for --load js, so that the native load runs without the npm client installed.
const io = (...args) => require('socket.io-client').io(...args);

function parseArgs(argv) {
    const opts = {
        servers: [],
        mode: 'fanout',
        watchers: [100, 1000, 5000],
        messages: 200,
        rate: 20,
        perProcess: 1000,
        concurrency: null,
        grace: 10,
        hold: 5,
        out: null,
        load: 'js',
        loadclient: null,
    };
    for (let i = 0; i < argv.length; i++) {
        const key = argv[i];
        const value = argv[i + 1];
        switch (key) {
        case '--server': {
            const eq = value.indexOf('=');
            opts.servers.push({ name: value.slice(0, eq), command: value.slice(eq + 1) });
            i++;
            break;
        }
        case '--mode': opts.mode = value; i++; break;
        case '--watchers': opts.watchers = value.split(',').map(Number); i++; break;
        case '--messages': opts.messages = Number(value); i++; break;
        case '--rate': opts.rate = Number(value); i++; break;
        case '--per-process': opts.perProcess = Number(value); i++; break;
        case '--concurrency': opts.concurrency = Number(value); i++; break;
        case '--grace': opts.grace = Number(value); i++; break;
        case '--hold': opts.hold = Number(value); i++; break;
        case '--out': opts.out = value; i++; break;
        case '--load': opts.load = value; i++; break;
        case '--loadclient': opts.loadclient = value; i++; break;
        default:
            console.error(`bench-fanout: unknown argument ${key}`);
            process.exit(2);
        }
    }
    if (opts.servers.length === 0) {
        console.error('bench-fanout: give at least one --server NAME=COMMAND');
        process.exit(2);
    }
    if (opts.load !== 'js' && opts.load !== 'native') {
        console.error(`bench-fanout: --load is js or native, not ${opts.load}`);
        process.exit(2);
    }
    if (opts.concurrency === null)
        opts.concurrency = opts.load === 'native' ? 50 : 25;
    if (opts.load === 'native' && !(opts.loadclient && fs.existsSync(opts.loadclient))) {
        console.error(`bench-fanout: --load native needs --loadclient PATH (built as BUILD/bench/loadclient): ${opts.loadclient}`);
        process.exit(2);
    }
    return opts;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const CLK_TCK = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

function cpuMs(pid) {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 1000 / CLK_TCK;
}

function rssKB(pid) {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /VmRSS:\s+(\d+)/.exec(status);
    return match ? Number(match[1]) : NaN;
}

function startServer(command) {
    return new Promise((resolve, reject) => {
        const child = spawn('sh', ['-c', `exec ${command}`], { stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (chunk) => {
            stderr = (stderr + chunk).slice(-4000);
        });
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`server did not announce a port within 30 s: ${stderr.trim()}`));
        }, 30000);
        child.on('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`server exited with ${code}: ${stderr.trim()}`));
        });
        const lines = readline.createInterface({ input: child.stdout });
        lines.on('line', (line) => {
            const match = /listening:?\s+(?:\w+:\/\/[^\s/]+:)?(\d+)/.exec(line);
            if (match) {
                clearTimeout(timer);
                child.removeAllListeners('exit');
                resolve({ child, port: Number(match[1]), stderr: () => stderr });
            }
        });
    });
}

async function stopServer(server) {
    if (server.child.exitCode !== null || server.child.signalCode !== null)
        return;
    const exited = new Promise((resolve) => server.child.once('exit', resolve));
    server.child.kill('SIGTERM');
    const result = await Promise.race([exited.then(() => true), sleep(3000).then(() => false)]);
    if (!result) {
        server.child.kill('SIGKILL');
        await exited;
    }
}

function negotiate(port) {
    return new Promise((resolve) => {
        const req = http.get({ host: '127.0.0.1', port, path: '/negotiate', timeout: 5000 }, (res) => {
            let body = '';
            res.on('data', (chunk) => (body += chunk));
            res.on('end', () => {
                try {
                    const parsed = JSON.parse(body);
                    resolve({ room: parsed.room_id, path: parsed.path || '/socket.io' });
                } catch {
                    resolve(null);
                }
            });
        });
        req.on('error', () => resolve(null));
        req.on('timeout', () => req.destroy());
    });
}

function connectWriter(url, socketPath, room) {
    return new Promise((resolve, reject) => {
        const socket = io(url, { path: socketPath, transports: ['websocket'], reconnection: false, forceNew: true });
        const timer = setTimeout(() => reject(new Error('writer: no ackJoinRoom within 20 s')), 20000);
        socket.on('connect', () => socket.emit('joinRoom', { room_id: `${room}-control` }));
        socket.on('connect_error', (err) => reject(new Error(`writer: ${err.message}`)));
        socket.on('message', (message) => {
            if (message && message.type === 'ackJoinRoom') {
                clearTimeout(timer);
                if (message.success)
                    resolve(socket);
                else
                    reject(new Error(`writer refused: ${message.error}`));
            }
        });
    });
}

// A delta as the writer sends it (one Monaco event, one insertion), about 200 bytes of JSON
// once `sentAt` is filled in.
function makeDelta(version) {
    return {
        type: 'delta',
        version,
        changes: [{
            changes: [{
                range: { startLineNumber: 10, startColumn: 5, endLineNumber: 10, endColumn: 5 },
                rangeOffset: 300 + version, rangeLength: 0, text: 'x',
            }],
            eol: '\n', versionId: version + 2, isUndoing: false, isRedoing: false, isFlush: false,
            isEolChange: false,
        }],
        sentAt: process.hrtime.bigint().toString(),
    };
}

// A tests/bench/loadclient process seen through the interface of a forked bench-watchers.js:
// its JSON lines on stdout are 'message' events, send({cmd}) writes the command line to stdin.
class NativeProcess extends EventEmitter {
    constructor(binary, args) {
        super();
        this.child = spawn(binary, args, { stdio: ['pipe', 'pipe', 'inherit'] });
        this.pid = this.child.pid;
        this.child.stdin.on('error', () => {});
        this.child.on('error', (err) => console.error(`loadclient: ${err.message}`));
        this.child.on('exit', (code, signal) => this.emit('exit', code, signal));
        readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
            let message;
            try {
                message = JSON.parse(line);
            } catch {
                console.error(`loadclient: ${line}`);
                return;
            }
            this.emit('message', message);
        });
    }

    get exitCode() {
        return this.child.exitCode ?? (this.child.signalCode ? -1 : null);
    }

    get connected() {
        return this.exitCode === null && this.child.stdin.writable;
    }

    send(message) {
        if (this.connected)
            this.child.stdin.write(`${message.cmd}\n`);
    }

    kill(signal) {
        this.child.kill(signal);
    }
}

function nativeArgs(opts, target) {
    return ['--port', String(target.port), '--path', target.path, '--room', target.room, '--messages', String(opts.messages)];
}

// The writer of --load native: a loadclient --writer process that joins R-control, then sends
// opts.messages deltas at opts.rate Hz on `send`.
class NativeWriter {
    static async connect(opts, target) {
        const writer = new NativeWriter();
        writer.proc = new NativeProcess(opts.loadclient, [...nativeArgs(opts, target), '--writer', '--rate', String(opts.rate)]);
        const joined = writer.next('joined', 20000);
        writer.proc.send({ cmd: 'connect' });
        const ack = await joined;
        if (!ack || ack.joined !== 1) {
            writer.disconnect();
            throw new Error(`writer: ${ack ? ack.firstError || 'refused' : 'no ackJoinRoom within 20 s'}`);
        }
        return writer;
    }

    next(ev, timeoutMs) {
        return new Promise((resolve) => {
            const timer = setTimeout(() => resolve(null), timeoutMs);
            const onMessage = (message) => {
                if (message.ev === ev) {
                    clearTimeout(timer);
                    this.proc.removeListener('message', onMessage);
                    resolve(message);
                }
            };
            this.proc.on('message', onMessage);
            this.proc.once('exit', () => resolve(null));
        });
    }

    // Resolves with {sent, messageBytes, errors} once every delta is out.
    async sendAll(timeoutMs) {
        const sent = this.next('sent', timeoutMs);
        this.proc.send({ cmd: 'send' });
        return sent;
    }

    disconnect() {
        this.proc.send({ cmd: 'exit' });
        setTimeout(() => {
            if (this.proc.exitCode === null)
                this.proc.kill('SIGKILL');
        }, 3000).unref();
    }
}

class WorkerPool {
    // makeChild(n) starts a load process for n watchers.
    constructor(count, perProcess, makeChild) {
        this.procs = [];
        const procCount = Math.max(1, Math.ceil(count / perProcess));
        const base = Math.floor(count / procCount);
        let extra = count % procCount;
        for (let i = 0; i < procCount; i++) {
            const n = base + (extra-- > 0 ? 1 : 0);
            const child = makeChild(n);
            const proc = { child, count: n, received: 0 };
            child.on('message', (message) => {
                if (message.ev === 'progress')
                    proc.received = message.received;
            });
            this.procs.push(proc);
        }
    }

    // Resolves with one message per process whose `ev` is `ev`.
    collect(ev, timeoutMs) {
        return Promise.all(this.procs.map(({ child }) => new Promise((resolve) => {
            const timer = timeoutMs ? setTimeout(() => {
                child.removeListener('message', onMessage);
                resolve(null);
            }, timeoutMs) : null;
            const onMessage = (message) => {
                if (message.ev === ev) {
                    if (timer)
                        clearTimeout(timer);
                    child.removeListener('message', onMessage);
                    resolve(message);
                }
            };
            child.on('message', onMessage);
            child.once('exit', () => resolve(null));
        })));
    }

    received() {
        return this.procs.reduce((sum, proc) => sum + (proc.received || 0), 0);
    }

    cpuMs() {
        return this.procs.reduce((sum, { child }) => {
            try {
                return sum + cpuMs(child.pid);
            } catch {
                return sum;
            }
        }, 0);
    }

    send(messageFor) {
        this.procs.forEach((proc, i) => proc.child.send(messageFor(proc, i)));
    }

    async close() {
        const exits = this.procs.map(({ child }) => (child.exitCode !== null
            ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve))));
        for (const { child } of this.procs) {
            if (child.connected)
                child.send({ cmd: 'exit' });
        }
        await Promise.race([Promise.all(exits), sleep(5000)]);
        for (const { child } of this.procs) {
            if (child.exitCode === null)
                child.kill('SIGKILL');
        }
    }
}

function percentile(sorted, p) {
    if (sorted.length === 0)
        return null;
    return sorted[Math.min(sorted.length - 1, Math.floor(p * (sorted.length - 1) + 0.5))];
}

async function runRound(opts, server, watchers) {
    const result = { server: server.name, watchers, messages: opts.mode === 'fanout' ? opts.messages : 0 };
    let instance = null;
    let pool = null;
    let writer = null;
    try {
        instance = await startServer(server.command);
        const pid = instance.child.pid;
        const url = `http://127.0.0.1:${instance.port}`;
        const negotiated = await negotiate(instance.port);
        const room = negotiated && negotiated.room ? negotiated.room : crypto.randomBytes(12).toString('base64url');
        const socketPath = negotiated ? negotiated.path : '/socket.io';
        const native = opts.load === 'native';
        const target = { port: instance.port, path: socketPath, room };
        if (opts.mode === 'fanout')
            writer = native ? await NativeWriter.connect(opts, target) : await connectWriter(url, socketPath, room);

        pool = native
            ? new WorkerPool(watchers, watchers, (n) => new NativeProcess(opts.loadclient,
                [...nativeArgs(opts.mode === 'fanout' ? opts : { ...opts, messages: 0 }, target),
                    '--watchers', String(n), '--concurrency', String(opts.concurrency)]))
            : new WorkerPool(watchers, opts.perProcess, () => fork(path.join(__dirname, 'bench-watchers.js'), [],
                { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
        result.clientProcesses = pool.procs.length;
        await pool.collect('ready');
        await sleep(500);
        result.rssBeforeKB = rssKB(pid);

        const connectStart = process.hrtime.bigint();
        const joinedPromise = pool.collect('joined');
        pool.send((proc) => ({
            cmd: 'connect', url, path: socketPath, room, count: proc.count,
            messages: opts.mode === 'fanout' ? opts.messages : 0, concurrency: opts.concurrency,
        }));
        const joined = await joinedPromise;
        result.connectMs = Number(process.hrtime.bigint() - connectStart) / 1e6;
        result.joined = joined.reduce((sum, m) => sum + (m ? m.joined : 0), 0);
        result.failed = watchers - result.joined;
        const firstError = joined.find((m) => m && m.firstError);
        if (firstError)
            result.firstError = firstError.firstError;
        await sleep(opts.mode === 'fanout' ? 1000 : opts.hold * 1000);
        result.rssAfterKB = rssKB(pid);
        result.memPerWatcherKB = result.joined > 0 ? (result.rssAfterKB - result.rssBeforeKB) / result.joined : null;

        if (opts.mode === 'fanout') {
            const donePromise = pool.collect('done');
            const cpuBefore = cpuMs(pid);
            const clientCpuBefore = pool.cpuMs();
            const sendStart = Date.now();
            let sent = 0;
            if (native) {
                const done = await writer.sendAll(opts.messages / opts.rate * 1000 + 30000);
                if (!done || done.sent !== opts.messages || done.error)
                    throw new Error(`writer: sent ${done ? done.sent : '?'} of ${opts.messages}${done && done.error ? `: ${done.error}` : ''}`);
                if (done.errors)
                    throw new Error(`writer: the server refused ${done.errors} deltas: ${done.firstError}`);
                result.messageBytes = done.messageBytes;
            } else {
                await new Promise((resolve) => {
                    const interval = 1000 / opts.rate;
                    const tick = () => {
                        writer.emit('sendToRoom', { room_id: room, data: makeDelta(sent) });
                        sent++;
                        if (sent >= opts.messages) {
                            resolve();
                            return;
                        }
                        // Schedule against the start time so that the rate does not drift.
                        setTimeout(tick, Math.max(0, sendStart + sent * interval - Date.now()));
                    };
                    tick();
                });
            }
            if (!native)
                result.messageBytes = Buffer.byteLength(JSON.stringify(makeDelta(opts.messages - 1)));
            // Wait until every watcher has every version, or until deliveries stop progressing
            // for `grace` seconds (what is missing then counts as lost).
            let allDone = false;
            donePromise.then(() => { allDone = true; });
            let lastTotal = -1;
            let lastChange = Date.now();
            while (!allDone && Date.now() - lastChange < opts.grace * 1000) {
                await sleep(250);
                const total = pool.received();
                if (total !== lastTotal) {
                    lastTotal = total;
                    lastChange = Date.now();
                }
            }
            const cpuAfter = cpuMs(pid);
            // How busy the load generator was: when its processes approach the machine's cores,
            // the latencies measure the clients' queues rather than the server.
            result.clientCpuMs = pool.cpuMs() - clientCpuBefore;
            result.deliverySeconds = (Date.now() - sendStart) / 1000;
            result.clientCpuShare = result.clientCpuMs / (result.deliverySeconds * 1000 * os.cpus().length);
            result.serverCpuShare = (cpuAfter - cpuBefore) / (result.deliverySeconds * 1000 * os.cpus().length);
            const reportPromise = pool.collect('report', 60000);
            pool.send(() => ({ cmd: 'report' }));
            const reports = await reportPromise;
            let lat = [];
            let readLat = [];
            result.received = 0;
            result.lost = 0;
            result.duplicates = 0;
            result.disconnects = 0;
            result.disconnectReasons = {};
            reports.forEach((r, i) => {
                if (!r) {
                    result.lost += pool.procs[i].count * opts.messages;
                    return;
                }
                result.received += r.received;
                result.lost += r.lost;
                result.duplicates += r.duplicates + r.unexpected;
                result.disconnects += r.disconnects;
                for (const [reason, count] of Object.entries(r.disconnectReasons || {}))
                    result.disconnectReasons[reason] = (result.disconnectReasons[reason] || 0) + count;
                lat = lat.concat(r.latenciesUs);
                if (r.readLatenciesUs)
                    readLat = readLat.concat(r.readLatenciesUs);
                if (r.noKernelTime)
                    result.noKernelTime = (result.noKernelTime || 0) + r.noKernelTime;
            });
            // Watchers that never joined receive nothing: they count as lost too.
            const sorted = Float64Array.from(lat).sort();
            result.cpuMs = cpuAfter - cpuBefore;
            result.cpuPerDeliveryUs = result.received > 0 ? (result.cpuMs * 1000) / result.received : null;
            result.latencyUs = {
                p50: percentile(sorted, 0.5),
                p99: percentile(sorted, 0.99),
                max: sorted.length ? sorted[sorted.length - 1] : null,
            };
            // Native load: the latency above is at the kernel's receive time; this one at the time
            // the load generator parsed the frame (its own queue included, as in the JS load).
            if (readLat.length) {
                const sortedRead = Float64Array.from(readLat).sort();
                result.readLatencyUs = {
                    p50: percentile(sortedRead, 0.5),
                    p99: percentile(sortedRead, 0.99),
                    max: sortedRead[sortedRead.length - 1],
                };
            }
        } else {
            const reportPromise = pool.collect('report', 60000);
            pool.send(() => ({ cmd: 'report' }));
            const reports = await reportPromise;
            result.disconnects = reports.reduce((sum, r) => sum + (r ? r.disconnects : 0), 0);
            result.disconnectReasons = {};
            for (const r of reports) {
                for (const [reason, count] of Object.entries((r && r.disconnectReasons) || {}))
                    result.disconnectReasons[reason] = (result.disconnectReasons[reason] || 0) + count;
            }
            result.held = result.joined - result.disconnects;
            result.rssKB = result.rssAfterKB;
        }
        if (instance.child.exitCode !== null || instance.child.signalCode !== null)
            result.error = `server died: ${instance.stderr().trim().slice(-500)}`;
    } catch (err) {
        result.error = String(err && err.message ? err.message : err);
    } finally {
        if (writer)
            writer.disconnect();
        if (pool)
            await pool.close();
        if (instance)
            await stopServer(instance);
    }
    return result;
}

function describe(r) {
    if (r.error && r.joined === undefined)
        return `${r.server} N=${r.watchers}: ERROR ${r.error}`;
    const parts = [`${r.server} N=${r.watchers}: joined ${r.joined} in ${r.connectMs.toFixed(0)} ms`,
        `mem/watcher ${r.memPerWatcherKB === null ? '-' : r.memPerWatcherKB.toFixed(1)} KB`];
    if (r.cpuPerDeliveryUs !== undefined) {
        parts.push(`cpu/delivery ${r.cpuPerDeliveryUs === null ? '-' : r.cpuPerDeliveryUs.toFixed(2)} us`);
        const l = r.latencyUs;
        const fmt = (v) => (v === null ? '-' : (v / 1000).toFixed(2));
        parts.push(`latency p50 ${fmt(l.p50)} p99 ${fmt(l.p99)} max ${fmt(l.max)} ms`);
        if (r.readLatencyUs) {
            const rl = r.readLatencyUs;
            parts.push(`(at read p50 ${fmt(rl.p50)} p99 ${fmt(rl.p99)} max ${fmt(rl.max)} ms)`);
        }
        parts.push(`lost ${r.lost} dup ${r.duplicates} disconnects ${r.disconnects} ${JSON.stringify(r.disconnectReasons)}`);
        parts.push(`cpu share server ${(100 * r.serverCpuShare).toFixed(0)}% clients ${(100 * r.clientCpuShare).toFixed(0)}%`);
    } else {
        parts.push(`held ${r.held}, RSS ${(r.rssKB / 1024).toFixed(1)} MB`);
    }
    if (r.error)
        parts.push(`ERROR ${r.error}`);
    return parts.join(', ');
}

async function main() {
    const opts = parseArgs(process.argv.slice(2));
    const results = [];
    for (const watchers of opts.watchers) {
        for (const server of opts.servers) {
            const r = await runRound(opts, server, watchers);
            console.log(describe(r));
            results.push(r);
        }
    }
    const output = {
        scenario: opts.mode,
        config: {
            messages: opts.messages, rate: opts.rate, perProcess: opts.load === 'native' ? null : opts.perProcess,
            concurrency: opts.concurrency, servers: opts.servers, load: opts.load,
        },
        results,
    };
    if (opts.out)
        fs.writeFileSync(opts.out, JSON.stringify(output, null, 2));
    process.exit(results.some((r) => r.error) ? 1 : 0);
}

main();
