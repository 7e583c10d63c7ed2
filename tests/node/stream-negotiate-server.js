// A CodeStream-compatible server whose /negotiate uses every optional field: a custom Socket.IO
// path, a token (expected back as the access_token query parameter) and a writer_key.
// Prints "listening <port>", then "negotiate <query>" per negotiate request and
// "connection <access_token>" per Socket.IO connection.
"use strict";
const http = require("http");
const { Server } = require("socket.io");

const httpServer = http.createServer((req, res) => {
  if (req.url.startsWith("/negotiate")) {
    const query = req.url.includes("?") ? req.url.slice(req.url.indexOf("?") + 1) : "";
    console.log(`negotiate ${query}`);
    res.setHeader("Content-Type", "application/json");
    res.end(JSON.stringify({
      url: `http://${req.headers.host}/ignored/path`,
      room_id: "room42",
      path: "/custom/io",
      token: "t0k+n/=&x%y",
      writer_key: "wk",
    }));
  }
});
const io = new Server(httpServer, { path: "/custom/io" });
io.on("connection", (socket) => {
  console.log(`connection ${socket.handshake.query.access_token}`);
  socket.emit("login");
  socket.on("joinRoom", async (message) => {
    console.log(`join ${message.room_id} ${message.writer_key || "-"}`);
    await socket.join(message.room_id);
    socket.emit("message", { type: "ackJoinRoom", success: true });
  });
  socket.on("sendToRoom", (message) => {
    socket.broadcast.to(message.room_id).emit("message", { type: "editorMessage", data: message.data });
  });
});
httpServer.listen(0, "127.0.0.1", () => console.log(`listening ${httpServer.address().port}`));
