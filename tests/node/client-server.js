// npm socket.io 4.8 server that the Socket.IO client tests talk to.
// Usage: node client-server.js [--port N] [--path P] [--ping-interval MS] [--ping-timeout MS]
//        [--max-payload BYTES] [--key FILE --cert FILE]
// Prints "listening <port>" and one line per thing the tests check:
//   connection <nsp> <auth JSON> <query JSON> <x-codestream-test header JSON>
//   event <nsp> <name> <args JSON>          (every event a client sends)
//   answer <args JSON>                      (the client's ack to "question")
"use strict";
const fs = require("fs");
const http = require("http");
const https = require("https");
const { Server } = require("socket.io");

const options = { port: 0, path: "/socket.io/", pingInterval: 25000, pingTimeout: 20000,
                  maxPayload: 1e6, key: null, cert: null };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const value = argv[i + 1];
  switch (argv[i]) {
    case "--port": options.port = Number(value); break;
    case "--path": options.path = value; break;
    case "--ping-interval": options.pingInterval = Number(value); break;
    case "--ping-timeout": options.pingTimeout = Number(value); break;
    case "--max-payload": options.maxPayload = Number(value); break;
    case "--key": options.key = fs.readFileSync(value); break;
    case "--cert": options.cert = fs.readFileSync(value); break;
    default: throw new Error("unknown option " + argv[i]);
  }
}

const httpServer = options.key
  ? https.createServer({ key: options.key, cert: options.cert })
  : http.createServer();
const io = new Server(httpServer, {
  path: options.path,
  transports: ["websocket"],
  pingInterval: options.pingInterval,
  pingTimeout: options.pingTimeout,
  maxHttpBufferSize: options.maxPayload,
});

const describe = (value) => JSON.stringify(value, (key, v) =>
  v && v.type === "Buffer" && Array.isArray(v.data) ? { buffer: Buffer.from(v.data).toString("hex") } : v);

function attach(nsp) {
  nsp.on("connection", (socket) => {
    console.log("connection", nsp.name, JSON.stringify(socket.handshake.auth),
                JSON.stringify(socket.handshake.query),
                JSON.stringify(socket.handshake.headers["x-codestream-test"] || null));
    socket.emit("welcome", { nsp: nsp.name, auth: socket.handshake.auth, id: socket.id });
    socket.onAny((event, ...args) => {
      const printable = args.filter((a) => typeof a !== "function");
      console.log("event", nsp.name, event, describe(printable));
    });
    // Answers with the arguments it got (binary included).
    socket.on("echo", (...args) => {
      const ack = args.pop();
      if (typeof ack === "function") ack(...args);
    });
    // Sends the arguments back as an "echoed" event.
    socket.on("echoEvent", (...args) => socket.emit("echoed", ...args));
    // Never answers.
    socket.on("ignore", () => {});
    // Asks the client a question that needs an ack; reports the answer.
    socket.on("askMe", () => {
      socket.emit("question", { text: "ready?", bytes: Buffer.from([1, 2, 3]) }, (...answer) => {
        console.log("answer", describe(answer));
        socket.emit("answered", ...answer);
      });
    });
    // Sends nested binary data.
    socket.on("sendBinary", () => {
      socket.emit("binary", { nested: { bytes: Buffer.from([0, 255, 16]) },
                              list: [Buffer.from("xyz"), 5] }, Buffer.alloc(0));
    });
    socket.on("kickMe", () => socket.disconnect());
  });
}

attach(io.of("/"));
attach(io.of("/admin"));
const secret = io.of("/secret");
secret.use((socket, next) => {
  const err = new Error("not authorized");
  err.data = { code: 42 };
  next(err);
});
attach(secret);

httpServer.listen(options.port, "127.0.0.1", () => {
  console.log("listening", httpServer.address().port);
});
process.on("SIGTERM", () => process.exit(0));
