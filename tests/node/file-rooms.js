// Room rules of workspace file rooms "B/F" and "B/F-control" (docs/protocol.md §14) on the
// embedded server or on packaging/cluster/server.js, checked with npm's socket.io-client and raw
// WebSocket peers (for the bytes of what is forwarded).
// Usage: node file-rooms.js <embedded|cluster|open> <origin> [other-origin]
// The first writer connects to <origin>; watchers, intruders and the reclaiming writer to
// <other-origin> (default: <origin>), so that a Redis-backed cluster is crossed.
// Prints "ok <check>" or "fail <check> <detail>" per check, then "done <failures>".
'use strict';
const { io } = require('socket.io-client');
const WebSocket = require('ws');

const mode = process.argv[2];
const origin = process.argv[3];
const other = process.argv[4] || origin;
const embedded = mode === 'embedded';
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
// server.js words its refusals differently (docs/protocol.md §11); the embedded server's are exact.
const refusedWith = (a, error) => !!a && a.success === false && typeof a.error === 'string' && (!embedded || a.error === error);

// What both kinds of peer share: the `message` events received, and waiting on them.
function peer(c) {
  c.messages = [];
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
    c.emit('joinRoom', writer_key === undefined ? { room_id } : { room_id, writer_key });
    const found = await c.until(() => c.messages.slice(before).some((x) => x && x.type === 'ackJoinRoom'));
    return found ? c.messages.slice(before).find((x) => x && x.type === 'ackJoinRoom') : null;
  };
  // Sends every join at once; resolves with the acks in the order they came.
  c.joinAll = async (rooms) => {
    const before = c.messages.length;
    for (const room_id of rooms) c.emit('joinRoom', { room_id });
    const acks = () => c.messages.slice(before).filter((x) => x && x.type === 'ackJoinRoom');
    await c.until(() => acks().length >= rooms.length, 30000);
    return acks();
  };
  c.send = (room_id, data) => c.emit('sendToRoom', { room_id, data });
  c.editor = () => c.messages.filter((m) => m && m.type === 'editorMessage').map((m) => m.data);
  c.errors = () => c.messages.filter((m) => m && m.type === 'error');
  c.syncs = (files) => c.editor().filter((d) => d && d.data === 'sync' && (files === undefined || d.files === files));
  c.presences = () => c.editor().filter((d) => d && d.type === 'presence');
  return c;
}

// npm's socket.io-client.
async function client(url = other) {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const c = peer({ socket, loggedIn: false });
  socket.on('login', () => { c.loggedIn = true; });
  socket.on('message', (m) => c.messages.push(m));
  c.emit = (event, payload) => socket.emit(event, payload);
  c.close = () => socket.disconnect();
  await c.until(() => c.loggedIn);
  return c;
}

// A Socket.IO client on a bare WebSocket: sends and receives event packets as text, so that the
// bytes a server forwards can be compared.
async function rawClient(url) {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`);
  const c = peer({ ws, frames: [], loggedIn: false });
  ws.on('message', (bytes) => {
    const s = bytes.toString();
    if (s.startsWith('0')) ws.send('40');
    else if (s === '2') ws.send('3');
    else if (s.startsWith('42')) {
      c.frames.push(s);
      const [event, payload] = JSON.parse(s.slice(2));
      if (event === 'login') c.loggedIn = true;
      else if (event === 'message') c.messages.push(payload);
    }
  });
  ws.on('error', () => {});
  c.emit = (event, payload) => ws.send('42' + JSON.stringify([event, payload]));
  c.sendRaw = (room_id, rawData) => ws.send(`42["sendToRoom",{"room_id":${JSON.stringify(room_id)},"data":${rawData}}]`);
  c.close = () => ws.close();
  await c.until(() => c.loggedIn);
  return c;
}

async function negotiate() {
  const res = await fetch(`${origin}/negotiate`);
  return res.json();
}

async function secure() {
  const { room_id: R, writer_key: K } = await negotiate();
  const everyone = [];
  const track = (c) => { everyone.push(c); return c; };

  const writer = track(await rawClient(origin));
  let a = await writer.join(`${R}-control`, K);
  check('writerJoinsControl_acked', a && a.success === true, a);

  // Watchers: w1 in R and R/f1, w2 in R only, w3 (raw) in R/f1 only.
  const w1 = track(await client()), w2 = track(await client()), w3 = track(await rawClient(other));
  const joins = [await w1.join(R), await w1.join(`${R}/f1`), await w2.join(R), await w3.join(`${R}/f1`)];
  check('watcherJoinsFileRoom_acked', joins.every((x) => x && x.success === true), joins);

  // No presence for file rooms: the writer hears of w4 only when it joins R. (server.js sends
  // presence 100 ms after a join: the pauses keep the two joins apart.)
  check('presence_countsBaseWatchers', !!(await writer.waitFor((m) => m.type === 'editorMessage' && m.data.type === 'presence' && m.data.watchers === 2)));
  await sleep(300);
  const presencesBefore = writer.presences().length;
  const w4 = track(await client());
  a = await w4.join(`${R}/f2`);
  await sleep(300);
  const b = await w4.join(R);
  await writer.waitFor((m) => m.type === 'editorMessage' && m.data.type === 'presence' && m.data.watchers === 3);
  await sleep(300);
  const presences = writer.presences().slice(presencesBefore);
  check('fileRoomJoin_sendsNoPresence', a && a.success && b && b.success && presences.length === 1 && presences[0].watchers === 3, presences);

  // Only R's current owner joins R/F-control; a writer key does not open it.
  const onlyWriterJoins = 'only the writer of this room may join its file rooms';
  a = await w1.join(`${R}/f1-control`);
  check('nonOwnerJoinsFileControl_refused', refusedWith(a, onlyWriterJoins), a);
  a = await w1.join(`${R}/f1-control`, K);
  check('nonOwnerJoinsFileControlWithKey_refused', refusedWith(a, onlyWriterJoins), a);
  const owned = [await writer.join(`${R}/f1-control`), await writer.join(`${R}/f2-control`)];
  check('ownerJoinsFileControl_acked', owned.every((x) => x && x.success === true), owned);

  // Only R's owner sends to R/F.
  const w3FramesBefore = w3.frames.length;
  w1.send(`${R}/f1`, { type: 'full', version: 9, content: 'forged' });
  if (embedded) {
    const e = await w1.waitFor((m) => m.type === 'error' && m.event === 'sendToRoom');
    check('nonOwnerSendsToFileRoom_refused', e && e.error === 'only the writer of this room may send to it', w1.errors());
  }
  await sleep(300);
  check('nonOwnerSendToFileRoom_notDelivered', w3.frames.length === w3FramesBefore && !w1.editor().some((d) => d.content === 'forged'), w3.frames.slice(w3FramesBefore));

  // The owner's message reaches R/f1's watchers as it was written, and not R's own watchers.
  const raw = '{"type":"delta","version":0,"z":1.50,"big":9007199254740993,"changes":[{"text":"h\\u00e9llo \u{1F600}"}] , "a" : [ ]}';
  writer.sendRaw(`${R}/f1`, raw);
  writer.send(R, { type: 'delta', version: 0, changes: [] });
  const frame = (await w3.until(() => w3.frames.length > w3FramesBefore)) ? w3.frames[w3FramesBefore] : null;
  if (embedded)
    check('ownerSendsToFileRoom_byteExact', frame === `42["message",{"type":"editorMessage","data":${raw}}]`, frame);
  else
    check('ownerSendsToFileRoom_reachesFileWatchers', !!frame && canonical(JSON.parse(frame.slice(2))[1].data) === canonical(JSON.parse(raw)), frame);
  const atW1 = await w1.until(() => w1.editor().filter((d) => d.type === 'delta').length >= 2);
  check('ownerSendsToFileRoom_reachesWatcherOfBoth', atW1 && w1.editor().filter((d) => d.type === 'delta' && d.z === 1.5).length === 1, w1.editor());
  // w2 gets the delta to R after anything sent to it before by the same writer.
  await w2.until(() => w2.editor().some((d) => d.type === 'delta'));
  check('fileRoomSend_notToBaseWatchers', w2.editor().filter((d) => d.type === 'delta').length === 1 && !w2.editor().some((d) => d.z !== undefined), w2.editor());

  // Sync requests to R/F-control reach the owner, canonical; other data does not.
  const s1 = await client();
  s1.send(`${R}/f1-control`, embedded ? { data: 'sync', extra: 1 } : { data: 'sync' });
  const sync = await writer.waitFor((m) => m.type === 'editorMessage' && m.data && m.data.data === 'sync');
  check('fileSyncRequest_reachesOwner_canonical', sync && canonical(sync.data) === '{"data":"sync"}', sync);
  const syncsBefore = writer.syncs().length;
  s1.send(`${R}/f1-control`, { type: 'full', version: 1, content: 'forged' });
  if (embedded) {
    const e = await s1.waitFor((m) => m.type === 'error');
    check('nonSyncToFileControl_refused', e && e.error === 'only the sync request may be sent to a control room', s1.errors());
  }
  // The workspace sync request keeps "files":"all".
  s1.send(`${R}-control`, { data: 'sync', files: 'all' });
  const all = await writer.waitFor((m) => m.type === 'editorMessage' && m.data && m.data.files === 'all');
  check('workspaceSyncRequest_keepsFilesAll', all && canonical(all.data) === '{"data":"sync","files":"all"}', all);
  check('nonSyncToFileControl_notDelivered', !writer.editor().some((d) => d.content === 'forged'), writer.editor());
  if (embedded) {
    s1.send(`${R}-control`, { data: 'sync', files: 'all', extra: 1 });
    s1.send(`${R}-control`, { data: 'sync', files: 'some' });
    await writer.until(() => writer.syncs().length >= syncsBefore + 3);
    const last = writer.syncs().slice(-2).map(canonical);
    check('workspaceSyncRequest_dropsOtherMembers', last[0] === '{"data":"sync","files":"all"}' && last[1] === '{"data":"sync"}', last);
  }

  // One bucket per connection for R-control and every R/F-control: a burst to R-control leaves
  // nothing for R/f1-control.
  const s2 = await client();
  const plainBefore = writer.syncs().filter((d) => d.files === undefined).length;
  const allBefore = writer.syncs('all').length;
  for (let i = 0; i < 30; i++) s2.send(`${R}-control`, { data: 'sync', files: 'all' });
  s2.send(`${R}/f1-control`, { data: 'sync' });
  if (embedded) await s2.until(() => s2.errors().filter((e) => /rate-limited/.test(e.error)).length >= 30 - 5 + 1);
  await writer.until(() => writer.syncs('all').length > allBefore);
  await sleep(500);
  const burst = writer.syncs('all').length - allBefore;
  const plain = writer.syncs().filter((d) => d.files === undefined).length - plainBefore;
  check('fileSyncRequests_shareTheConnectionsBucket', burst >= 1 && burst < 30 && plain === 0, { burst, plain });
  const s3 = await client();
  for (let i = 0; i < 30; i++) s3.send(`${R}/f2-control`, { data: 'sync' });
  await writer.until(() => writer.syncs().filter((d) => d.files === undefined).length > plainBefore);
  await sleep(500);
  const limited = writer.syncs().filter((d) => d.files === undefined).length - plainBefore;
  check('fileSyncRequests_rateLimited', limited >= 1 && limited < 30 && (!embedded || s3.errors().some((e) => e.error === 'sync requests are rate-limited')), { limited, errors: s3.errors().length });
  console.log(`measure fileSyncRequestsForwarded ${limited} of 30`);

  // A writer reclaiming R with its key displaces the owner, which loses every R/F-control.
  const writer2 = track(await rawClient(other));
  a = await writer2.join(`${R}-control`, K);
  const told = await writer.waitFor((m) => m.type === 'error' && /reconnected elsewhere/.test(m.error));
  check('reclaim_displacesOwner', a && a.success && !!told, [a, told]);
  a = await writer.join(`${R}/f1-control`);
  check('displacedOwnerJoinsFileControl_refused', refusedWith(a, onlyWriterJoins), a);
  const w3Before = w3.frames.length;
  writer.send(`${R}/f1`, { type: 'full', version: 50, content: 'stale' });
  if (embedded) {
    const e = await writer.waitFor((m) => m.type === 'error' && m.event === 'sendToRoom');
    check('displacedOwnerSendsToFileRoom_refused', e && e.error === 'only the writer of this room may send to it', writer.errors());
  }
  a = await writer2.join(`${R}/f1-control`);
  check('newOwnerJoinsFileControl_acked', a && a.success === true, a);
  const oldSyncs = writer.syncs().length;
  const s4 = await client();
  s4.send(`${R}/f1-control`, { data: 'sync' });
  s4.send(`${R}/f2-control`, { data: 'sync' });
  const reached = await writer2.waitFor((m) => m.type === 'editorMessage' && m.data && m.data.data === 'sync');
  writer2.send(`${R}/f1`, { type: 'full', version: 60, content: 'new owner' });
  await w3.until(() => w3.messages.some((m) => m.type === 'editorMessage' && m.data.version === 60));
  await sleep(300);
  check('displacedOwner_losesFileControl', !!reached && writer.syncs().length === oldSyncs, { reached, old: writer.syncs().length - oldSyncs });
  check('displacedOwnerSendToFileRoom_notDelivered', w3.frames.slice(w3Before).every((f) => !f.includes('stale')) && w3.frames.slice(w3Before).some((f) => f.includes('new owner')), w3.frames.slice(w3Before));

  // When the owner disconnects, nobody joins R/F-control until R has an owner again.
  writer2.close();
  await sleep(300);
  a = await w1.join(`${R}/f1-control`, K);
  check('afterOwnerLeaves_fileControlRefused', refusedWith(a, onlyWriterJoins), a);
  const writer3 = track(await rawClient(origin));
  const r3 = [await writer3.join(`${R}-control`, K), await writer3.join(`${R}/f1-control`)];
  check('reclaimingOwner_joinsFileControl', r3.every((x) => x && x.success === true), r3);

  // At most 1,024 file rooms of one stream per connection.
  const many = track(await client());
  const rooms = Array.from({ length: 1025 }, (_, i) => `${R}/m${i}`);
  const acks = await many.joinAll(rooms);
  const refused = acks.filter((x) => x.success === false);
  check('fileRooms_boundedPerStream', acks.length === 1025 && refused.length === 1
    && refusedWith(refused[0], 'too many file rooms for one stream') && (!embedded || acks[1024].success === false), { acks: acks.length, refused });
  const again = [await many.join(`${R}/m0`), await many.join(`other${Date.now()}/m0`), await many.join(R)];
  check('fileRoomLimit_perStream', again.every((x) => x && x.success === true), again);

  // B and its file rooms count as one stream (the embedded server's 64 streams per connection).
  if (embedded) {
    const counted = track(await client());
    const B = `base${Date.now()}`;
    const first = await counted.joinAll([B, ...Array.from({ length: 200 }, (_, i) => `${B}/f${i}`),
      ...Array.from({ length: 63 }, (_, i) => `${B}s${i}`)]);
    const beyond = await counted.join(`${B}s63`);
    const moreFiles = await counted.join(`${B}/f200`);
    check('streamWithFileRooms_countsOnce', first.length === 264 && first.every((x) => x.success === true)
      && refusedWith(beyond, 'too many rooms for one connection') && moreFiles && moreFiles.success === true,
      { joined: first.filter((x) => x.success).length, beyond, moreFiles });
  }

  // Names that are not file rooms follow the rules of plain streams: the first joiner of
  // "N-control" owns N (as a file control room of a base nobody owns, it would be refused).
  const u = `p${Date.now()}`;
  const p1 = track(await client()), p2 = track(await client()), pw = track(await client());
  for (const [label, N] of [['twoSlashes', `${u}a/b/c`], ['controlBase', `${u}x-control/f`], ['emptyFileId', `${u}b/`], ['badFileId', `${u}b/bad*id`]]) {
    const owner = await p1.join(`${N}-control`);
    const second = await p2.join(`${N}-control`);
    const watcher = await pw.join(N);
    p1.send(N, { type: 'delta', version: 0, label });
    const got = await pw.waitFor((m) => m.type === 'editorMessage' && m.data.label === label);
    check(`plainName_${label}_followsStreamRules`, owner && owner.success === true && second && second.success === false
      && watcher && watcher.success === true && !!got, [owner, second, watcher]);
  }
  a = await p1.join(`${u}b/f1-control`);
  check('fileControlOfUnownedBase_refused', refusedWith(a, onlyWriterJoins), a);

  for (const c of [...everyone, s1, s2, s3, s4]) c.close();
}

async function open() {
  const R = `open${Date.now()}`;
  const a = await client(origin), b = await client(), c = await client();
  const joins = [await a.join(`${R}/f1-control`), await b.join(`${R}/f1-control`), await c.join(`${R}/f1`)];
  check('openRooms_anyoneJoinsFileControl', joins.every((x) => x && x.success === true), joins);
  c.send(`${R}/f1`, { type: 'full', version: 0, content: 'hi' });
  b.send(`${R}/f1`, { type: 'delta', version: 0, changes: [] });
  check('openRooms_anyoneSendsToFileRoom', !!(await c.waitFor((m) => m.type === 'editorMessage' && m.data.type === 'delta')));
  c.send(`${R}/f1-control`, { anything: 1 });
  check('openRooms_anyDataToFileControl', !!(await a.waitFor((m) => m.type === 'editorMessage' && m.data.anything === 1))
    && !!(await b.waitFor((m) => m.type === 'editorMessage' && m.data.anything === 1)));
  for (const s of [a, b, c]) s.close();
}

(mode === 'open' ? open() : secure())
  .then(() => { console.log(`done ${failures}`); process.exit(0); })
  .catch((e) => { console.log(`fail exception ${JSON.stringify(String(e && e.stack || e))}`); console.log(`done ${failures + 1}`); process.exit(1); });
