// A misbehaving Engine.IO server (plain ws) for the client's error-path tests.
// Usage: node client-rawserver.js <scenario>
//   bad-open        sends an OPEN packet whose JSON is broken
//   bad-packet      a valid OPEN, then a Socket.IO packet that is garbage
//   stray-binary    a valid OPEN, then a binary frame nobody announced
//   refuse          answers the WebSocket upgrade with HTTP 401
// Prints "listening <port>" and "connection <n>" for every WebSocket (or refused upgrade).
"use strict";
const http = require("http");
const { WebSocketServer } = require("ws");

const scenario = process.argv[2];
const server = http.createServer();
let connections = 0;
const open = '0{"sid":"raw","upgrades":[],"pingInterval":60000,"pingTimeout":60000,"maxPayload":1000000}';
const wss = new WebSocketServer({
  server,
  verifyClient: (info, done) => {
    if (scenario !== "refuse") return done(true);
    console.log("connection", ++connections);
    done(false, 401);
  },
});
wss.on("connection", (ws) => {
  console.log("connection", ++connections);
  switch (scenario) {
    case "bad-open": ws.send("0{not json"); break;
    case "bad-packet": ws.send(open); ws.send("42[garbage"); break;
    case "stray-binary": ws.send(open); ws.send(Buffer.from([1, 2, 3])); break;
  }
});
server.listen(0, "127.0.0.1", () => console.log("listening", server.address().port));
process.on("SIGTERM", () => process.exit(0));
