// End-to-end: headless Chromium shows a room of the embedded server while this script acts as
// the writer (docs/protocol.md §4) with the stock socket.io-client: emoji, CJK, CRLF, a full in
// parts, reordered, duplicated and lost deltas. Usage: node web-browser.js <origin>
// Prints "ok <check>" / "fail <check> <detail>", "measure ..." lines, then "done <failures>".
'use strict';
const { io } = require('socket.io-client');
const { chromium } = require('playwright-core');

const origin = process.argv[2];
let failures = 0;
function check(name, condition, detail) {
  if (condition) console.log(`ok ${name}`);
  else { failures++; console.log(`fail ${name} ${detail === undefined ? '' : JSON.stringify(detail)}`); }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Monaco position (1-based, UTF-16) of an offset; line breaks "\r\n", "\n", "\r". Counts on from
// `mark` (the position of an earlier offset whose prefix is unchanged) when it can.
function positionAt(text, offset, mark) {
  let { offset: i, line, lineStart } = mark && mark.offset <= offset ? mark : { offset: 0, line: 1, lineStart: 0 };
  for (; i < offset; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) { line++; lineStart = i + 1; }
  }
  return { offset, line, lineStart, lineNumber: line, column: offset - lineStart + 1 };
}

class Writer {
  constructor(room, key) {
    this.room = room; this.key = key; this.text = ''; this.version = 0; this.fulls = 0; this.syncs = 0;
    this.partsNext = true; this.mark = null;
    this.fullTexts = new Map(); // document version (full's version - 1) -> the text it carried
  }
  async connect() {
    this.socket = io(origin, { transports: ['websocket'] });
    this.socket.on('login', () => this.socket.emit('joinRoom', { room_id: `${this.room}-control`, writer_key: this.key }));
    this.joined = new Promise((resolve) => {
      this.socket.on('message', (m) => {
        if (m && m.type === 'ackJoinRoom') resolve(m.success);
        else if (m && m.type === 'editorMessage' && m.data && m.data.data === 'sync') { this.syncs++; this.sendFull(); }
      });
    });
    return this.joined;
  }
  send(data) { this.socket.emit('sendToRoom', { room_id: this.room, data }); }
  sendFull() {
    this.fulls++;
    this.fullTexts.set(this.version - 1, this.text);
    if (this.partsNext && this.text.length > 10) { // one full in three parts
      this.partsNext = false;
      const cut1 = Math.floor(this.text.length / 3), cut2 = Math.floor(2 * this.text.length / 3);
      const slices = [this.text.slice(0, cut1), this.text.slice(cut1, cut2), this.text.slice(cut2)];
      [2, 0, 1].forEach((p) => this.send({ type: 'full', version: this.version, content: slices[p], part: p, parts: 3, language: 'cpp', title: 'main.cpp' }));
      return;
    }
    this.send({ type: 'full', version: this.version, content: this.text, language: 'cpp', title: 'main.cpp' });
  }
  // Replaces [offset, offset+length) and returns the delta (not sent).
  edit(offset, length, insert) {
    const start = positionAt(this.text, offset, this.mark);
    const end = positionAt(this.text, offset + length, start);
    const change = {
      range: { startLineNumber: start.lineNumber, startColumn: start.column, endLineNumber: end.lineNumber, endColumn: end.column },
      rangeOffset: offset, rangeLength: length, text: insert,
    };
    this.text = this.text.slice(0, offset) + insert + this.text.slice(offset + length);
    if (this.textAt) this.textAt.set(this.version, this.text);
    // The prefix before `offset` is unchanged; its state holds unless a "\r" there can pair up.
    this.mark = this.text.charCodeAt(offset - 1) === 13 ? null : start;
    const event = { changes: [change], eol: '\n', versionId: this.version + 2, isUndoing: false, isRedoing: false, isFlush: false, isEolChange: false };
    return { type: 'delta', version: this.version++, changes: [event] };
  }
}

const pieces = ['int main() {', '\r\n', '\n', '\r', '    return 0;', '😀', '日本語のコード', 'é', '\t', '// コメント 🎉', '"str\\"ing"', '}', ' ', 'x'];
let seed = 7;
function rnd(n) { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; }
// `big`: a span of up to 6,000 characters replaced by up to 400 copies of a piece.
function randomEdit(w, big) {
  const t = w.text;
  let offset = rnd(t.length + 1);
  // never split a surrogate pair or a CRLF
  const prev = t.charCodeAt(offset - 1);
  if ((prev >= 0xd800 && prev <= 0xdbff) || (prev === 13 && t.charCodeAt(offset) === 10)) offset--;
  let length = big ? rnd(6000) : t.length > 200 ? rnd(Math.min(12, t.length - offset) + 1) : rnd(3);
  length = Math.min(length, t.length - offset);
  const last = t.charCodeAt(offset + length - 1);
  if (length > 0 && ((last >= 0xd800 && last <= 0xdbff) || (last === 13 && t.charCodeAt(offset + length) === 10))) length++;
  if (offset + length > t.length) length = t.length - offset;
  let insert = big ? pieces[rnd(pieces.length)].repeat(rnd(400)) : '';
  for (let i = rnd(3) + (t.length < 50 ? 1 : 0); i > 0; i--) insert += pieces[rnd(pieces.length)];
  return w.edit(offset, length, insert);
}

async function pageText(page) { return page.evaluate(() => (window.codestream ? window.codestream.text() : null)); }
async function pageState(page) { return page.evaluate(() => (window.codestream ? window.codestream.state() : null)); }

async function waitConverged(page, w, ms) {
  const end = Date.now() + ms;
  let text = null, state = null;
  while (Date.now() < end) {
    text = await pageText(page); state = await pageState(page);
    if (text === w.text && state === 'Live') return { ok: true };
    await sleep(50);
  }
  return { ok: false, state, pageLength: text === null ? null : text.length, writerLength: w.text.length };
}

async function main() {
  const n = await (await fetch(`${origin}/negotiate`)).json();
  const w = new Writer(n.room_id, n.writer_key);
  check('writer_joinsControl', await w.connect());
  // Content before any watcher: the page must get it through its sync.
  w.send(w.edit(0, 0, '#include <cstdio>\r\n// 日本語 😀\n'));

  const browser = await chromium.launch({
    executablePath: process.env.CODESTREAM_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage();
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    const t0 = Date.now();
    await page.goto(`${origin}/#${n.room_id}`);
    // Typing while the page joins: deltas reach it before its baseline and are buffered.
    for (let i = 0; i < 40; i++) { w.send(randomEdit(w)); await sleep(25); }
    let r = await waitConverged(page, w, 20000);
    check('page_syncsOnJoin', r.ok, r);
    console.log(`measure joinToLiveMs ${Date.now() - t0}`);
    check('fullInParts_assembled', w.fulls >= 1 && !w.partsNext, { fulls: w.fulls });

    // The timeline's first step is that full, assembled from its parts (docs/recording.md,
    // "In the browser"); Escape returns to live.
    const history = await page.evaluate(() => window.codestream.history());
    await page.focus('#timeline-range');
    await page.keyboard.press('Home');
    const firstText = w.fullTexts.get(history.firstVersion);
    let rewound = null;
    for (const end = Date.now() + 10000; Date.now() < end; await sleep(30)) {
      rewound = await page.evaluate(() => ({ rewound: window.codestream.rewound(), shown: window.codestream.shownText() }));
      if (rewound.rewound && rewound.shown === firstText) break;
    }
    await page.keyboard.press('Escape');
    r = await waitConverged(page, w, 20000);
    const live = await page.evaluate(() => ({ rewound: window.codestream.rewound(), shown: window.codestream.shownText() }));
    check('timeline_firstStep_isTheAssembledFull', firstText !== undefined && rewound.rewound &&
      rewound.shown === firstText && r.ok && !live.rewound && live.shown === w.text,
    { history, known: Array.from(w.fullTexts.keys()), rewound: rewound.rewound, live: live.rewound });

    // Steady typing.
    for (let i = 0; i < 150; i++) { w.send(randomEdit(w)); if (i % 10 === 0) await sleep(20); }
    w.send({ type: 'cursor', version: w.version, selections: [{ selectionStartLineNumber: 1, selectionStartColumn: 1, positionLineNumber: 1, positionColumn: 3 }] });
    r = await waitConverged(page, w, 20000);
    check('page_followsDeltas_byteEqual', r.ok, r);
    // The cursor message follows the last delta: the caret may be drawn after the text converged.
    const caret = await page.waitForSelector('.caret', { timeout: 10000 })
      .then(() => page.evaluate(() => document.querySelectorAll('.caret').length), () => 0);
    check('page_showsWriterCursor', caret >= 1, caret);

    // Reordered and duplicated deltas: applied in version order, duplicates dropped.
    const d1 = randomEdit(w), d2 = randomEdit(w), d3 = randomEdit(w);
    w.send(d2); w.send(d1); w.send(d1); w.send(d3); w.send(d2);
    r = await waitConverged(page, w, 20000);
    check('page_reorderedAndDuplicated_byteEqual', r.ok, r);

    // A lost delta: the gap is detected and repaired by a sync.
    const syncsBefore = w.syncs;
    randomEdit(w); // never sent
    for (let i = 0; i < 5; i++) w.send(randomEdit(w));
    const tg = Date.now();
    r = await waitConverged(page, w, 20000);
    check('page_lostDelta_resyncs_byteEqual', r.ok && w.syncs > syncsBefore, Object.assign(r, { syncs: w.syncs - syncsBefore }));
    console.log(`measure gapRepairMs ${Date.now() - tg}`);

    // Divergence: a change outside the document triggers a sync.
    const syncsBefore2 = w.syncs;
    w.send({ type: 'delta', version: w.version++, changes: [{ changes: [{ range: { startLineNumber: 9999, startColumn: 1, endLineNumber: 9999, endColumn: 1 }, rangeOffset: 1e9, rangeLength: 0, text: 'x' }] }] });
    for (const end = Date.now() + 20000; w.syncs === syncsBefore2 && Date.now() < end;) await sleep(20);
    r = await waitConverged(page, w, 20000);
    check('page_divergence_resyncs', r.ok && w.syncs > syncsBefore2, r);

    const highlighted = await page.evaluate(() => document.querySelectorAll('.code span[class^="hljs-"]').length);
    check('page_highlightsCpp', highlighted > 0, highlighted);
    const lineNumbers = await page.evaluate(() => document.querySelectorAll('.ln').length);
    check('page_showsLineNumbers', lineNumbers > 1, lineNumbers);

    // Writer reconnects (new socket, same writer key) and keeps streaming.
    w.socket.disconnect();
    check('writer_reclaimsWithKey', await w.connect());
    for (let i = 0; i < 20; i++) w.send(randomEdit(w));
    r = await waitConverged(page, w, 20000);
    check('page_afterWriterReconnect_byteEqual', r.ok, r);

    // The page's own reconnect: it rejoins and asks for a sync.
    const pageSyncs = await page.evaluate(() => window.codestream.syncRequests());
    await page.evaluate(() => window.codestream.reconnect());
    for (let i = 0; i < 5; i++) w.send(randomEdit(w));
    r = await waitConverged(page, w, 20000);
    const pageSyncsAfter = await page.evaluate(() => window.codestream.syncRequests());
    check('page_reconnect_rejoinsAndResyncs', r.ok && pageSyncsAfter > pageSyncs, Object.assign(r, { pageSyncs, pageSyncsAfter }));

    // The timeline replays exactly (docs/recording.md "In the browser"): a document of several
    // replay chunks, random edits (some over thousands of characters), then seeks to random steps
    // in both directions, each compared with the writer's text at that version.
    w.textAt = new Map();
    w.send(w.edit(w.text.length, 0, '// filler 日本語 😀 text\r\n'.repeat(1500)));
    for (let i = 0; i < 200; i++) { w.send(randomEdit(w, i % 10 === 9)); if (i % 20 === 0) await sleep(20); }
    r = await waitConverged(page, w, 20000);
    const texts = w.textAt;
    w.textAt = null;
    const recorded = Array.from(texts.keys());
    const targets = [];
    for (let i = 0; i < 24; i++) targets.push(recorded[rnd(recorded.length)]);
    targets.sort((a, b) => a - b);
    targets.push(recorded[5], recorded[recorded.length - 2], recorded[1], recorded[recorded.length - 1]);
    let seeks = 0;
    const mismatches = [];
    for (const v of targets) {
      const step = await page.evaluate((x) => window.codestream.stepForVersion(x), v);
      if (step === null) { mismatches.push({ v, step }); continue; }
      await page.evaluate((value) => {
        const range = document.getElementById('timeline-range');
        range.value = String(value);
        range.dispatchEvent(new Event('input', { bubbles: true }));
      }, step);
      // The last version is live (the range's right end); any other is shown rewound.
      const atEnd = v === recorded[recorded.length - 1];
      let ok = false;
      for (const end = Date.now() + 5000; !ok && Date.now() < end; await sleep(20)) {
        ok = await page.evaluate(([x, rewound]) => window.codestream.shownText() === x &&
          window.codestream.rewound() === rewound, [texts.get(v), !atEnd]);
      }
      seeks++;
      if (!ok) mismatches.push({ v, step });
    }
    await page.keyboard.press('Escape');
    const backLive = await waitConverged(page, w, 20000);
    const rewoundAfter = await page.evaluate(() => window.codestream.rewound());
    check('timeline_seeksExactly_randomEditsAcrossChunks', r.ok && backLive.ok && !rewoundAfter && seeks >= 25 &&
      mismatches.length === 0, { r, backLive, seeks, mismatches });

    // A large document: a 600 KB insertion, then typing near its end.
    const tl = Date.now();
    const block = 'int value_日本 = 42; // 😀 line\r\n';
    w.send(w.edit(w.text.length, 0, block.repeat(Math.ceil(600000 / block.length))));
    for (let i = 0; i < 300; i++) {
      let at = w.text.length - 10;
      if (w.text.charCodeAt(at - 1) === 13) at--; // never between "\r" and "\n"
      w.send(w.edit(at, 0, i % 20 === 19 ? '\n' : 'x'));
      if (i % 25 === 0) await sleep(10);
    }
    r = await waitConverged(page, w, 60000);
    check('page_largeDocument_byteEqual', r.ok, r);
    console.log(`measure largeDocument600KB_301deltasToLiveMs ${Date.now() - tl}`);

    check('page_noConsoleErrors', consoleErrors.length === 0, consoleErrors);

    const intro = await browser.newPage();
    await intro.goto(`${origin}/`);
    const introVisible = await intro.evaluate(() => !document.getElementById('intro').hidden);
    check('pageWithoutRoom_explainsLink', introVisible);
  } finally {
    await browser.close();
    w.socket.disconnect();
  }
}

main()
  .then(() => { console.log(`done ${failures}`); process.exit(0); })
  .catch((e) => { console.log(`fail exception ${JSON.stringify(String(e && e.stack || e))}`); console.log(`done ${failures + 1}`); process.exit(1); });
