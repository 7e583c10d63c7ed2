// End-to-end encrypted rooms in the browser page (docs/protocol.md §12): headless Chromium opens
// the share link of `codestream-cli stream --encrypt` on the embedded server and must end
// byte-equal; a link without its key, with another key, with a malformed key, or opened outside
// a secure context shows the matching sentence instead of the document.
// Usage: node web-browser-e2e.js <origin> <codestream-cli>
// Prints "ok <check>" / "fail <check> <detail>", then "done <failures>".
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const readline = require('readline');
const { spawn } = require('child_process');
const { chromium } = require('playwright-core');

const [origin, cli] = process.argv.slice(2);
let failures = 0;
function check(name, condition, detail) {
  if (condition) console.log(`ok ${name}`);
  else { failures++; console.log(`fail ${name} ${detail === undefined ? '' : JSON.stringify(detail)}`); }
}
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const MISSING = 'This stream is end-to-end encrypted, and the link you opened lacks its key';
const MISMATCH = 'This stream is end-to-end encrypted, and the link you opened has a different key';

async function waitFor(page, predicate, arg, ms) {
  const end = Date.now() + ms;
  let last = null;
  while (Date.now() < end) {
    last = await page.evaluate(predicate, arg);
    if (last && last.ok) return last;
    await sleep(50);
  }
  return last || { ok: false };
}

function converged(page, text) {
  return waitFor(page, (expected) => {
    const c = window.codestream;
    if (!c) return { ok: false };
    const shown = c.text();
    return { ok: shown === expected && c.state() === 'Live', state: c.state(), length: shown.length, keyState: c.keyState() };
  }, text, 20000);
}

function noticeShown(page, sentence) {
  return waitFor(page, (expected) => {
    const notice = document.getElementById('notice');
    const editor = document.getElementById('editor');
    const text = window.codestream ? window.codestream.text() : '';
    return { ok: !notice.hidden && notice.textContent === expected && editor.hidden && text === '',
      notice: notice.textContent, hidden: notice.hidden, textLength: text.length };
  }, sentence, 20000);
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codestream-e2e-'));
  const file = path.join(dir, 'secret.cpp');
  let text = '#include <cstdio>\r\n// 日本語 😀\nint main() { return 0; }\n';
  fs.writeFileSync(file, text);
  const writer = spawn(cli, ['stream', file, '--server', origin, '--encrypt', '--interval', '50'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const link = await new Promise((resolve) => {
    const lines = readline.createInterface({ input: writer.stdout });
    lines.on('line', (line) => { if (line.startsWith('share: ')) resolve(line.slice(7)); });
    writer.on('exit', () => resolve(null));
  });
  check('writer_printsLinkWithKey', typeof link === 'string' && /#[a-z2-7]+,[A-Za-z0-9_-]{43}$/.test(link), link);

  const browser = await chromium.launch({
    executablePath: process.env.CODESTREAM_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--host-resolver-rules=MAP lan.invalid 127.0.0.1'],
  });
  try {
    const page = await browser.newPage();
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(link);
    let r = await converged(page, text);
    check('page_opensSealedFull_byteEqual', r.ok, r);
    const opened = text;
    for (const piece of ['\r\nvoid f() {}', ' 🎉 ', '\n// コメント', '\rx']) {
      text = text.replace('int main', piece + 'int main');
      fs.writeFileSync(file, text);
      r = await converged(page, text);
      if (!r.ok) break;
    }
    check('page_followsSealedDeltas_byteEqual', r.ok, r);
    // The timeline holds the opened messages: its first step is the first sealed full.
    await page.focus('#timeline-range');
    await page.keyboard.press('Home');
    const first = await waitFor(page, (expected) => ({ ok: window.codestream.rewound() && window.codestream.shownText() === expected }), opened, 10000);
    await page.click('#timeline-live');
    r = await converged(page, text);
    const back = await page.evaluate(() => ({ rewound: window.codestream.rewound(), shown: window.codestream.shownText() }));
    check('page_sealedStream_timelineRewindsToFirstFull', first.ok && r.ok && !back.rewound && back.shown === text, { first, r, back: back.rewound });
    const keyState = await page.evaluate(() => window.codestream.keyState());
    check('page_keyVerified', keyState === 'Verified', keyState);
    check('page_noConsoleErrors', consoleErrors.length === 0, consoleErrors);

    const room = link.slice(link.indexOf('#') + 1).split(',')[0];
    const wrong = await browser.newPage();
    await wrong.goto(`${origin}/#${room},${'A'.repeat(43)}`);
    r = await noticeShown(wrong, MISMATCH);
    check('pageWithOtherKey_saysDifferentKey', r.ok, r);

    const keyless = await browser.newPage();
    await keyless.goto(`${origin}/#${room}`);
    r = await noticeShown(keyless, MISSING);
    check('pageWithoutKey_saysLacksKey', r.ok, r);

    const malformed = await browser.newPage();
    await malformed.goto(`${origin}/#${room},not-a-key`);
    r = await waitFor(malformed, () => ({ ok: !document.getElementById('notice').hidden, notice: document.getElementById('notice').textContent }), null, 10000);
    check('pageWithMalformedKey_saysSo', r.ok && /not valid/.test(r.notice), r);

    // Not a secure context (plain http on a name that is not localhost): no WebCrypto.
    const insecure = await browser.newPage();
    const port = new URL(origin).port;
    await insecure.goto(`http://lan.invalid:${port}/#${room},${link.split(',').pop()}`);
    r = await waitFor(insecure, () => ({ ok: !document.getElementById('notice').hidden, notice: document.getElementById('notice').textContent, secure: window.isSecureContext }), null, 10000);
    check('pageWithoutSecureContext_explainsWebCrypto', r.ok && /WebCrypto needs HTTPS or localhost/.test(r.notice), r);

    // The good page still follows after all that.
    text += '// still here\n';
    fs.writeFileSync(file, text);
    r = await converged(page, text);
    check('page_afterOtherPages_byteEqual', r.ok, r);
  } finally {
    await browser.close();
    writer.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(() => { console.log(`done ${failures}`); process.exit(0); })
  .catch((e) => { console.log(`fail exception ${JSON.stringify(String(e && e.stack || e))}`); console.log(`done ${failures + 1}`); process.exit(1); });
