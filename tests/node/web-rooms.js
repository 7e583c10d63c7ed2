// Room rules of the embedded server (docs/protocol.md §3, §7), checked with the stock npm
// socket.io-client. Usage: node web-rooms.js <origin> <secure|open>
// Prints "ok <check>" or "fail <check> <detail>" per check, then "done".
'use strict';
const { io } = require('socket.io-client');
const WebSocket = require('ws');

const origin = process.argv[2];
const mode = process.argv[3] || 'secure';
let failures = 0;

function check(name, condition, detail) {
  if (condition) console.log(`ok ${name}`);
  else { failures++; console.log(`fail ${name} ${detail === undefined ? '' : JSON.stringify(detail)}`); }
}
// JSON with sorted keys: object key order is not part of the message.
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// A client that records every `message` event.
function client(opts = {}) {
  const socket = io(origin, Object.assign({ transports: ['websocket'], reconnection: false, forceNew: true }, opts));
  const c = { socket, messages: [], loggedIn: false, disconnectReason: null };
  socket.on('login', () => { c.loggedIn = true; });
  socket.on('message', (m) => c.messages.push(m));
  socket.on('disconnect', (reason) => { c.disconnectReason = reason; });
  c.waitFor = async (pred, ms = 8000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const found = c.messages.find(pred);
      if (found) return found;
      await sleep(10);
    }
    return null;
  };
  c.until = async (cond, ms = 8000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) { if (cond()) return true; await sleep(10); }
    return false;
  };
  c.join = async (room_id, writer_key) => {
    const before = c.messages.length;
    const payload = writer_key === undefined ? { room_id } : { room_id, writer_key };
    c.socket.emit('joinRoom', payload);
    const end = Date.now() + 8000;
    while (Date.now() < end) {
      const m = c.messages.slice(before).find((x) => x && x.type === 'ackJoinRoom');
      if (m) return m;
      await sleep(10);
    }
    return null;
  };
  c.editor = () => c.messages.filter((m) => m && m.type === 'editorMessage').map((m) => m.data);
  c.errors = () => c.messages.filter((m) => m && m.type === 'error');
  return c;
}

async function connected(c) {
  const ok = await c.until(() => c.loggedIn);
  return ok;
}

async function negotiate(query = '') {
  const res = await fetch(`${origin}/negotiate${query}`);
  return res.json();
}

async function secure() {
  const n = await negotiate();
  const R = n.room_id, K = n.writer_key;
  check('negotiate_issuesRoomAndKey', typeof R === 'string' && R.length >= 16 && typeof K === 'string', n);

  const writer = client();
  check('connect_sendsLogin', await connected(writer));
  const ack = await writer.join(`${R}-control`, K);
  check('writerJoinControl_acked', ack && ack.success === true, ack);

  const w1 = client(), w2 = client({ transports: ['polling', 'websocket'] });
  await connected(w1); await connected(w2);
  const a1 = await w1.join(R), a2 = await w2.join(R);
  check('watcherJoin_acked', a1 && a1.success && a2 && a2.success, [a1, a2]);
  const presence2 = await writer.waitFor((m) => m.type === 'editorMessage' && m.data && m.data.type === 'presence' && m.data.watchers === 2);
  check('presence_countsTwoWatchers', !!presence2, writer.messages);

  const delta = { type: 'delta', version: 0, changes: [{ changes: [{ range: { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 1 }, rangeOffset: 0, rangeLength: 0, text: 'héllo 😀' }] }] };
  writer.socket.emit('sendToRoom', { room_id: R, data: delta });
  const got1 = await w1.waitFor((m) => m.type === 'editorMessage' && m.data.type === 'delta');
  const got2 = await w2.waitFor((m) => m.type === 'editorMessage' && m.data.type === 'delta');
  check('writerSend_reachesEveryWatcher', got1 && got2 && canonical(got1.data) === canonical(delta) && canonical(got2.data) === canonical(delta), [got1, got2]);
  await sleep(200);
  check('writerSend_notEchoedToSender', !writer.editor().some((d) => d.type === 'delta'), writer.messages);

  const intruder = client();
  await connected(intruder);
  let a = await intruder.join(`${R}-control`);
  check('intruderJoinControl_refused', a && a.success === false && typeof a.error === 'string', a);
  a = await intruder.join(`${R}-control`, 'not-the-key');
  check('intruderJoinControlWrongKey_refused', a && a.success === false, a);
  a = await w1.join(`${R}-control`);
  check('watcherJoinControl_refused', a && a.success === false, a);

  const w2Before = w2.editor().length;
  w1.socket.emit('sendToRoom', { room_id: R, data: { type: 'full', version: 99, content: 'evil' } });
  const err = await w1.waitFor((m) => m.type === 'error' && m.event === 'sendToRoom');
  check('watcherSendToStream_refusedWithError', !!err, w1.messages);
  await sleep(200);
  check('watcherSendToStream_notDelivered', w2.editor().length === w2Before, w2.editor());

  w1.socket.emit('sendToRoom', { room_id: `${R}-control`, data: { data: 'sync' } });
  const sync = await writer.waitFor((m) => m.type === 'editorMessage' && m.data && m.data.data === 'sync');
  check('syncRequest_reachesWriter', !!sync, writer.messages);

  const errorsBefore = w1.errors().length;
  w1.socket.emit('sendToRoom', { room_id: `${R}-control`, data: { type: 'full', version: 1, content: 'x' } });
  check('nonSyncToControl_refused', await w1.until(() => w1.errors().length > errorsBefore));

  await sleep(1200); // refill the bucket
  const syncsBefore = writer.editor().filter((d) => d && d.data === 'sync').length;
  for (let i = 0; i < 30; i++) w2.socket.emit('sendToRoom', { room_id: `${R}-control`, data: { data: 'sync' } });
  await w2.until(() => w2.errors().some((e) => /rate/.test(e.error)));
  await sleep(500);
  const syncs = writer.editor().filter((d) => d && d.data === 'sync').length - syncsBefore;
  check('syncRequests_rateLimited', syncs >= 1 && syncs < 30 && w2.errors().some((e) => /rate/.test(e.error)), { syncs, errors: w2.errors().length });
  console.log(`measure syncRequestsForwarded ${syncs} of 30`);

  w1.socket.disconnect();
  const presence1 = await writer.waitFor((m) => m.type === 'editorMessage' && m.data && m.data.type === 'presence' && m.data.watchers === 1);
  check('presence_dropsOnWatcherLeave', !!presence1, writer.messages.slice(-3));

  // Malformed input: each gets an error reply; the room keeps working.
  const bad = client();
  await connected(bad);
  const badAcks = [];
  for (const payload of [undefined, 'room', 42, {}, { room_id: 5 }, { room_id: '' }, { room_id: ['x'] }, { room_id: R, writer_key: 7 }]) {
    const before = bad.messages.length;
    if (payload === undefined) bad.socket.emit('joinRoom'); else bad.socket.emit('joinRoom', payload);
    await bad.until(() => bad.messages.slice(before).some((m) => m.type === 'ackJoinRoom'));
    badAcks.push(bad.messages.slice(before).find((m) => m.type === 'ackJoinRoom'));
  }
  check('malformedJoin_refusedEachWithError', badAcks.every((m) => m && m.success === false && m.error), badAcks);
  let e0 = bad.errors().length;
  bad.socket.emit('sendToRoom', { data: { type: 'delta' } });
  bad.socket.emit('sendToRoom', 'text');
  bad.socket.emit('sendToRoom', { room_id: 12, data: 1 });
  bad.socket.emit('sendToRoom', { room_id: R });
  check('malformedSend_errorEach', await bad.until(() => bad.errors().length >= e0 + 4), bad.errors());
  e0 = bad.errors().length;
  bad.socket.emit('noSuchEvent', { room_id: R });
  check('unknownEvent_error', await bad.until(() => bad.errors().length > e0), bad.errors());

  const big = client();
  await connected(big);
  big.socket.emit('sendToRoom', { room_id: R, data: 'x'.repeat(1100000) });
  check('oversizedPayload_closesConnection', await big.until(() => big.disconnectReason !== null, 10000), big.disconnectReason);

  const raw = new WebSocket(`${origin.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  let rawClosed = false, rawConnected = false;
  raw.on('message', (d) => {
    const s = d.toString();
    if (s.startsWith('0')) raw.send('40');
    else if (s.startsWith('40')) { rawConnected = true; raw.send('42["joinRoom",{"room_id":'); }
  });
  raw.on('close', () => { rawClosed = true; });
  raw.on('error', () => {});
  const closedOk = await writer.until(() => rawClosed, 10000);
  check('nonJsonPacket_closesConnection', rawConnected && closedOk, { rawConnected, rawClosed });

  const v1 = { type: 'delta', version: 1, changes: [] };
  writer.socket.emit('sendToRoom', { room_id: R, data: v1 });
  check('roomKeepsWorking_afterMalformedInput', !!(await w2.waitFor((m) => m.type === 'editorMessage' && m.data.version === 1)));

  // writer_key reclaim after a reconnect.
  writer.socket.disconnect();
  await sleep(300);
  a = await intruder.join(`${R}-control`);
  check('afterWriterLeaves_intruderStillRefused', a && a.success === false, a);
  const writer2 = client();
  await connected(writer2);
  a = await writer2.join(`${R}-control`, K);
  check('writerKey_reclaimsAfterReconnect', a && a.success === true, a);
  writer2.socket.emit('sendToRoom', { room_id: R, data: { type: 'delta', version: 2, changes: [] } });
  check('reclaimedWriter_reachesWatchers', !!(await w2.waitFor((m) => m.type === 'editorMessage' && m.data.version === 2)));

  // Reference writers (no key) keep working: first joiner owns, leaves, next one owns.
  const S = 'plainroom' + Date.now();
  const p1 = client(), p2 = client();
  await connected(p1); await connected(p2);
  a = await p1.join(`${S}-control`);
  const b = await p2.join(`${S}-control`);
  check('keylessFirstWriter_ownsStream', a && a.success && b && b.success === false, [a, b]);

  for (const c of [w2, intruder, writer2, bad, big, p1, p2]) c.socket.disconnect();
  raw.terminate();
}

async function open() {
  const R = 'openroom';
  const a = client(), b = client(), c = client();
  await connected(a); await connected(b); await connected(c);
  const x = await a.join(`${R}-control`), y = await b.join(`${R}-control`), z = await c.join(R);
  check('openRooms_anyoneJoinsControl', x && x.success && y && y.success && z && z.success, [x, y, z]);
  c.socket.emit('sendToRoom', { room_id: R, data: { type: 'full', version: 0, content: 'hi' } });
  b.socket.emit('sendToRoom', { room_id: R, data: { type: 'delta', version: 0, changes: [] } });
  check('openRooms_anyoneSendsToStream', !!(await c.waitFor((m) => m.type === 'editorMessage' && m.data.type === 'delta')));
  c.socket.emit('sendToRoom', { room_id: `${R}-control`, data: { anything: 1 } });
  check('openRooms_anyDataToControl', !!(await a.waitFor((m) => m.type === 'editorMessage' && m.data.anything === 1))
    && !!(await b.waitFor((m) => m.type === 'editorMessage' && m.data.anything === 1)));
  for (const s of [a, b, c]) s.socket.disconnect();
}

(mode === 'open' ? open() : secure())
  .then(() => { console.log(`done ${failures}`); process.exit(0); })
  .catch((e) => { console.log(`fail exception ${JSON.stringify(String(e && e.stack || e))}`); console.log(`done ${failures + 1}`); process.exit(1); });
