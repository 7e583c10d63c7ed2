#!/usr/bin/env node
// CodeStream server on npm socket.io (docs/protocol.md): GET /negotiate, the room protocol and the room
// rules of sections 7 and 14. One process by default; several processes sharing rooms and room ownership
// through Redis when REDIS_URL is set; Azure Web PubSub for Socket.IO carrying the connections
// when WEB_PUBSUB_CONNECTION_STRING is set. See README.md next to this file.
'use strict';

const crypto = require('crypto');
const fs = require('fs');
const http = require('http');
const path = require('path');

// ---------------------------------------------------------------------------------------------
// Configuration: command line first, then environment.

function parseArguments(argv) {
    const options = {};
    for (let i = 0; i < argv.length; ++i) {
        const arg = argv[i];
        const value = () => {
            if (i + 1 >= argv.length)
                fail(`${arg} needs a value`);
            return argv[++i];
        };
        if (arg === '--port') options.port = value();
        else if (arg === '--host') options.host = value();
        else if (arg === '--redis') options.redisUrl = value();
        else if (arg === '--web-root') options.webRoot = value();
        else if (arg === '--public-url') options.publicUrl = value();
        else if (arg === '--open-rooms') options.openRooms = true;
        else if (arg === '--help' || arg === '-h') {
            process.stdout.write(usage);
            process.exit(0);
        } else fail(`unknown option ${arg}`);
    }
    return options;
}

const usage = `usage: node server.js [--port N] [--host ADDR] [--redis URL] [--web-root DIR]
                      [--public-url URL] [--open-rooms]
environment: PORT, HOST, REDIS_URL, WEB_ROOT, PUBLIC_URL, OPEN_ROOMS=1, TRUST_PROXY=1,
             SOCKET_PATHS (comma-separated, default /socket.io,/clients/socketio/hubs/eio_hub),
             MAX_PAYLOAD, PING_INTERVAL_MS, PING_TIMEOUT_MS,
             WEB_PUBSUB_CONNECTION_STRING (Azure Web PubSub for Socket.IO), WEB_PUBSUB_HUB
`;

function fail(message) {
    process.stderr.write(`codestream-cluster-server: ${message}\n${usage}`);
    process.exit(2);
}

const args = parseArguments(process.argv.slice(2));
const env = process.env;
const config = {
    port: Number(args.port ?? env.PORT ?? 3000),
    host: args.host ?? env.HOST ?? '0.0.0.0',
    redisUrl: args.redisUrl ?? env.REDIS_URL ?? '',
    webRoot: args.webRoot ?? env.WEB_ROOT ?? '',
    publicUrl: (args.publicUrl ?? env.PUBLIC_URL ?? '').replace(/\/+$/, ''),
    openRooms: args.openRooms ?? env.OPEN_ROOMS === '1',
    trustProxy: env.TRUST_PROXY === '1',
    socketPaths: (env.SOCKET_PATHS || '/socket.io,/clients/socketio/hubs/eio_hub')
        .split(',').map((p) => '/' + p.trim().replace(/^\/+|\/+$/g, '')).filter((p) => p !== '/'),
    maxPayload: Number(env.MAX_PAYLOAD || 1000000),
    pingInterval: Number(env.PING_INTERVAL_MS || 25000),
    pingTimeout: Number(env.PING_TIMEOUT_MS || 20000),
    azureConnectionString: env.WEB_PUBSUB_CONNECTION_STRING || env.WebPubSubConnectionString || '',
    azureHub: env.WEB_PUBSUB_HUB || 'eio_hub',
};
if (!Number.isInteger(config.port) || config.port < 0 || config.port > 65535)
    fail('the port must be 0..65535');
if (config.socketPaths.length === 0)
    fail('SOCKET_PATHS names no path');

const KEY_TTL_SECONDS = 24 * 3600;
const MAX_ROOM_ID_LENGTH = 256;
const SYNC_BURST = 10; // sync requests a non-owner may send at once...
const SYNC_PER_SECOND = 2; // ...and per second after that
const MAX_FILE_ROOMS_PER_STREAM = 1024; // file rooms of one stream per connection (section 14)

function log(message) {
    process.stderr.write(`${new Date().toISOString()} ${message}\n`);
}

// ---------------------------------------------------------------------------------------------
// Room ownership stores: who owns stream R (a socket id) and the hash of R's writer key.
// The memory store serves one process; the Redis store is shared by every instance.

function hashKey(key) {
    return crypto.createHash('sha256').update(key).digest('base64url');
}

class MemoryRoomStore {
    constructor() {
        this.owners = new Map(); // room -> socket id
        this.keys = new Map(); // room -> { hash, expires }
        setInterval(() => {
            const now = Date.now();
            for (const [room, entry] of this.keys)
                if (entry.expires < now) this.keys.delete(room);
        }, 600000).unref();
    }
    async setKeyIfAbsent(room, hash) {
        if (this.keys.has(room)) return false;
        this.keys.set(room, { hash, expires: Date.now() + KEY_TTL_SECONDS * 1000 });
        return true;
    }
    async keyOf(room) {
        const entry = this.keys.get(room);
        return entry && entry.expires >= Date.now() ? entry.hash : null;
    }
    async setOwnerIfAbsent(room, sid) {
        if (this.owners.has(room)) return false;
        this.owners.set(room, sid);
        return true;
    }
    async ownerOf(room) {
        return this.owners.get(room) ?? null;
    }
    async replaceOwner(room, expected, sid) {
        if (this.owners.get(room) !== expected) return false;
        this.owners.set(room, sid);
        return true;
    }
    async releaseOwner(room, sid) {
        if (this.owners.get(room) === sid) this.owners.delete(room);
    }
}

const COMPARE_AND_SET = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3]) return 1 end return 0`;
const COMPARE_AND_DELETE = `if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1]) end return 0`;

class RedisRoomStore {
    constructor(client) {
        this.client = client;
    }
    async setKeyIfAbsent(room, hash) {
        return (await this.client.set(`codestream:key:${room}`, hash,
                                      { NX: true, EX: KEY_TTL_SECONDS })) === 'OK';
    }
    async keyOf(room) {
        return this.client.get(`codestream:key:${room}`);
    }
    async setOwnerIfAbsent(room, sid) {
        return (await this.client.set(`codestream:owner:${room}`, sid,
                                      { NX: true, EX: KEY_TTL_SECONDS })) === 'OK';
    }
    async ownerOf(room) {
        return this.client.get(`codestream:owner:${room}`);
    }
    async replaceOwner(room, expected, sid) {
        return (await this.client.eval(COMPARE_AND_SET, {
            keys: [`codestream:owner:${room}`],
            arguments: [expected, sid, String(KEY_TTL_SECONDS)],
        })) === 1;
    }
    async releaseOwner(room, sid) {
        await this.client.eval(COMPARE_AND_DELETE,
                               { keys: [`codestream:owner:${room}`], arguments: [sid] });
    }
}

// ---------------------------------------------------------------------------------------------
// HTTP: /negotiate and, optionally, static files.

const MIME_TYPES = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
    '.mjs': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
    '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
    '.ico': 'image/x-icon', '.ttf': 'font/ttf', '.woff2': 'font/woff2', '.map': 'application/json',
};

function newRoomId() {
    return crypto.randomBytes(12).toString('base64url'); // 96 random bits
}

function requestOrigin(req) {
    if (config.publicUrl) return config.publicUrl;
    const forwarded = (name) => String(req.headers[name] || '').split(',')[0].trim();
    let scheme = 'http';
    let host = req.headers.host || '';
    if (config.trustProxy) {
        scheme = forwarded('x-forwarded-proto') || scheme;
        host = forwarded('x-forwarded-host') || host;
    }
    if (!/^(https?)$/.test(scheme)) scheme = 'http';
    if (!/^[A-Za-z0-9.\-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(host))
        host = `127.0.0.1:${server.address().port}`;
    return `${scheme}://${host}`;
}

function sendJson(res, status, body) {
    const bytes = Buffer.from(JSON.stringify(body));
    res.writeHead(status, {
        'Content-Type': 'application/json',
        'Content-Length': bytes.length,
        'Cache-Control': 'no-store',
        'Access-Control-Allow-Origin': '*',
    });
    res.end(bytes);
}

async function handleNegotiate(req, res, query) {
    const watchedRoom = query.get('room_id');
    const answer = {};
    if (azureNegotiate) {
        Object.assign(answer, await azureNegotiate(req));
    } else {
        answer.url = requestOrigin(req);
        answer.path = config.socketPaths[0];
    }
    if (watchedRoom) {
        answer.room_id = watchedRoom;
    } else {
        answer.room_id = newRoomId();
        const writerKey = crypto.randomBytes(16).toString('base64url');
        await rooms.store.setKeyIfAbsent(answer.room_id, hashKey(writerKey));
        answer.writer_key = writerKey;
    }
    sendJson(res, 200, answer);
}

function serveStatic(req, res, pathname) {
    if (!config.webRoot) return false;
    let relative;
    try {
        relative = decodeURIComponent(pathname);
    } catch {
        return false;
    }
    if (relative.endsWith('/')) relative += 'index.html';
    const root = path.resolve(config.webRoot);
    const file = path.resolve(root, '.' + relative);
    if (file !== root && !file.startsWith(root + path.sep)) return false;
    let stat;
    try {
        stat = fs.statSync(file);
    } catch {
        return false;
    }
    if (!stat.isFile()) return false;
    res.writeHead(200, {
        'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream',
        'Content-Length': stat.size,
    });
    if (req.method === 'HEAD') res.end();
    else fs.createReadStream(file).pipe(res);
    return true;
}

function handleHttp(req, res) {
    const url = new URL(req.url, 'http://localhost');
    if (req.method === 'GET' && url.pathname === '/negotiate') {
        handleNegotiate(req, res, url.searchParams).catch((error) => {
            log(`negotiate failed: ${error.message}`);
            sendJson(res, 500, { error: 'negotiate failed' });
        });
        return;
    }
    if ((req.method === 'GET' || req.method === 'HEAD') && serveStatic(req, res, url.pathname))
        return;
    res.writeHead(404, { 'Content-Type': 'text/plain', 'Content-Length': 9 });
    res.end('not found');
}

// Socket.IO serves one path; requests on the other accepted paths are rewritten to it before
// Engine.IO sees them, so that every client shares one namespace and one set of rooms.
function rewriteSocketPath(req) {
    for (let i = 1; i < config.socketPaths.length; ++i) {
        const alias = config.socketPaths[i];
        if (req.url.startsWith(alias + '/') || req.url.startsWith(alias + '?')) {
            req.url = config.socketPaths[0] + req.url.slice(alias.length);
            return;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The room protocol (docs/protocol.md sections 3, 7 and 14).

const FILE_ID = /^[A-Za-z0-9_-]{1,32}$/;
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f]/;

// What a room name denotes (docs/protocol.md section 14, "Rooms"): `stream` is R for "R" and
// "R-control", the base B for a file room "B/F" and its control room "B/F-control"; `file` is F.
function classify(room) {
    const control = room.endsWith('-control');
    const name = control ? room.slice(0, -'-control'.length) : room;
    const slash = name.lastIndexOf('/');
    if (slash > 0) {
        const base = name.slice(0, slash);
        const file = name.slice(slash + 1);
        if (FILE_ID.test(file) && !base.includes('/') && !base.endsWith('-control')
            && base.length <= MAX_ROOM_ID_LENGTH && !CONTROL_CHARACTER.test(base))
            return { stream: base, file, control };
    }
    return { stream: name, file: null, control };
}

function streamOf(room) {
    return classify(room).stream;
}

// Exactly {"data":"sync"}, or the workspace sync request {"data":"sync","files":"all"} (section 14);
// returns what is forwarded, or null.
function syncRequest(data) {
    if (data === null || typeof data !== 'object' || Array.isArray(data) || data.data !== 'sync')
        return null;
    const keys = Object.keys(data);
    if (keys.length === 1) return { data: 'sync' };
    if (keys.length === 2 && data.files === 'all') return { data: 'sync', files: 'all' };
    return null;
}

// A sealed sync request of an end-to-end encrypted room (docs/protocol.md section 12): the server
// cannot read it, so it checks the shape and forwards only these four fields.
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const MAX_SEALED_REQUEST_CHARS = 256;
function sealedSyncRequest(data) {
    if (data === null || typeof data !== 'object' || data.type !== 'sealed' || data.v !== 1) return null;
    const { iv, ct } = data;
    if (typeof iv !== 'string' || iv.length !== 16 || !BASE64URL.test(iv)) return null;
    if (typeof ct !== 'string' || ct.length === 0 || ct.length > MAX_SEALED_REQUEST_CHARS
        || !BASE64URL.test(ct)) return null;
    return { type: 'sealed', v: 1, iv, ct };
}

class RoomRules {
    constructor(io, store, clustered) {
        this.io = io;
        this.store = store;
        this.clustered = clustered;
        this.presenceTimers = new Map();
        if (clustered) {
            io.on('codestream:revoke', (room, sid) => this.revokeLocal(room, sid));
        }
    }

    attach(socket) {
        socket.data.owned = new Set(); // streams this socket writes
        socket.data.files = new Map(); // stream B -> ids F of the rooms B/F, B/F-control it joined
        socket.data.syncTokens = SYNC_BURST;
        socket.data.syncStamp = Date.now();
        socket.emit('login');
        socket.on('joinRoom', (message) => {
            this.onJoinRoom(socket, message).catch((error) => {
                log(`joinRoom failed: ${error.message}`);
                socket.emit('message', { type: 'ackJoinRoom', success: false,
                                         error: 'the server could not join the room' });
            });
        });
        socket.on('sendToRoom', (message) => this.onSendToRoom(socket, message));
        socket.on('disconnecting', () => this.onDisconnecting(socket));
    }

    async onJoinRoom(socket, message) {
        const refuse = (error) => socket.emit('message', { type: 'ackJoinRoom', success: false, error });
        const room = message && message.room_id;
        const key = message && message.writer_key;
        if (typeof room !== 'string' || room.length === 0 || room.length > MAX_ROOM_ID_LENGTH)
            return refuse('room_id must be a non-empty string');
        if (key !== undefined && key !== null && typeof key !== 'string')
            return refuse('writer_key must be a string');
        if (room === socket.id || this.io.of('/').sockets.has(room))
            return refuse('not a room');

        const name = classify(room);
        if (!config.openRooms && name.file !== null) return this.joinFileRoom(socket, room, name, refuse);
        if (!config.openRooms && name.control) {
            const error = await this.claim(socket, name.stream, key || '');
            if (error) return refuse(error);
        }
        await socket.join(room);
        socket.emit('message', { type: 'ackJoinRoom', success: true });
        if (!config.openRooms) this.schedulePresence(name.stream);
    }

    // A file room "B/F" or "B/F-control" (docs/protocol.md section 14): anyone watches "B/F";
    // only B's owner of the moment joins "B/F-control" (a writer key is ignored). No presence.
    async joinFileRoom(socket, room, name, refuse) {
        if (name.control && !(socket.data.owned.has(name.stream)
                              && (await this.store.ownerOf(name.stream)) === socket.id))
            return refuse('not the writer of this room');
        let files = socket.data.files.get(name.stream);
        if (!files) socket.data.files.set(name.stream, files = new Set());
        if (!files.has(name.file)) {
            if (files.size >= MAX_FILE_ROOMS_PER_STREAM) return refuse('too many file rooms');
            files.add(name.file);
        }
        await socket.join(room);
        socket.emit('message', { type: 'ackJoinRoom', success: true });
    }

    // Makes `socket` the owner of `stream`, or returns why not.
    async claim(socket, stream, key) {
        const store = this.store;
        const stored = await store.keyOf(stream);
        const keyHash = key ? hashKey(key) : '';
        if (keyHash && stored && stored !== keyHash) return 'wrong writer key';
        if (keyHash && !stored) await store.setKeyIfAbsent(stream, keyHash);
        const hasKey = keyHash !== '' && (stored === keyHash || (await store.keyOf(stream)) === keyHash);
        for (let attempt = 0; attempt < 5; ++attempt) {
            if (await store.setOwnerIfAbsent(stream, socket.id)) break;
            const current = await store.ownerOf(stream);
            if (current === null) continue;
            if (current === socket.id) break;
            // The writer key reclaims the room; a dead owner's room is free.
            if (!hasKey && (await this.isAlive(current))) return 'the room has a writer';
            if (await store.replaceOwner(stream, current, socket.id)) {
                this.revoke(stream, current);
                break;
            }
            if (attempt === 4) return 'the room is busy';
        }
        socket.data.owned.add(stream);
        return null;
    }

    async isAlive(sid) {
        if (this.io.of('/').sockets.has(sid)) return true;
        if (!this.clustered) return false;
        try {
            return (await this.io.in(sid).fetchSockets()).length > 0;
        } catch (error) {
            log(`liveness check failed: ${error.message}`);
            return true; // when in doubt the owner keeps the room
        }
    }

    revoke(stream, sid) {
        this.revokeLocal(stream, sid);
        if (this.clustered) this.io.serverSideEmit('codestream:revoke', stream, sid);
    }

    revokeLocal(stream, sid) {
        const old = this.io.of('/').sockets.get(sid);
        if (!old || !old.data.owned.delete(stream)) return;
        old.leave(stream + '-control');
        // It loses every "R/F-control" with R (section 14).
        const files = old.data.files.get(stream);
        for (const room of [...old.rooms]) {
            const name = classify(room);
            if (name.file === null || !name.control || name.stream !== stream) continue;
            old.leave(room);
            if (files && !old.rooms.has(`${stream}/${name.file}`)) files.delete(name.file);
        }
        old.emit('message', { type: 'error', event: 'joinRoom',
                              error: 'the writer of this room reconnected elsewhere' });
    }

    onSendToRoom(socket, message) {
        if (message === null || typeof message !== 'object') return;
        const room = message.room_id;
        if (typeof room !== 'string') return;
        const name = config.openRooms ? null : classify(room);
        // Only R's owner sends to R and to its file rooms "R/F" (section 14).
        if (name === null || (!name.control && socket.data.owned.has(name.stream))) {
            socket.to(room).emit('message', { type: 'editorMessage', data: message.data });
            return;
        }
        if (!name.control) return;
        const request = syncRequest(message.data) || sealedSyncRequest(message.data);
        if (request && this.takeSyncToken(socket))
            socket.to(room).emit('message', { type: 'editorMessage', data: request });
    }

    takeSyncToken(socket) {
        const now = Date.now();
        const data = socket.data;
        data.syncTokens = Math.min(SYNC_BURST, data.syncTokens + ((now - data.syncStamp) / 1000) * SYNC_PER_SECOND);
        data.syncStamp = now;
        if (data.syncTokens < 1) return false;
        data.syncTokens -= 1;
        return true;
    }

    onDisconnecting(socket) {
        for (const stream of socket.data.owned) {
            this.store.releaseOwner(stream, socket.id).catch((error) => log(`release failed: ${error.message}`));
        }
        if (config.openRooms) return;
        for (const room of socket.rooms) {
            const name = classify(room);
            if (room !== socket.id && !name.control && name.file === null) this.schedulePresence(room);
        }
    }

    // Tells R's writer how many watchers R has, once the joins and leaves of a moment settled.
    schedulePresence(stream) {
        if (this.presenceTimers.has(stream)) return;
        this.presenceTimers.set(stream, setTimeout(() => {
            this.presenceTimers.delete(stream);
            this.io.in(stream).allSockets().then((sockets) => {
                this.io.to(stream + '-control').emit('message', {
                    type: 'editorMessage', data: { type: 'presence', watchers: sockets.size },
                });
            }).catch((error) => log(`presence failed: ${error.message}`));
        }, 100));
    }
}

// ---------------------------------------------------------------------------------------------
// Start-up.

const server = http.createServer(handleHttp);
let rooms = null;
let azureNegotiate = null;

async function main() {
    const ioOptions = {
        path: config.socketPaths[0],
        maxHttpBufferSize: config.maxPayload,
        pingInterval: config.pingInterval,
        pingTimeout: config.pingTimeout,
        cors: { origin: '*' },
        serveClient: false,
    };
    let io;
    let store = new MemoryRoomStore();
    let clustered = false;
    let redisClients = [];

    if (config.redisUrl) {
        const { createClient } = require('redis');
        const pubClient = createClient({ url: config.redisUrl });
        const subClient = pubClient.duplicate();
        for (const client of [pubClient, subClient])
            client.on('error', (error) => log(`redis: ${error.message}`));
        await Promise.all([pubClient.connect(), subClient.connect()]);
        redisClients = [pubClient, subClient];
        store = new RedisRoomStore(pubClient);
    }

    if (config.azureConnectionString) {
        // The Azure extension patches the socket.io copy it depends on; use that copy.
        let azure;
        try {
            azure = require('@azure/web-pubsub-socket.io');
        } catch (error) {
            fail(`WEB_PUBSUB_CONNECTION_STRING is set but @azure/web-pubsub-socket.io is not installed (${error.message})`);
        }
        const azureRoot = path.dirname(require.resolve('@azure/web-pubsub-socket.io/package.json'));
        const { Server } = require(require.resolve('socket.io', { paths: [azureRoot] }));
        io = new Server(server, ioOptions);
        const azureOptions = { hub: config.azureHub, connectionString: config.azureConnectionString };
        await io.useAzureSocketIO(azureOptions);
        const middleware = azure.negotiate(io);
        azureNegotiate = (req) => new Promise((resolve, reject) => {
            let status = 200;
            middleware(req, {
                writeHead: (code) => { status = code; },
                end: (body) => {
                    if (status !== 200) return reject(new Error(`status ${status}`));
                    const answer = JSON.parse(body);
                    resolve({ url: answer.endpoint, path: answer.path, token: answer.token });
                },
            }, reject);
        });
        log(`connections are carried by Azure Web PubSub for Socket.IO (hub ${config.azureHub})`);
    } else {
        const { Server } = require('socket.io');
        io = new Server(server, ioOptions);
        if (redisClients.length) {
            const { createAdapter } = require('@socket.io/redis-adapter');
            io.adapter(createAdapter(redisClients[0], redisClients[1], { requestsTimeout: 3000 }));
            clustered = true;
        }
    }
    // Rewrite alias paths before Engine.IO's own listeners run.
    server.prependListener('request', rewriteSocketPath);
    server.prependListener('upgrade', rewriteSocketPath);

    rooms = new RoomRules(io, store, clustered);
    io.on('connection', (socket) => rooms.attach(socket));

    const shutdown = () => {
        io.close();
        for (const client of redisClients) client.quit().catch(() => {});
        setTimeout(() => process.exit(0), 200).unref();
    };
    process.on('SIGINT', shutdown);
    process.on('SIGTERM', shutdown);

    server.listen(config.port, config.host, () => {
        const port = server.address().port;
        process.stdout.write(`listening ${port}\n`);
        log(`CodeStream server on ${config.host}:${port}, Socket.IO paths ${config.socketPaths.join(', ')}`
            + (clustered ? `, rooms shared through ${config.redisUrl.replace(/\/\/[^@]*@/, '//')}` : '')
            + (config.openRooms ? ', open rooms' : ''));
    });
}

main().catch((error) => {
    log(`start-up failed: ${error.stack || error.message}`);
    process.exit(1);
});
