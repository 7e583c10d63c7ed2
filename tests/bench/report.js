// Turns the scenario files of run.sh (scenario-*.json in OUT) into OUT/results.md and
// OUT/results.json: our numbers, Node's, and each target with its ratio and verdict.
//   node report.js OUT [--smoke] [--native]
// Fan-out and connections may have run twice: with the npm socket.io-client load
// (scenario-fanout.json, scenario-connections.json) and with the native load generator
// (scenario-fanout-native.json, scenario-connections-native.json).
// With --smoke, exits 1 unless every scenario that ran finished without errors and without a
// lost message; --native also requires the native fan-out and connections scenarios.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');

const out = process.argv[2];
const smoke = process.argv.includes('--smoke');
const requireNative = process.argv.includes('--native');

function load(name) {
    const file = path.join(out, `scenario-${name}.json`);
    if (!fs.existsSync(file))
        return null;
    try {
        return JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (err) {
        return { error: `unreadable ${file}: ${err.message}` };
    }
}

const fanout = load('fanout');
const connections = load('connections');
const fanoutNative = load('fanout-native');
const connectionsNative = load('connections-native');
const editor = load('editor');
const sync = load('sync');
const gui = load('gui');
const restart = load('restart');
const floor = load('fanout-floor');

const problems = [];
const fmt = (v, digits = 1) => (v === null || v === undefined || Number.isNaN(v) ? '–' : Number(v).toFixed(digits));
const ms = (us) => (us === null || us === undefined ? null : us / 1000);
const ratio = (a, b) => (a === null || a === undefined || !b ? null : a / b);

function round(scenario, server, watchers) {
    if (!scenario || !scenario.results)
        return null;
    return scenario.results.find((r) => r.server === server && r.watchers === watchers) || null;
}

const md = [];
const targets = [];
function target(name, goal, ours, node, r, met, note, digits = 2) {
    targets.push({ name, goal, ours, node, ratio: r, met, note, digits });
}

md.push('# CodeStream benchmark results', '');
md.push(`Host: ${os.cpus().length} × ${os.cpus()[0] ? os.cpus()[0].model : 'cpu'}, ` +
    `load average at the end ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}, ` +
    `${new Date().toISOString()}${smoke ? ' (smoke run: sizes too small for meaningful numbers)' : ''}.`, '');

// Fan-out and connections, once per load generator -------------------------------------------
const loadName = (native) => (native ? 'native load generator' : 'npm socket.io-client load');

function fanoutSection(fanout, native) {
    const suffix = native ? ' (native load)' : '';
    const tag = native ? 'fan-out (native load)' : 'fan-out';
    if (!fanout) {
        if (!native)
            md.push('## Fan-out', '', 'Not run.', '');
        return;
    }
    const cfg = fanout.config || {};
    md.push(`## Fan-out: 1 writer, N watchers, ${cfg.messages} deltas at ${cfg.rate} Hz, ${loadName(native)}`, '');
    if (native) {
        md.push('Latency at the kernel\'s receive time of each watcher socket (`SO_TIMESTAMPNS`); "at read": when the ' +
            'load generator parsed the frame.', '');
    }
    md.push(`| N | server | joined | connect N (ms) | server CPU / delivery (µs) | RSS / watcher (KB) | latency p50 / p99 / max (ms) |${native ? ' at read p50 / p99 (ms) |' : ''} lost | dup | CPU share server / clients | error |`);
    md.push(`|---|---|---|---|---|---|---|${native ? '---|' : ''}---|---|---|---|`);
    for (const r of fanout.results || []) {
        const l = r.latencyUs || {};
        const rl = r.readLatencyUs || {};
        md.push(`| ${r.watchers} | ${r.server} | ${r.joined ?? '–'} | ${fmt(r.connectMs, 0)} | ${fmt(r.cpuPerDeliveryUs, 2)} | ` +
            `${fmt(r.memPerWatcherKB)} | ${fmt(ms(l.p50), 2)} / ${fmt(ms(l.p99), 2)} / ${fmt(ms(l.max), 2)} | ` +
            `${native ? `${fmt(ms(rl.p50), 2)} / ${fmt(ms(rl.p99), 2)} | ` : ''}` +
            `${r.lost ?? '–'} | ${r.duplicates ?? '–'} | ` +
            `${r.serverCpuShare === undefined ? '–' : `${fmt(100 * r.serverCpuShare, 0)}% / ${fmt(100 * r.clientCpuShare, 0)}%`} | ${r.error ? r.error.replace(/\|/g, '/').slice(0, 120) : ''}` +
            `${r.disconnects ? ` ${r.disconnects} watchers disconnected (${JSON.stringify(r.disconnectReasons || {}).replace(/"/g, '')})` : ''} |`);
        if (r.error)
            problems.push(`${tag} ${r.server} N=${r.watchers}: ${r.error}`);
        if (r.lost)
            problems.push(`${tag} ${r.server} N=${r.watchers}: ${r.lost} messages lost`);
    }
    md.push('');
    const sizes = [...new Set((fanout.results || []).map((r) => r.watchers))];
    for (const n of sizes) {
        const e = round(fanout, 'embedded', n);
        const nd = round(fanout, 'node', n);
        if (!e || !nd)
            continue;
        const rc = ratio(e.cpuPerDeliveryUs, nd.cpuPerDeliveryUs);
        target(`server CPU per delivered message, N=${n}${suffix}`, '≤ 0.5 × Node', e.cpuPerDeliveryUs, nd.cpuPerDeliveryUs, rc,
            rc !== null && rc <= 0.5, 'µs');
    }
    const nMax = Math.max(...sizes);
    const eMax = round(fanout, 'embedded', nMax);
    const nodeMax = round(fanout, 'node', nMax);
    if (eMax && nodeMax) {
        const rm = ratio(eMax.memPerWatcherKB, nodeMax.memPerWatcherKB);
        target(`memory per connected watcher, N=${nMax}${suffix}`, '≤ 0.5 × Node', eMax.memPerWatcherKB, nodeMax.memPerWatcherKB, rm,
            rm !== null && rm <= 0.5, 'KB');
    }
    const n1000 = sizes.includes(1000) ? 1000 : nMax;
    const e1 = round(fanout, 'embedded', n1000);
    const node1 = round(fanout, 'node', n1000);
    if (e1 && node1 && e1.latencyUs && node1.latencyUs) {
        const rl = ratio(e1.latencyUs.p99, node1.latencyUs.p99);
        target(`p99 delivery latency, N=${n1000}${suffix}`, '≤ 0.5 × Node', ms(e1.latencyUs.p99), ms(node1.latencyUs.p99), rl,
            rl !== null && rl <= 0.5, 'ms');
    }
    const embeddedRounds = (fanout.results || []).filter((r) => r.server === 'embedded');
    const lost = embeddedRounds.reduce((s, r) => s + (r.lost ?? 0), 0);
    const dup = embeddedRounds.reduce((s, r) => s + (r.duplicates ?? 0), 0);
    const ranAll = embeddedRounds.length > 0 && embeddedRounds.every((r) => r.lost !== undefined);
    target(`messages lost or duplicated (embedded, all N)${suffix}`, '0', lost + dup, null, null, ranAll && lost + dup === 0, '', 0);
}

// The floor: one send() per socket, nothing else (bench_sendfloor), next to both servers' cost.
function floorSection() {
    if (!Array.isArray(floor) || floor.length === 0)
        return;
    md.push('## Fan-out floor: one `send()` of the frame per socket, nothing else (`bench_sendfloor`)', '');
    md.push('The sender\'s CPU per delivery, which on loopback includes the receiving socket\'s TCP work; ' +
        'the servers\' figures are from the native-load fan-out above.', '');
    md.push('| N | floor: `send()` (µs) | floor: batched through io_uring (µs) | embedded (µs) | embedded / floor | Node (µs) | floor / Node |');
    md.push('|---|---|---|---|---|---|---|');
    const sizes = [...new Set(floor.map((r) => r.watchers))];
    for (const n of sizes) {
        const send = floor.find((r) => r.watchers === n && r.mode === 'send');
        const uring = floor.find((r) => r.watchers === n && r.mode === 'uring');
        const e = round(fanoutNative, 'embedded', n);
        const nd = round(fanoutNative, 'node', n);
        const f = send ? send.cpuPerDeliveryUs : null;
        md.push(`| ${n} | ${fmt(f, 2)} | ${fmt(uring ? uring.cpuPerDeliveryUs : null, 2)} | ${fmt(e ? e.cpuPerDeliveryUs : null, 2)} | ` +
            `${fmt(ratio(e ? e.cpuPerDeliveryUs : null, f), 2)} | ${fmt(nd ? nd.cpuPerDeliveryUs : null, 2)} | ` +
            `${fmt(ratio(f, nd ? nd.cpuPerDeliveryUs : null), 2)} |`);
        if (send && send.shortSends)
            problems.push(`fan-out floor N=${n}: ${send.shortSends} short sends`);
    }
    md.push('');
}

function connectionsSection(connections, native) {
    if (!connections) {
        if (!native)
            md.push('## Connections', '', 'Not run.', '');
        return;
    }
    const tag = native ? 'connections (native load)' : 'connections';
    md.push(`## Connections: idle watchers on one server, ${loadName(native)}`, '');
    md.push('| server | watchers | joined | held after the hold time | connect N (ms) | server RSS (MB) | RSS / watcher (KB) | error |');
    md.push('|---|---|---|---|---|---|---|---|');
    for (const r of connections.results || []) {
        md.push(`| ${r.server} | ${r.watchers} | ${r.joined ?? '–'} | ${r.held ?? '–'} | ${fmt(r.connectMs, 0)} | ` +
            `${fmt(r.rssKB / 1024)} | ${fmt(r.memPerWatcherKB)} | ${r.error ? r.error.replace(/\|/g, '/').slice(0, 120) : ''} |`);
        if (r.error)
            problems.push(`${tag} ${r.server}: ${r.error}`);
        else if (r.server === 'embedded' && r.held !== r.watchers)
            problems.push(`${tag} embedded: held ${r.held} of ${r.watchers}`);
    }
    md.push('');
    const e = (connections.results || []).find((r) => r.server === 'embedded');
    if (e) {
        target(`${e.watchers} idle watchers held${native ? ' (native load)' : ''}`, `${e.watchers}`, e.held ?? 0, null, null,
            e.held === e.watchers, '', 0);
    }
}

fanoutSection(fanout, false);
fanoutSection(fanoutNative, true);
floorSection();
connectionsSection(connections, false);
connectionsSection(connectionsNative, true);

// Editor --------------------------------------------------------------------------------------
const sizeName = (bytes) => (bytes >= 1 << 20 ? `${bytes / (1 << 20)} MB` : `${bytes / 1024} KB`);
if (restart) {
    md.push('## Server restart: watchers reconnect and resync', '');
    md.push('| watchers | write threads | back and resynced after the kill (ms) | after the new server listened (ms) | lost after the baseline | behind at the end | duplicates | reconnections |',
        '|---|---|---|---|---|---|---|---|');
    md.push(`| ${restart.watchers} | ${restart.threads} | ${restart.resyncedMs ?? '–'} | ${restart.resyncedAfterListeningMs ?? '–'} | `
        + `${restart.lostAfterBaseline ?? '–'} | ${restart.behind ?? '–'} | ${restart.duplicates ?? '–'} | ${restart.reconnections ?? '–'} |`, '');
    if (restart.error)
        problems.push(`restart: ${restart.error}`);
}

if (editor && editor.benchmarks) {
    md.push('## Editor: per-edit cost (CPU time per edit, µs)', '');
    const rows = new Map();
    const sizes = new Set();
    for (const b of editor.benchmarks) {
        const [name, arg] = b.name.split('/');
        const bytes = Number(arg);
        sizes.add(bytes);
        if (!rows.has(name))
            rows.set(name, new Map());
        if (b.error_occurred) {
            rows.get(name).set(bytes, null);
            problems.push(`editor ${b.name}: ${b.error_message}`);
            continue;
        }
        const scale = { ns: 1e-3, us: 1, ms: 1e3, s: 1e6 }[b.time_unit] ?? 1;
        rows.get(name).set(bytes, b.cpu_time * scale);
    }
    const sorted = [...sizes].sort((a, b) => a - b);
    md.push(`| path | ${sorted.map(sizeName).join(' | ')} |`);
    md.push(`|---|${sorted.map(() => '---|').join('')}`);
    const labels = {
        BM_writer_edit: 'writer: keystroke → Scintilla notification → TextChange recorded',
        BM_writer_edit_delta: 'writer: the same + a delta flushed and serialised per keystroke',
        BM_watcher_apply: 'watcher: delta JSON → WatcherSession → QScintilla',
        BM_watcher_apply_memory: 'watcher: delta JSON → WatcherSession → MemoryTextDocument (CLI)',
        BM_scintilla_insert_default_mask: 'reference: raw QScintilla insert, default event mask',
    };
    for (const [name, values] of rows)
        md.push(`| ${labels[name] || name} | ${sorted.map((s) => fmt(values.get(s), 2)).join(' | ')} |`);
    md.push('');
    const big = Math.max(...sorted);
    const w = rows.get('BM_writer_edit');
    if (w)
        target(`writer per-edit cost at ${sizeName(big)}`, '< 20 µs', w.get(big), null, null,
            w.get(big) !== null && w.get(big) < 20, 'µs');
} else {
    md.push('## Editor', '', 'Not run.', '');
}

// Sync ----------------------------------------------------------------------------------------
if (sync) {
    md.push('## Full sync through the embedded server', '');
    if (sync.error) {
        md.push(`Error: ${sync.error}`, '');
        problems.push(`sync: ${sync.error}`);
    } else {
        md.push('| document | watcher start → byte-equal (ms) | of which join → byte-equal (ms) |');
        md.push('|---|---|---|');
        md.push(`| ${fmt(sync.megabytes, 0)} MB | ${fmt(sync.totalMs, 0)} | ${fmt(sync.afterJoinMs, 0)} |`, '');
        if (sync.phases) {
            const p = sync.phases;
            md.push(`Phases (ms): start → first part ${fmt(p.startToFirstPart, 1)}, writer's parts ${fmt(p.writerParts, 1)}, ` +
                `relay and watcher parse ${fmt(p.relayAndWatcherParse, 1)}, watcher apply ${fmt(p.watcherApply, 1)}, ` +
                `compare ${fmt(p.compare, 1)}; CPU: writer + watcher ${fmt(sync.processCpuMs, 0)} ms, server ${fmt(sync.serverCpuMs, 0)} ms.`, '');
        }
        if (sync.failedAttempts)
            md.push(`${sync.failedAttempts} earlier attempt(s) did not reach a byte-equal document within 120 s.`, '');
    }
    target(`${fmt(sync.megabytes, 0)} MB full sync`, '< 2 s', sync.error ? null : sync.totalMs / 1000, null, null,
        !sync.error && sync.totalMs < 2000, 's');
} else {
    md.push('## Full sync', '', 'Not run.', '');
}

// GUI -----------------------------------------------------------------------------------------
if (gui) {
    md.push('## Desktop windows (Xvfb)', '');
    md.push('| window | start → window mapped (ms, median) | runs (ms) | CPU used by then (ms) | idle RSS (MB) | error |');
    md.push('|---|---|---|---|---|---|');
    for (const w of gui.windows || []) {
        md.push(`| ${w.window} | ${fmt(w.startToMappedMs, 0)} | ${(w.runsMs || []).join(', ')} | ` +
            `${(w.cpuToMappedMs || []).join(', ')} | ${fmt(w.idleRssKB / 1024)} | ${w.error || ''} |`);
        if (w.error)
            problems.push(`gui ${w.window}: ${w.error}`);
    }
    md.push('');
    const writer = (gui.windows || []).find((w) => w.window === 'writer');
    if (writer) {
        target('start to first writer window', '< 0.5 s', writer.startToMappedMs / 1000, null, null,
            writer.startToMappedMs < 500, 's');
        target('idle writer window RSS', '< 60 MB', writer.idleRssKB / 1024, null, null, writer.idleRssKB / 1024 < 60, 'MB');
    }
} else {
    md.push('## Desktop windows', '', 'Not run.', '');
}

// Targets -------------------------------------------------------------------------------------
md.push('## Targets', '');
md.push('| target | goal | CodeStream | Node | ratio | met |');
md.push('|---|---|---|---|---|---|');
for (const t of targets) {
    const unit = t.note ? ` ${t.note}` : '';
    md.push(`| ${t.name} | ${t.goal} | ${t.ours === null || t.ours === undefined ? '–' : fmt(t.ours, t.digits) + unit} | ` +
        `${t.node === null || t.node === undefined ? '' : fmt(t.node, t.digits) + unit} | ${t.ratio === null ? '' : fmt(t.ratio, 2)} | ` +
        `${t.met ? 'yes' : 'no'} |`);
}
md.push('');
if (problems.length) {
    md.push('## Problems', '');
    for (const p of problems)
        md.push(`- ${p}`);
    md.push('');
}

fs.writeFileSync(path.join(out, 'results.md'), md.join('\n'));
fs.writeFileSync(path.join(out, 'results.json'), JSON.stringify({
    generated: new Date().toISOString(),
    host: { cpus: os.cpus().length, model: os.cpus()[0] ? os.cpus()[0].model : '', loadavg: os.loadavg() },
    smoke,
    targets,
    problems,
    scenarios: { fanout, connections, fanoutNative, connectionsNative, editor, sync, gui },
}, null, 2));

if (smoke) {
    if (!fanout)
        problems.push('fan-out did not run');
    if (!connections)
        problems.push('connections did not run');
    if (requireNative && !fanoutNative)
        problems.push('fan-out with the native load generator did not run');
    if (requireNative && !connectionsNative)
        problems.push('connections with the native load generator did not run');
    if (problems.length) {
        console.error(`bench smoke: ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
        process.exit(1);
    }
}
