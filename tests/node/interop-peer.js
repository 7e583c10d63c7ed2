// A CodeStream writer or watcher on npm socket.io-client (docs/protocol.md), for interop tests.
//
//   node interop-peer.js watcher --origin O [--origin O2 ...] --room R --output FILE
//       Negotiates with the first origin that answers, joins R and writes the document to FILE
//       whenever it changes. When the connection drops for good it moves on to the next origin.
//       Prints "joined <origin>" after each join and "version <n>" after each applied message.
//   node interop-peer.js writer --origin O [--room R] [--writer-key K]
//       Negotiates (a fresh room unless --room), joins R-control, prints "share <O>/#<R>" and
//       "writer_key <K>", then "joined" or "refused <error>". Reads edits as JSON lines on stdin:
//       {"changes":[{"range":{...},"text":"..."}...]} (one event, ranges in pre-event coordinates,
//       ordered from the end of the document), {"insert":"text"} (append) or {"set":"text"} (the
//       whole new text, sent as one change); "flush" sends now;
//       "text" prints "text <json string>". Answers sync requests with a full.
//   node interop-peer.js intruder --origin O --room R
//       Tries to take R over: joins R-control (prints "refused <error>" or "joined"), then sends a
//       forged full and delta to R and prints "sent".
'use strict';

const fs = require('fs');
const readline = require('readline');
const { io } = require('socket.io-client');

function parseArgs(argv) {
    const options = { mode: argv[0], origins: [] };
    for (let i = 1; i < argv.length; i += 2) {
        const name = argv[i].replace(/^--/, '');
        if (name === 'origin') options.origins.push(argv[i + 1]);
        else options[name.replace(/-(.)/g, (_, c) => c.toUpperCase())] = argv[i + 1];
    }
    return options;
}

const options = parseArgs(process.argv.slice(2));
const say = (line) => process.stdout.write(line + '\n');

async function negotiate(origin, room) {
    const response = await fetch(`${origin}/negotiate${room ? `?room_id=${encodeURIComponent(room)}` : ''}`);
    if (!response.ok) throw new Error(`negotiate: HTTP ${response.status}`);
    return response.json();
}

function connect(answer) {
    const query = answer.token ? { access_token: answer.token } : undefined;
    return io(answer.url, {
        path: answer.path || '/clients/socketio/hubs/eio_hub',
        transports: ['websocket'],
        reconnectionDelay: 100,
        reconnectionDelayMax: 500,
        reconnectionAttempts: 10,
        timeout: 5000,
        query,
    });
}

// ---- text model: ranges in UTF-16 units, 1-based lines and columns, \n, \r\n and \r breaks ----

function lineStarts(text) {
    const starts = [0];
    for (let i = 0; i < text.length; ++i) {
        const c = text.charCodeAt(i);
        if (c === 13) {
            if (text.charCodeAt(i + 1) === 10) ++i;
            starts.push(i + 1);
        } else if (c === 10) {
            starts.push(i + 1);
        }
    }
    return starts;
}

// Offset of (line, column), or -1 when outside the document.
function offsetOf(text, starts, line, column) {
    if (line < 1 || line > starts.length || column < 1) return -1;
    const start = starts[line - 1];
    let end = line < starts.length ? starts[line] : text.length;
    if (line < starts.length) {
        if (text.charCodeAt(end - 1) === 10) --end;
        if (text.charCodeAt(end - 1) === 13) --end;
    }
    if (start + column - 1 > end) return -1;
    return start + column - 1;
}

// Applies one change; returns the new text or null when the range does not fit.
function applyChange(text, change) {
    const starts = lineStarts(text);
    const r = change.range;
    const from = offsetOf(text, starts, r.startLineNumber, r.startColumn);
    const to = offsetOf(text, starts, r.endLineNumber, r.endColumn);
    if (from < 0 || to < from) return null;
    if (typeof change.rangeOffset === 'number' && change.rangeOffset !== from) return null;
    return text.slice(0, from) + change.text + text.slice(to);
}

function positionAt(text, offset) {
    const starts = lineStarts(text);
    let line = 0;
    while (line + 1 < starts.length && starts[line + 1] <= offset) ++line;
    return { lineNumber: line + 1, column: offset - starts[line] + 1 };
}

// ---- watcher ----

async function runWatcher() {
    let text = '';
    let baseline = false;
    let next = 0;
    const buffered = new Map();
    let gapTimer = null;
    let originIndex = 0;
    let socket = null;
    const room = options.room;

    const write = () => fs.writeFileSync(options.output, Buffer.from(text, 'utf8'));
    const requestSync = () => {
        if (socket) socket.emit('sendToRoom', { room_id: `${room}-control`, data: { data: 'sync' } });
    };
    const applyDelta = (delta) => {
        let t = text;
        for (const event of delta.changes || []) {
            for (const change of event.changes || []) {
                t = applyChange(t, change);
                if (t === null) return false;
            }
        }
        text = t;
        next = delta.version + 1;
        return true;
    };
    const drain = () => {
        while (buffered.has(next)) {
            const delta = buffered.get(next);
            buffered.delete(next);
            if (!applyDelta(delta)) {
                baseline = false;
                requestSync();
                return;
            }
        }
        for (const v of buffered.keys()) if (v < next) buffered.delete(v);
        if (buffered.size > 0 && !gapTimer) {
            gapTimer = setTimeout(() => {
                gapTimer = null;
                if (buffered.size > 0) requestSync();
            }, 1000);
        }
    };
    const onMessage = (message) => {
        if (!message || typeof message !== 'object') return;
        if (message.type === 'ackJoinRoom') {
            if (message.success) {
                say(`joined ${options.origins[originIndex]}`);
                requestSync();
            } else {
                say(`refused ${message.error || ''}`);
            }
            return;
        }
        if (message.type !== 'editorMessage' || !message.data) return;
        const data = message.data;
        if (data.type === 'full') {
            if (data.part !== undefined) return; // parts are not needed by the tests' documents
            if (!baseline || data.version >= next) {
                text = data.content;
                next = data.version;
                baseline = true;
                drain();
                write();
                say(`version ${next}`);
            }
        } else if (data.type === 'delta') {
            if (!baseline || data.version > next) {
                buffered.set(data.version, data);
                if (baseline) drain();
                return;
            }
            if (data.version < next) return;
            if (!applyDelta(data)) {
                baseline = false;
                requestSync();
                return;
            }
            drain();
            write();
            say(`version ${next}`);
        }
    };

    const open = async () => {
        for (;;) {
            const origin = options.origins[originIndex];
            try {
                const answer = await negotiate(origin, room);
                socket = connect(answer);
                break;
            } catch (error) {
                say(`unreachable ${origin}`);
                originIndex = (originIndex + 1) % options.origins.length;
                await new Promise((resolve) => setTimeout(resolve, 300));
            }
        }
        socket.on('login', () => socket.emit('joinRoom', { room_id: room }));
        socket.on('message', onMessage);
        socket.io.on('reconnect_failed', () => {
            say(`lost ${options.origins[originIndex]}`);
            socket.close();
            originIndex = (originIndex + 1) % options.origins.length;
            open();
        });
    };
    write();
    await open();
}

// ---- writer ----

async function runWriter(intruder) {
    const origin = options.origins[0];
    const answer = await negotiate(origin, options.room);
    const room = options.room || answer.room_id;
    const writerKey = options.writerKey || answer.writer_key;
    say(`share ${origin}/#${room}`);
    if (writerKey) say(`writer_key ${writerKey}`);
    const socket = connect(answer);
    let text = '';
    let pending = [];
    let version = 0;
    let versionId = 1;

    const send = (data) => socket.emit('sendToRoom', { room_id: room, data });
    const flush = () => {
        if (pending.length === 0) return;
        send({ type: 'delta', version: version++, changes: pending });
        pending = [];
    };
    socket.on('login', () => {
        const join = { room_id: `${room}-control` };
        if (writerKey && !intruder) join.writer_key = writerKey;
        socket.emit('joinRoom', join);
    });
    socket.on('message', (message) => {
        if (message && message.type === 'ackJoinRoom') {
            say(message.success ? 'joined' : `refused ${message.error || ''}`);
            if (intruder) {
                send({ type: 'full', version: 1000000, content: 'forged' });
                send({ type: 'delta', version: 0, changes: [{ changes: [{ range: { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 1 }, rangeOffset: 0, rangeLength: 0, text: 'forged' }] }] });
                setTimeout(() => say('sent'), 300);
            }
            return;
        }
        if (!intruder && message && message.type === 'editorMessage' && message.data && message.data.data === 'sync') {
            flush();
            send({ type: 'full', version, content: text });
        }
    });
    if (intruder) return;
    setInterval(flush, 200);

    const rl = readline.createInterface({ input: process.stdin });
    rl.on('line', (line) => {
        line = line.trim();
        if (!line) return;
        if (line === 'flush') return flush();
        if (line === 'text') return say(`text ${JSON.stringify(text)}`);
        const edit = JSON.parse(line);
        let changes = edit.changes;
        if (edit.set !== undefined) {
            // One change: the span between the common prefix and the common suffix.
            let prefix = 0;
            while (prefix < text.length && prefix < edit.set.length && text[prefix] === edit.set[prefix]) ++prefix;
            let suffix = 0;
            while (suffix < text.length - prefix && suffix < edit.set.length - prefix
                   && text[text.length - 1 - suffix] === edit.set[edit.set.length - 1 - suffix]) ++suffix;
            if (prefix === text.length && prefix === edit.set.length) return;
            // Never split a surrogate pair or a CRLF.
            const splits = (s, i) => i > 0 && i < s.length
                && ((s.charCodeAt(i) >= 0xdc00 && s.charCodeAt(i) <= 0xdfff) || (s[i - 1] === '\r' && s[i] === '\n'));
            while (prefix > 0 && (splits(text, prefix) || splits(edit.set, prefix))) --prefix;
            while (suffix > 0 && (splits(text, text.length - suffix) || splits(edit.set, edit.set.length - suffix))) --suffix;
            const from = positionAt(text, prefix);
            const to = positionAt(text, text.length - suffix);
            changes = [{ range: { startLineNumber: from.lineNumber, startColumn: from.column, endLineNumber: to.lineNumber, endColumn: to.column }, text: edit.set.slice(prefix, edit.set.length - suffix) }];
        } else if (edit.insert !== undefined) {
            const end = positionAt(text, text.length);
            changes = [{ range: { startLineNumber: end.lineNumber, startColumn: end.column, endLineNumber: end.lineNumber, endColumn: end.column }, text: edit.insert }];
        }
        const before = text;
        const starts = lineStarts(before);
        const full = changes.map((c) => {
            const r = c.range;
            const from = offsetOf(before, starts, r.startLineNumber, r.startColumn);
            const to = offsetOf(before, starts, r.endLineNumber, r.endColumn);
            return { range: r, rangeOffset: from, rangeLength: to - from, text: c.text };
        });
        for (const c of full) text = text.slice(0, c.rangeOffset) + c.text + text.slice(c.rangeOffset + c.rangeLength);
        pending.push({ changes: full, eol: '\n', versionId: ++versionId, isUndoing: false, isRedoing: false, isFlush: false, isEolChange: false });
    });
    rl.on('close', () => {});
}

const main = options.mode === 'watcher' ? runWatcher
    : options.mode === 'writer' ? () => runWriter(false)
    : options.mode === 'intruder' ? () => runWriter(true) : null;
if (!main) {
    process.stderr.write('usage: interop-peer.js watcher|writer|intruder --origin O ...\n');
    process.exit(2);
}
main().catch((error) => {
    process.stderr.write(`interop-peer: ${error.stack || error.message}\n`);
    process.exit(1);
});
process.on('SIGTERM', () => process.exit(0));
