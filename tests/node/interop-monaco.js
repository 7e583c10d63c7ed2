// Drives Chromium (Debian's, through playwright-core) for interop tests: Monaco writer and
// watcher pages, and any page of a server under test.
//
// Monaco, the socket.io browser client and the interop-monaco-*.html pages are served by a small
// static server; a page opened at <origin>/__interop/<file> is routed to it, so that the page
// shares its origin with the server under test (fetch('/negotiate') as in the original sample).
//
// Prints "ready" once the browser runs. Then reads one JSON command per stdin line and answers
// "ok <id> <json>" or "error <id> <message>":
//   {"id":1,"cmd":"open","url":"http://127.0.0.1:3000/__interop/interop-monaco-writer.html"} -> page id
//   {"id":2,"cmd":"eval","page":1,"expr":"window.interop.state"}       -> the value (awaited)
//   {"id":3,"cmd":"waitFor","page":1,"expr":"...","timeout":20000}     -> true once truthy
//   {"id":4,"cmd":"type","page":1,"text":"abc","insert":false}         -> keyboard typing
//   {"id":5,"cmd":"press","page":1,"key":"Enter"}
//   {"id":6,"cmd":"close","page":1}
'use strict';

const fs = require('fs');
const http = require('http');
const path = require('path');
const readline = require('readline');
const { chromium } = require('playwright-core');

const modules = process.env.NODE_PATH.split(path.delimiter)[0];
const roots = {
    'vs/': path.join(modules, 'monaco-editor', 'min', 'vs'),
};
const files = {
    'socket.io.min.js': path.join(modules, 'socket.io-client', 'dist', 'socket.io.min.js'),
};
const MIME = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8',
               '.css': 'text/css; charset=utf-8', '.ttf': 'font/ttf', '.json': 'application/json' };

function resolveFile(relative) {
    if (files[relative]) return files[relative];
    for (const [prefix, root] of Object.entries(roots)) {
        if (relative.startsWith(prefix)) {
            const file = path.resolve(root, relative.slice(prefix.length));
            return file.startsWith(root + path.sep) ? file : null;
        }
    }
    if (/^interop-[\w-]+\.html$/.test(relative)) return path.join(__dirname, relative);
    return null;
}

const staticServer = http.createServer((req, res) => {
    const relative = decodeURIComponent(new URL(req.url, 'http://localhost').pathname)
        .replace(/^\/(__interop\/)?/, '');
    const file = resolveFile(relative);
    if (!file || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
        res.writeHead(404);
        res.end();
        return;
    }
    const body = fs.readFileSync(file);
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] || 'application/octet-stream',
                         'Content-Length': body.length });
    res.end(body);
});

const pages = new Map();
let nextPage = 1;
let browser = null;
let context = null;

async function openPage(url) {
    const page = await context.newPage();
    const id = nextPage++;
    pages.set(id, page);
    page.on('console', (message) => {
        if (process.env.CODESTREAM_TEST_VERBOSE)
            process.stderr.write(`page ${id} console: ${message.text()}\n`);
    });
    page.on('pageerror', (error) => process.stderr.write(`page ${id} error: ${error.message}\n`));
    await page.route(/\/__interop\//, async (route) => {
        const requested = new URL(route.request().url());
        const response = await route.fetch({
            url: `http://127.0.0.1:${staticServer.address().port}${requested.pathname}`,
        });
        await route.fulfill({ response });
    });
    await page.goto(url);
    return id;
}

function pageOf(command) {
    const page = pages.get(command.page);
    if (!page) throw new Error(`no page ${command.page}`);
    return page;
}

async function run(command) {
    switch (command.cmd) {
    case 'open':
        return openPage(command.url);
    case 'eval':
        return pageOf(command).evaluate(`(async () => (${command.expr}))()`);
    case 'waitFor': {
        // Polls with evaluate (not waitForFunction, whose string predicates a page's Content
        // Security Policy may forbid).
        const page = pageOf(command);
        const deadline = Date.now() + (command.timeout || 20000);
        for (;;) {
            let value = false;
            try {
                value = await page.evaluate(`(() => { try { return !!(${command.expr}); } catch { return false; } })()`);
            } catch {
                // navigation in progress
            }
            if (value) return true;
            if (Date.now() > deadline) throw new Error(`timed out waiting for ${command.expr}`);
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
    }
    case 'type': {
        const page = pageOf(command);
        if (command.insert) await page.keyboard.insertText(command.text);
        else await page.keyboard.type(command.text, { delay: command.delay || 0 });
        return true;
    }
    case 'press':
        await pageOf(command).keyboard.press(command.key);
        return true;
    case 'close':
        await pageOf(command).close();
        pages.delete(command.page);
        return true;
    default:
        throw new Error(`unknown command ${command.cmd}`);
    }
}

async function main() {
    await new Promise((resolve) => staticServer.listen(0, '127.0.0.1', resolve));
    browser = await chromium.launch({
        executablePath: process.env.CODESTREAM_CHROMIUM || '/usr/bin/chromium',
        args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
               '--disable-background-networking', '--disable-component-update', '--disable-sync',
               // Pages fulfilled by the route below have no address space of their own; Chromium's
               // local network access checks would then block their sockets to 127.0.0.1.
               '--disable-features=LocalNetworkAccessChecks,BlockInsecurePrivateNetworkRequests'],
    });
    context = await browser.newContext({ viewport: { width: 1000, height: 700 } });
    process.stdout.write('ready\n');

    // Commands run one after another, in the order they arrive.
    let queue = Promise.resolve();
    const rl = readline.createInterface({ input: process.stdin });
    rl.on('line', (line) => {
        if (!line.trim()) return;
        queue = queue.then(async () => {
            let command;
            try {
                command = JSON.parse(line);
                const result = await run(command);
                process.stdout.write(`ok ${command.id} ${JSON.stringify(result === undefined ? null : result)}\n`);
            } catch (error) {
                const id = command ? command.id : 0;
                process.stdout.write(`error ${id} ${String(error.message).split('\n')[0]}\n`);
            }
        });
    });
    rl.on('close', () => shutdown());
}

async function shutdown() {
    try {
        if (browser) await browser.close();
    } catch {
        // the browser is gone already
    }
    process.exit(0);
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
main().catch((error) => {
    process.stderr.write(`interop-monaco: ${error.stack || error.message}\n`);
    process.exit(1);
});
