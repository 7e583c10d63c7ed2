// npm socket.io-client 4.8 (and raw `ws` peers) against the CodeStream Socket.IO server.
// Usage: node server-client.js <port> <scenario> [websocket|polling|upgrade] [path]
// Scenarios: basic, reconnect, fanout <clients> <broadcasts>, malformed.
// Prints "ok <what>" lines, "fail <what>: <why>" on a failure, and "done" at the end.
"use strict";
const { io } = require("socket.io-client");
const WebSocket = require("ws");

const [portArg, scenario, transportArg = "websocket", pathArg = "/socket.io/", ...rest] =
  process.argv.slice(2);
const url = `http://127.0.0.1:${portArg}`;
const transports = { websocket: ["websocket"], polling: ["polling"],
                     upgrade: ["polling", "websocket"] }[transportArg];

function log(line) { process.stdout.write(line + "\n"); }
function fail(what, why) { log(`fail ${what}: ${why}`); process.exit(1); }
function connect(extra = {}) {
  return io(url, { path: pathArg, transports, upgrade: transportArg === "upgrade",
                   forceNew: true, reconnection: false, ...extra });
}
function once(socket, event) { return new Promise((resolve) => socket.once(event, resolve)); }
function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`timeout: ${what}`)), ms))]);
}
// Emits with an acknowledgement and resolves with all of its arguments.
function ackAll(socket, event, ...args) {
  return new Promise((resolve) => socket.emit(event, ...args, (...reply) => resolve(reply)));
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function basic() {
  const a = connect();
  const b = connect();
  await withTimeout(Promise.all([once(a, "connect"), once(b, "connect")]), 15000, "connect");
  log("ok connect");
  if (transportArg === "upgrade") {
    await withTimeout(new Promise((resolve) => {
      if (a.io.engine.transport.name === "websocket") return resolve();
      a.io.engine.once("upgrade", resolve);
    }), 15000, "upgrade");
    if (a.io.engine.transport.name !== "websocket") fail("upgrade", a.io.engine.transport.name);
    log("ok upgrade");
  }
  const joinedA = await withTimeout(a.emitWithAck("join", "room1"), 15000, "join a");
  const joinedB = await withTimeout(b.emitWithAck("join", "room1"), 15000, "join b");
  if (joinedA !== "joined room1" || joinedB !== "joined room1") fail("join", joinedA);
  log("ok join");

  const aGotNews = [];
  a.on("news", (payload) => aGotNews.push(payload));
  const news = once(b, "news");
  a.emit("broadcast", "room1", { text: "héllo 😀", n: 1 });
  const payload = await withTimeout(news, 15000, "broadcast");
  if (payload.text !== "héllo 😀" || payload.n !== 1) fail("broadcast", JSON.stringify(payload));
  // The sender is excluded: a round trip later it still has nothing.
  await withTimeout(a.emitWithAck("echo-ack", 0), 15000, "marker");
  if (aGotNews.length !== 0) fail("broadcast", "sender received its own broadcast");
  log("ok broadcast");

  const echoed = await withTimeout(ackAll(a, "echo-ack", 1, "two", { three: [3] }), 15000,
                                   "ack");
  if (JSON.stringify(echoed) !== JSON.stringify([1, "two", { three: [3] }]))
    fail("ack client->server", JSON.stringify(echoed));
  log("ok ack client->server");

  a.on("question", (n, ack) => ack(n * 2));
  const answered = once(a, "client-answered");
  a.emit("ask-client", 21);
  const answer = await withTimeout(answered, 15000, "server ack");
  if (answer !== 42) fail("ack server->client", answer);
  log("ok ack server->client");

  const bytes = Buffer.from([0, 1, 2, 250, 255]);
  const back = new Promise((resolve) => a.once("binary-back", (...args) => resolve(args)));
  a.emit("echo-binary", bytes, { nested: Buffer.from("xyz") });
  const [gotBytes, gotNested] = await withTimeout(back, 15000, "binary");
  if (!Buffer.from(gotBytes).equals(bytes) || Buffer.from(gotNested.nested).toString() !== "xyz")
    fail("binary", "bytes differ");
  log("ok binary");
  a.close();
  b.close();
}

async function reconnect() {
  const s = connect({ reconnection: true, reconnectionDelay: 100, reconnectionDelayMax: 500 });
  await withTimeout(once(s, "connect"), 15000, "connect");
  const firstId = s.id;
  log("connected");
  await withTimeout(once(s, "disconnect"), 20000, "disconnect");
  log("disconnected");
  await withTimeout(once(s, "connect"), 20000, "reconnect");
  if (s.id === firstId) fail("reconnect", "same id after a server restart");
  const echoed = await withTimeout(ackAll(s, "echo-ack", "again"), 15000, "ack");
  if (echoed[0] !== "again") fail("reconnect", JSON.stringify(echoed));
  log("ok reconnect");
  s.close();
}

async function fanout(clients, broadcasts) {
  const sockets = [];
  const received = [];
  for (let i = 0; i < clients; ++i) {
    const s = connect();
    received.push([]);
    s.on("tick", (n) => received[i].push(n));
    sockets.push(s);
  }
  await withTimeout(Promise.all(sockets.map((s) => s.connected ? null : once(s, "connect"))),
                    60000, "connect all");
  await withTimeout(Promise.all(sockets.map((s) => s.emitWithAck("join", "fan"))), 60000,
                    "join all");
  log(`ok joined ${clients}`);
  const started = Date.now();
  await withTimeout(sockets[0].emitWithAck("fanout", "fan", broadcasts), 60000, "fanout");
  await withTimeout((async () => {
    while (received.some((r) => r.length < broadcasts)) await sleep(20);
  })(), 60000, "all ticks");
  const elapsed = Date.now() - started;
  for (let i = 0; i < clients; ++i) {
    const r = received[i];
    if (r.length !== broadcasts || r.some((n, k) => n !== k))
      fail("fanout", `client ${i} got ${JSON.stringify(r.slice(0, 60))}`);
  }
  await sleep(200);
  if (received.some((r) => r.length !== broadcasts)) fail("fanout", "duplicate deliveries");
  log(`ok fanout ${clients * broadcasts} deliveries in ${elapsed} ms`);
  sockets.forEach((s) => s.close());
}

function rawPeer() {
  const ws = new WebSocket(`ws://127.0.0.1:${portArg}${pathArg}?EIO=4&transport=websocket`);
  ws.on("error", () => {});
  const closed = new Promise((resolve) => ws.on("close", resolve));
  const opened = new Promise((resolve) => ws.once("message", () => { ws.send("40"); resolve(); }));
  const connected = new Promise((resolve) =>
    ws.on("message", (data) => { if (String(data).startsWith("40{")) resolve(); }));
  return { ws, closed, opened, connected };
}

async function malformed() {
  const good = connect();
  await withTimeout(once(good, "connect"), 15000, "connect good");
  const cases = {
    "not json": (ws) => ws.send('42["message",'),
    "wrong type": (ws) => ws.send("42{}"),
    "bad ack id": (ws) => ws.send('42abc["message"]'),
    "garbage frame": (ws) => ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef])),
    "invalid utf-8": (ws) => ws.send(Buffer.from([0x34, 0x32, 0xff, 0xfe]), { binary: false }),
    "unknown packet": (ws) => ws.send("9garbage"),
  };
  for (const [name, send] of Object.entries(cases)) {
    const peer = rawPeer();
    await withTimeout(peer.connected, 15000, `${name}: connect`);
    send(peer.ws);
    await withTimeout(peer.closed, 15000, `${name}: closed`);
    const echoed = await withTimeout(ackAll(good, "echo-ack", name), 15000,
                                     `${name}: good client`);
    if (echoed[0] !== name) fail("malformed", `${name}: good client got ${echoed}`);
    log(`ok malformed ${name}`);
  }
  good.close();
}

(async () => {
  try {
    if (scenario === "basic") {
      await basic();
    } else if (scenario === "reconnect") {
      await reconnect();
    } else if (scenario === "fanout") {
      await fanout(Number(rest[0] || 200), Number(rest[1] || 50));
    } else if (scenario === "malformed") {
      await malformed();
    } else {
      fail("usage", `unknown scenario ${scenario}`);
    }
    log("done");
    process.exit(0);
  } catch (e) {
    fail(scenario, e.message);
  }
})();
