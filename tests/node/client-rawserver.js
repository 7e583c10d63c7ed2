// A misbehaving Engine.IO server (plain ws) for the client's error-path tests.
// Usage: node client-rawserver.js <scenario>
//   bad-open        sends an OPEN packet whose JSON is broken
//   bad-packet      a valid OPEN, then a Socket.IO packet that is garbage
//   stray-binary    a valid OPEN, then a binary frame nobody announced
//   no-sid          an OPEN packet without a sid
//   bad-placeholder a valid OPEN and CONNECT, then a binary event whose placeholder is out of range
//   text-in-binary  a valid OPEN, then a binary event interrupted by a text packet
//   unknown-type    a valid OPEN, then an Engine.IO packet of type 9
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
    case "no-sid": ws.send('0{"upgrades":[],"pingInterval":1,"pingTimeout":1,"maxPayload":1}'); break;
    case "bad-placeholder":
      ws.send(open);
      ws.send('40{"sid":"s"}');
      ws.send('451-["e",{"_placeholder":true,"num":5}]');
      ws.send(Buffer.from([1]));
      break;
    case "text-in-binary": ws.send(open); ws.send('451-["e",{"_placeholder":true,"num":0}]'); ws.send('42["x"]'); break;
    case "unknown-type": ws.send(open); ws.send("9"); break;
  }
});
server.listen(0, "127.0.0.1", () => console.log("listening", server.address().port));
process.on("SIGTERM", () => process.exit(0));
