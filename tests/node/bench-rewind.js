// Benchmark of the browser page's live rewind (docs/recording.md "In the browser"): headless
// Chromium follows a room in which a socket.io-client writer sends a document of --lines lines and
// then --deltas one-character insertions spread over the document; then the timeline seeks to
// random steps through the range's input event and the page's own seek time is reported.
// Usage: node bench-rewind.js <origin> [--lines N] [--deltas N] [--seeks N]
// (origin: a running `codestream-cli serve`). Prints "measure ..." lines; exit 1 on a mismatch.
'use strict';
const { io } = require('socket.io-client');
const { chromium } = require('playwright-core');

const args = process.argv.slice(2);
const origin = args[0];
function option(name, fallback) {
  const i = args.indexOf(name);
  return i > 0 ? Number(args[i + 1]) : fallback;
}
const LINES = option('--lines', 10000);
const DELTAS = option('--deltas', 50000);
const SEEKS = option('--seeks', 40);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const n = await (await fetch(`${origin}/negotiate`)).json();
  const socket = io(origin, { transports: ['websocket'] });
  const lineText = 'int value = 42; // some code here';
  const lengths = new Int32Array(LINES).fill(lineText.length + 1); // with its "\n"
  const lines = new Array(LINES).fill(lineText);
  let version = 0;
  // A full in parts of at most 500,000 characters (ASCII: within maxPayload, protocol §6).
  const sendFull = () => {
    const content = lines.join('\n') + '\n';
    const parts = Math.ceil(content.length / 500000);
    for (let p = 0; p < parts; p++) {
      socket.emit('sendToRoom', { room_id: n.room_id, data: { type: 'full', version, content: content.slice(p * 500000, (p + 1) * 500000),
        part: p, parts, language: 'cpp', title: 'bench.cpp' } });
    }
  };
  await new Promise((resolve) => {
    socket.on('login', () => socket.emit('joinRoom', { room_id: `${n.room_id}-control`, writer_key: n.writer_key }));
    socket.on('message', (m) => {
      if (m && m.type === 'ackJoinRoom') resolve();
      else if (m && m.type === 'editorMessage' && m.data && m.data.data === 'sync') sendFull();
    });
  });

  const browser = await chromium.launch({
    executablePath: process.env.CODESTREAM_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/#${n.room_id}`);
    await page.waitForFunction(() => window.codestream && window.codestream.state() === 'Live', null, { timeout: 30000 });

    const t0 = Date.now();
    let seed = 11;
    for (let i = 0; i < DELTAS; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const l = seed % LINES;
      const column = 5 + (seed >> 8) % 20;
      let offset = 0;
      for (let k = 0; k < l; k++) offset += lengths[k];
      offset += column - 1;
      lines[l] = lines[l].slice(0, column - 1) + 'x' + lines[l].slice(column - 1);
      lengths[l]++;
      const change = { range: { startLineNumber: l + 1, startColumn: column, endLineNumber: l + 1, endColumn: column },
        rangeOffset: offset, rangeLength: 0, text: 'x' };
      socket.emit('sendToRoom', { room_id: n.room_id, data: { type: 'delta', version: version++, changes: [{ changes: [change] }] } });
      if (i % 500 === 499) await sleep(5);
    }
    const expected = lines.join('\n') + '\n';
    await page.waitForFunction((length) => window.codestream.text().length === length && window.codestream.state() === 'Live',
      expected.length, { timeout: 300000, polling: 200 });
    const live = await page.evaluate(() => window.codestream.text());
    if (live !== expected) throw new Error('the page did not end byte-equal');
    console.log(`measure rewindDeltasToLiveMs ${Date.now() - t0}`);
    const h = await page.evaluate(() => window.codestream.history());
    console.log(`measure rewindHistory lines=${LINES} deltas=${DELTAS} steps=${h.last - h.first + 1} keyframes=${h.keyframes.length} sizeUnits=${h.size}`);

    const times = [];
    for (let i = 0; i < SEEKS; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const step = h.first + seed % (h.last - h.first);
      const ms = await page.evaluate((value) => new Promise((resolve) => {
        const range = document.getElementById('timeline-range');
        range.value = String(value);
        range.dispatchEvent(new Event('input', { bubbles: true }));
        requestAnimationFrame(() => requestAnimationFrame(() => resolve(window.codestream.history().lastSeekMs)));
      }), step);
      times.push(ms);
    }
    times.sort((a, b) => a - b);
    const at = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(1);
    console.log(`measure rewindSeekMs median=${at(0.5)} p90=${at(0.9)} max=${at(1)} seeks=${SEEKS}`);
    const heap = await page.evaluate(() => (performance.memory ? performance.memory.usedJSHeapSize : 0));
    console.log(`measure rewindPageHeapMB ${(heap / 1e6).toFixed(0)}`);
  } finally {
    await browser.close();
    socket.disconnect();
  }
}

main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
