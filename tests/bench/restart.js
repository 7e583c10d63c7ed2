#!/usr/bin/env node
// Server restart under load: `codestream-cli serve`, a writer (`codestream-cli stream FILE`, one
// line appended to FILE every 100 ms) and N native watchers (bench/loadclient --reconnect, which
// reconnect, rejoin and resync as CodeStream's watchers do, docs/protocol.md §8). Once every
// watcher holds a full, the server is killed (SIGKILL) and started again on the same port; the
// benchmark prints the time until every watcher is back and holds a full again, and how many
// deltas were lost (skipped after a watcher's baseline, or missing at the end). Numbers only, no
// pass/fail on timing; exit status 1 when the scenario could not run.
//
//   node tests/bench/restart.js --build BUILD [--watchers 5000] [--threads N] [--out FILE.json]
'use strict';

const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');
const readline = require('readline');

function parseArgs(argv) {
    const opts = { build: null, watchers: 5000, threads: null, out: null, settleMs: 3000 };
    for (let i = 2; i < argv.length; ++i) {
        const value = argv[i + 1];
        switch (argv[i]) {
        case '--build': opts.build = value; ++i; break;
        case '--watchers': opts.watchers = Number(value); ++i; break;
        case '--threads': opts.threads = Number(value); ++i; break;
        case '--out': opts.out = value; ++i; break;
        default:
            console.error(`restart: unknown argument ${argv[i]}`);
            process.exit(2);
        }
    }
    if (!opts.build || !(opts.watchers >= 1)) {
        console.error('usage: restart.js --build BUILD [--watchers N] [--threads N] [--out FILE]');
        process.exit(2);
    }
    return opts;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function freePort() {
    return new Promise((resolve, reject) => {
        const server = net.createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

// Spawns a process and waits for a stdout line that `match` accepts (its return value).
function startAndWait(command, args, match, timeoutMs, env = process.env) {
    const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr = (stderr + chunk).slice(-4000); });
    const lines = readline.createInterface({ input: child.stdout });
    const ready = new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${path.basename(command)} ${args[0]}: no answer within ${timeoutMs} ms: ${stderr}`)), timeoutMs);
        lines.on('line', (line) => {
            const value = match(line);
            if (value !== undefined && value !== null) {
                clearTimeout(timer);
                resolve(value);
            }
        });
        child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`${path.basename(command)} ${args[0]} exited with ${code}: ${stderr}`));
        });
    });
    return { child, lines, ready };
}

// The loadclient's JSON events, awaited by name.
class Watchers {
    constructor(child, lines) {
        this.child = child;
        this.waiting = [];
        this.events = [];
        lines.on('line', (line) => {
            let event;
            try { event = JSON.parse(line); } catch { return; }
            this.events.push(event);
            if (event.ev === 'resyncProgress')
                this.progress = event;
            this.waiting = this.waiting.filter((w) => (w.ev === event.ev ? (w.resolve(event), false) : true));
        });
    }
    send(command) { this.child.stdin.write(`${command}\n`); }
    next(ev, timeoutMs) {
        const seen = this.events.find((e) => e.ev === ev);
        if (seen) {
            this.events = this.events.filter((e) => e !== seen);
            return Promise.resolve(seen);
        }
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`watchers: no ${ev} within ${timeoutMs} ms`)), timeoutMs);
            this.waiting.push({ ev, resolve: (e) => { clearTimeout(timer); resolve(e); } });
        });
    }
}

async function main() {
    const opts = parseArgs(process.argv);
    const cli = path.join(opts.build, 'bin', 'codestream-cli');
    const loadclient = path.join(opts.build, 'bench', 'loadclient');
    const port = await freePort();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codestream-restart-'));
    const file = path.join(dir, 'stream.txt');
    fs.writeFileSync(file, Array.from({ length: 200 }, (_, i) => `line ${i}: some text of a source file`).join('\n') + '\n');
    const serveArgs = ['serve', '--bind', '127.0.0.1', '--port', String(port)];
    if (opts.threads)
        serveArgs.push('--threads', String(opts.threads));
    const listening = (line) => (line.startsWith('listening:') ? true : undefined);
    const children = [];
    let appendTimer = null;
    const result = { watchers: opts.watchers, threads: opts.threads || 'default' };
    try {
        let server = startAndWait(cli, serveArgs, listening, 30000);
        children.push(server.child);
        await server.ready;
        const writer = startAndWait(cli, ['stream', file, '--server', `http://127.0.0.1:${port}`],
            (line) => (line.startsWith('share: ') ? decodeURIComponent(new URL(line.slice(7)).hash.slice(1)) : undefined), 30000);
        children.push(writer.child);
        const room = await writer.ready;
        const load = startAndWait(loadclient, ['--port', String(port), '--room', room, '--watchers', String(opts.watchers),
            '--messages', '0', '--concurrency', '50', '--reconnect', '--timeout', '900'],
            (line) => (line.includes('"ready"') ? true : undefined), 30000);
        children.push(load.child);
        await load.ready;
        const watchers = new Watchers(load.child, load.lines);
        const joinStart = Date.now();
        watchers.send('connect');
        const joined = await watchers.next('joined', 300000);
        if (joined.failed > 0)
            throw new Error(`${joined.failed} watchers could not join: ${joined.firstError}`);
        await watchers.next('synced', 120000);
        result.joinAndSyncMs = Date.now() - joinStart;

        let appended = 0;
        appendTimer = setInterval(() => fs.appendFileSync(file, `appended line ${appended++}\n`), 100);
        await sleep(opts.settleMs);

        // The restart: kill, start again on the same port at once.
        watchers.send('mark');
        const killedAt = Date.now();
        server.child.kill('SIGKILL');
        await new Promise((resolve) => server.child.once('exit', resolve));
        for (let attempt = 0; ; ++attempt) {
            server = startAndWait(cli, serveArgs, listening, 30000);
            try {
                await server.ready;
                break;
            } catch (error) {
                if (attempt >= 20)
                    throw error;
                await sleep(100); // the port may still be held for a moment
            }
        }
        children.push(server.child);
        result.restartMs = Date.now() - killedAt;
        const resynced = await watchers.next('resynced', 300000).catch((error) => {
            result.error = `${error.message} (${JSON.stringify(watchers.progress || {})})`;
            return null;
        });
        if (resynced) {
            result.resyncedMs = resynced.ms;
            result.resyncedAfterListeningMs = resynced.ms - result.restartMs;
        }

        await sleep(opts.settleMs);
        clearInterval(appendTimer);
        appendTimer = null;
        await sleep(2000); // the writer's last flush (200 ms) reaches every watcher
        watchers.send('report');
        const report = await watchers.next('report', 60000);
        Object.assign(result, {
            synced: report.synced, behind: report.behind, finalVersion: report.version,
            deltasReceived: report.deltas, lostAfterBaseline: report.lost, duplicates: report.duplicates,
            fulls: report.fulls, fullsSinceRestart: report.fullsSinceMark, disconnects: report.disconnects,
            reconnections: report.reconnections,
            disconnectReasons: report.disconnectReasons,
        });
        watchers.send('exit');
    } finally {
        if (appendTimer)
            clearInterval(appendTimer);
        for (const child of children) {
            if (child.exitCode === null && child.signalCode === null)
                child.kill('SIGTERM');
        }
        fs.rmSync(dir, { recursive: true, force: true });
    }
    const line = `restart, ${result.watchers} watchers (threads ${result.threads}): all back and resynced `
        + `${result.resyncedMs ?? '-'} ms after the kill (${result.resyncedAfterListeningMs ?? '-'} ms after the new server listened, `
        + `restart took ${result.restartMs} ms); lost ${result.lostAfterBaseline} after the baseline, `
        + `${result.behind} watchers behind version ${result.finalVersion} at the end; `
        + `${result.duplicates} duplicates, ${result.fulls} fulls (${result.fullsSinceRestart} since the kill), `
        + `${result.disconnects} disconnects, `
        + `${result.reconnections} reconnections ${JSON.stringify(result.disconnectReasons)}; `
        + `first join and sync ${result.joinAndSyncMs} ms`
        + (result.error ? `; ${result.error}` : '');
    console.log(line);
    if (opts.out)
        fs.writeFileSync(opts.out, JSON.stringify(result, null, 2));
    return result.error ? 1 : 0;
}

main().then((code) => process.exit(code), (error) => {
    console.error(`restart: ${error.message}`);
    process.exit(1);
});
