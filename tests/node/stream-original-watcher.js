// A watcher with the original CodeStream sample's handling, on npm socket.io-client: negotiate,
// join R on "login", ask R-control for a sync after the join ack, then apply every change of
// every delta by its range, in order, with no version logic; a full replaces the text when its
// version is above the last one seen.
// Usage: node stream-original-watcher.js <origin> <room>
// Prints "joined", then for every "dump" line on stdin: "text <JSON string>".
"use strict";
const { io } = require("socket.io-client");
const readline = require("readline");

const [origin, room] = process.argv.slice(2);
let text = "";
let version = -1;

// Offset of a 1-based (line, column) with "\r\n", "\n" and "\r" as line breaks, clamped into
// the text as Monaco's validatePosition does (edits that arrive before the first full land
// somewhere harmless, as in the original page).
function offsetAt(line, column) {
  let offset = 0;
  for (let l = 1; l < line; ++l) {
    const n = text.indexOf("\n", offset);
    const r = text.indexOf("\r", offset);
    if (n < 0 && r < 0) return lineEnd(offset);
    if (r >= 0 && (n < 0 || r < n)) offset = text[r + 1] === "\n" ? r + 2 : r + 1;
    else offset = n + 1;
  }
  return Math.min(offset + Math.max(column, 1) - 1, lineEnd(offset));
}

function lineEnd(lineStart) {
  let end = lineStart;
  while (end < text.length && text[end] !== "\n" && text[end] !== "\r") ++end;
  return end;
}

function applyChange(change) {
  const range = change.range;
  const start = offsetAt(range.startLineNumber, range.startColumn);
  const end = offsetAt(range.endLineNumber, range.endColumn);
  text = text.slice(0, start) + change.text + text.slice(end);
}

async function main() {
  const res = await fetch(`${origin}/negotiate?room_id=${room}`);
  const data = await res.json();
  const socket = io(data.url, {
    path: data.path || "/clients/socketio/hubs/eio_hub",
    reconnection: false,
    transports: ["websocket"],
  });
  socket.on("login", () => socket.emit("joinRoom", { room_id: room }));
  socket.on("message", (message) => {
    if (message.type === "ackJoinRoom" && message.success) {
      socket.emit("sendToRoom", { room_id: `${room}-control`, data: { data: "sync" } });
      console.log("joined");
    } else if (message.type === "editorMessage") {
      const d = message.data;
      if (d.type === "delta") {
        d.changes.forEach((event) => event.changes.forEach(applyChange));
        version = d.version;
      } else if (d.type === "full") {
        if (version >= d.version) return;
        text = d.content;
        version = d.version;
      }
    }
  });
  readline.createInterface({ input: process.stdin }).on("line", (line) => {
    if (line.trim() === "dump") console.log(`text ${JSON.stringify(text)}`);
  });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
