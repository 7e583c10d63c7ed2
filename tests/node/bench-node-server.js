// A single-node npm socket.io server running the CodeStream room logic (docs/protocol.md §3 and §7):
// the benchmark's Node.js reference when packaging/cluster/server.js is not available.
//   node bench-node-server.js [--port P] [--open-rooms]
// Prints "listening <port>" once it accepts connections.
'use strict';

const http = require('http');
const crypto = require('crypto');
const { Server } = require('socket.io');

const args = process.argv.slice(2);
const portArg = args.indexOf('--port');
const port = portArg >= 0 ? Number(args[portArg + 1]) : 0;
const openRooms = args.includes('--open-rooms');

const CONTROL_SUFFIX = '-control';
const owners = new Map(); // stream id -> socket id of the socket that owns R-control

const httpServer = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname === '/negotiate') {
        const roomId = url.searchParams.get('room_id') || crypto.randomBytes(12).toString('base64url');
        const body = JSON.stringify({
            url: `http://${req.headers.host}`,
            room_id: roomId,
            path: '/socket.io',
        });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(body);
        return;
    }
    res.writeHead(404);
    res.end();
});

const io = new Server(httpServer, { path: '/socket.io', serveClient: false });

io.on('connection', (socket) => {
    socket.emit('login');

    socket.on('joinRoom', (message) => {
        const roomId = message && typeof message.room_id === 'string' ? message.room_id : '';
        if (!roomId) {
            socket.emit('message', { type: 'ackJoinRoom', success: false, error: 'invalid room' });
            return;
        }
        if (!openRooms && roomId.endsWith(CONTROL_SUFFIX)) {
            const stream = roomId.slice(0, -CONTROL_SUFFIX.length);
            const owner = owners.get(stream);
            if (owner && owner !== socket.id) {
                socket.emit('message', { type: 'ackJoinRoom', success: false, error: 'room has a writer' });
                return;
            }
            owners.set(stream, socket.id);
        }
        socket.join(roomId);
        socket.emit('message', { type: 'ackJoinRoom', success: true });
    });

    socket.on('sendToRoom', (message) => {
        if (!message || typeof message.room_id !== 'string')
            return;
        const roomId = message.room_id;
        if (!openRooms) {
            const isControl = roomId.endsWith(CONTROL_SUFFIX);
            const stream = isControl ? roomId.slice(0, -CONTROL_SUFFIX.length) : roomId;
            const owner = owners.get(stream);
            if (!isControl && owner !== socket.id)
                return;
        }
        socket.to(roomId).emit('message', { type: 'editorMessage', data: message.data });
    });

    socket.on('disconnect', () => {
        for (const [stream, owner] of owners) {
            if (owner === socket.id)
                owners.delete(stream);
        }
    });
});

httpServer.listen(port, '127.0.0.1', () => {
    console.log(`listening ${httpServer.address().port}`);
});

for (const signal of ['SIGTERM', 'SIGINT'])
    process.on(signal, () => process.exit(0));
