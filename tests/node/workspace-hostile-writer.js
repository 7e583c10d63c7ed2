// A hostile workspace writer (docs/protocol.md §14) on npm socket.io-client, for the tests of
// `codestream-cli watch --output-dir`: it owns a fresh room and sends a `files` message whose
// titles try to leave the watcher's directory, and entries a watcher must skip (bad ids, a
// repeated id, a title too long), then a full of each file to its room `R/F` tagged with
// "file". One file, "good/ok.txt", is harmless.
//
//   node workspace-hostile-writer.js --origin O
//       Prints "share <O>/#<R>" once it owns R and its file rooms. Answers every sync request
//       with the full of R, the files message and the full of every file.
'use strict';

const { io } = require('socket.io-client');

const argv = process.argv.slice(2);
const origin = argv[argv.indexOf('--origin') + 1];
const say = (line) => process.stdout.write(line + '\n');

const files = [
    { id: 'h1', title: '../../x' },
    { id: 'h2', title: '/tmp/codestream-hostile-node-x' },
    { id: 'h3', title: 'a/../../x' },
    { id: 'h4', title: 'C:\\x' },
    { id: 'h5', title: 'nul\u0000x' },
    { id: 'h6', title: '..' },
    { id: 'h7', title: 'x'.repeat(300) },
    { id: '../bad', title: 'bad-id.txt' },
    { id: 'h8', title: 'good/ok.txt' },
    { id: 'h8', title: 'repeated.txt' },
];
const texts = { h8: 'fine\n' };

async function main() {
    const response = await fetch(`${origin}/negotiate`);
    const answer = await response.json();
    const room = answer.room_id;
    const socket = io(answer.url, {
        path: answer.path || '/clients/socketio/hubs/eio_hub',
        transports: ['websocket'],
        query: answer.token ? { access_token: answer.token } : undefined,
    });
    const fileRooms = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'h7', 'h8'];
    let pending = 0;
    let shared = false;

    const send = (roomId, data) => socket.emit('sendToRoom', { room_id: roomId, data });
    const sendAll = () => {
        send(room, { type: 'full', version: 0, content: 'workspace\n', title: 'index', language: '' });
        send(room, { type: 'files', active: 'h8', files });
        for (const id of fileRooms) {
            const content = texts[id] !== undefined ? texts[id] : 'pwned\n';
            send(`${room}/${id}`, { type: 'full', version: 0, content, file: id });
        }
    };

    socket.on('message', (message) => {
        if (message.type === 'ackJoinRoom') {
            if (!message.success) {
                say(`refused ${message.error}`);
                process.exit(1);
            }
            if (--pending === 0 && !shared) {
                shared = true;
                sendAll();
                say(`share ${origin}/#${room}`);
            }
            return;
        }
        if (message.type === 'editorMessage' && message.data && message.data.data === 'sync') sendAll();
    });
    socket.on('connect', () => {
        pending = 1 + fileRooms.length;
        socket.emit('joinRoom', { room_id: `${room}-control`, writer_key: answer.writer_key });
        for (const id of fileRooms) socket.emit('joinRoom', { room_id: `${room}/${id}-control` });
    });
}

main().catch((error) => {
    say(`error ${error.message}`);
    process.exit(1);
});
