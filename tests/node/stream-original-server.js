// The original CodeStream sample's server behaviour on npm socket.io 4.8: GET /negotiate answers
// {url, room_id} (no path: clients use /clients/socketio/hubs/eio_hub), every socket gets "login",
// joinRoom joins any room and acks, sendToRoom broadcasts to the room as editorMessage.
// Usage: node stream-original-server.js [--max-payload BYTES]
// Prints "listening <port>", then "oversized" if a client ever sent more than maxPayload.
"use strict";
const http = require("http");
const { Server } = require("socket.io");

let maxPayload = 1e6;
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  if (argv[i] === "--max-payload") maxPayload = Number(argv[i + 1]);
  else throw new Error("unknown option " + argv[i]);
}

const httpServer = http.createServer((req, res) => {
  if (req.url.startsWith("/negotiate")) {
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({
      url: `http://${req.headers.host}`,
      room_id: Math.random().toString(36).slice(2, 7),
    }));
    return;
  }
  if (!res.headersSent && !req.url.startsWith("/clients/")) {
    res.statusCode = 404;
    res.end();
  }
});
const io = new Server(httpServer, {
  path: "/clients/socketio/hubs/eio_hub",
  maxHttpBufferSize: maxPayload,
});
io.engine.on("connection_error", (err) => {
  console.log(`connection_error ${err.code} ${err.message}`);
});
io.on("connection", (socket) => {
  socket.conn.on("close", (reason) => {
    if (reason === "transport error" || reason === "parse error") console.log(`closed ${reason}`);
  });
  socket.emit("login");
  socket.on("joinRoom", async (message) => {
    await socket.join(message["room_id"]);
    socket.emit("message", { type: "ackJoinRoom", success: true });
  });
  socket.on("sendToRoom", (message) => {
    socket.broadcast.to(message["room_id"]).emit("message", {
      type: "editorMessage",
      data: message["data"],
    });
  });
});
httpServer.listen(0, "127.0.0.1", () => {
  console.log(`listening ${httpServer.address().port}`);
});
