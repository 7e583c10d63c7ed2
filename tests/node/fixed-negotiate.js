// A /negotiate that always answers the same room and writer key, pointing at another server's
// Socket.IO endpoint: two writers that negotiate here hold the same writer key, as a writer
// restarted elsewhere would. Usage: node fixed-negotiate.js --target ORIGIN --room R --key K
// Prints "listening <port>".
"use strict";
const http = require("http");

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const target = option("--target");
const room = option("--room");
const key = option("--key");
if (!target || !room || !key) {
  console.error("usage: fixed-negotiate.js --target ORIGIN --room R --key K");
  process.exit(2);
}

const server = http.createServer((req, res) => {
  if (!req.url.startsWith("/negotiate")) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.setHeader("Content-Type", "application/json");
  res.end(JSON.stringify({ url: target, room_id: room, path: "/socket.io/", writer_key: key }));
});
server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
