// The original "codestream" sample's server logic (as in stream-original-server.js) on npm
// socket.io, logging everything a relay sees, for the end-to-end encryption tests
// (docs/protocol.md section 12).
// Usage: node e2e-logging-relay.js --log FILE
//   --log FILE     appends one JSON line per HTTP request (method and URL with its query) and per
//                  event received (name and payload), before relaying it
//   --page-from ORIGIN  serves every other GET/HEAD (the browser watcher page and its scripts) by
//                  fetching it from ORIGIN (an embedded server), so that the page's origin, its
//                  /negotiate and its socket are this relay's
// A line "flip" on stdin arms the relay: it flips one byte in the middle of the `ct` of the next
// sealed message sent to a stream room (not -control) and prints "flipped".
// Prints "listening <port>".
"use strict";
const fs = require("fs");
const http = require("http");
const { Server } = require("socket.io");

let logPath = null;
let pageFrom = null;
let flipArmed = false;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (argv[i] === "--log") logPath = argv[i + 1];
  else if (argv[i] === "--page-from") pageFrom = argv[i + 1];
  else throw new Error("unknown option " + argv[i]);
}
if (!logPath) throw new Error("--log FILE is required");
const log = (entry) => fs.appendFileSync(logPath, JSON.stringify(entry) + "\n");

// Flips one byte of a base64url string's decoded bytes.
function flipOneByte(ct) {
  const bytes = Buffer.from(ct, "base64url");
  bytes[bytes.length >> 1] ^= 0x40;
  return bytes.toString("base64url");
}

const httpServer = http.createServer((req, res) => {
  log({ http: req.method, url: req.url, headers: req.headers });
  if (req.url.startsWith("/negotiate")) {
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({
      url: `http://${req.headers.host}`,
      room_id: Math.random().toString(36).slice(2, 7),
    }));
    return;
  }
  if (pageFrom && (req.method === "GET" || req.method === "HEAD") && !req.url.startsWith("/clients/")) {
    const upstream = http.request(new URL(req.url, pageFrom), { method: req.method }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on("error", () => { res.statusCode = 502; res.end(); });
    upstream.end();
    return;
  }
  if (!res.headersSent && !req.url.startsWith("/clients/")) {
    res.statusCode = 404;
    res.end();
  }
});
const io = new Server(httpServer, { path: "/clients/socketio/hubs/eio_hub" });
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => {
  if (chunk.includes("flip")) flipArmed = true;
});
io.on("connection", (socket) => {
  log({ connection: socket.id, query: socket.handshake.query, url: socket.handshake.url });
  socket.onAny((event, ...args) => log({ event, args }));
  socket.emit("login");
  socket.on("joinRoom", async (message) => {
    await socket.join(message["room_id"]);
    socket.emit("message", { type: "ackJoinRoom", success: true });
  });
  socket.on("sendToRoom", (message) => {
    let data = message["data"];
    const room = String(message["room_id"]);
    if (flipArmed && data && data.type === "sealed" && !room.endsWith("-control")) {
      flipArmed = false;
      data = { ...data, ct: flipOneByte(data.ct) };
      console.log("flipped");
    }
    socket.broadcast.to(room).emit("message", { type: "editorMessage", data });
  });
});
httpServer.listen(0, "127.0.0.1", () => {
  console.log(`listening ${httpServer.address().port}`);
});
process.on("SIGTERM", () => process.exit(0));
