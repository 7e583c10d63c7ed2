// The original "codestream" sample's server logic on stock npm socket.io, for interop tests:
// no room rules (anyone joins and sends anywhere), Socket.IO on /clients/socketio/hubs/eio_hub,
// GET /negotiate answering {url, room_id} with no path field and a short random room id.
//   node interop-original-server.js [--port N]     prints "listening <port>"
'use strict';

const http = require('http');
const { Server } = require('socket.io');

const portIndex = process.argv.indexOf('--port');
const port = portIndex > 0 ? Number(process.argv[portIndex + 1]) : 0;

const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/negotiate') {
        const body = JSON.stringify({
            url: `http://${req.headers.host}`,
            room_id: Math.random().toString(36).slice(2, 7),
        });
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(body);
        return;
    }
    res.writeHead(404);
    res.end();
});

const io = new Server(server, { path: '/clients/socketio/hubs/eio_hub' });
io.on('connection', (socket) => {
    socket.emit('login');
    socket.on('joinRoom', async (message) => {
        await socket.join(message.room_id);
        socket.emit('message', { type: 'ackJoinRoom', success: true });
    });
    socket.on('sendToRoom', (message) => {
        socket.broadcast.to(message.room_id).emit('message', {
            type: 'editorMessage',
            data: message.data,
        });
    });
});

server.listen(port, '127.0.0.1', () => process.stdout.write(`listening ${server.address().port}\n`));
process.on('SIGTERM', () => process.exit(0));
