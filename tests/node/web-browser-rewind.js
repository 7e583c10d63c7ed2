// Live rewind in the browser page (docs/recording.md "Live rewind", "In the browser"): headless
// Chromium follows `codestream-cli stream FILE` on the embedded server; the viewer scrubs the
// timeline back with real keys and DOM input events while the writer keeps typing. The page must
// show the writer's text at the chosen version (saved by this script when the page reached it),
// keep showing it while deltas arrive, and show the writer's current text after "Back to live".
// A small history bound (window.codestream.setHistoryLimit) must drop the oldest steps behind a
// keyframe and still seek exactly.
// Usage: node web-browser-rewind.js <origin> <codestream-cli>
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

async function waitFor(page, predicate, arg, ms) {
  const end = Date.now() + ms;
  let last = null;
  while (Date.now() < end) {
    last = await page.evaluate(predicate, arg);
    if (last && last.ok) return last;
    await sleep(30);
  }
  return last || { ok: false };
}

// The live model equals `text` and the page is Live; returns the page's document version.
function liveConverged(page, text) {
  return waitFor(page, (expected) => {
    const c = window.codestream;
    if (!c) return { ok: false };
    const live = c.text();
    return { ok: live === expected && c.state() === 'Live', version: c.version() - 1, state: c.state(),
      length: live.length, shownLength: c.shownText().length, rewound: c.rewound() };
  }, text, 20000);
}

// What the editor shows: its model and its rendered lines (the whole document is in view).
function shown(page) {
  return page.evaluate(() => {
    const range = document.getElementById('timeline-range');
    return {
      text: window.codestream.shownText(),
      lines: Array.from(document.querySelectorAll('#viewport .line .code')).map((e) => e.textContent),
      rewound: window.codestream.rewound(),
      value: Number(range.value), min: Number(range.min), max: Number(range.max),
      label: document.getElementById('timeline-label').textContent,
      valueText: range.getAttribute('aria-valuetext'),
      liveButton: !document.getElementById('timeline-live').hidden,
      marked: document.getElementById('editor').classList.contains('rewound'),
    };
  });
}

function linesOf(text) { return text.split(/\r\n|\n|\r/); }

// The editor shows `text` (model and rendered lines), in the given rewound state.
function showsText(page, text, rewound) {
  return waitFor(page, ([expected, expectedLines, wantRewound]) => {
    const c = window.codestream;
    const lines = Array.from(document.querySelectorAll('#viewport .line .code')).map((e) => e.textContent);
    const ok = c.shownText() === expected && c.rewound() === wantRewound &&
      lines.length === expectedLines.length && lines.every((l, i) => l === expectedLines[i]);
    return { ok, rewound: c.rewound(), shownLength: c.shownText().length, renderedLines: lines.length,
      label: document.getElementById('timeline-label').textContent };
  }, [text, linesOf(text), rewound], 10000);
}

function setRange(page, step) {
  return page.evaluate((value) => {
    const range = document.getElementById('timeline-range');
    range.value = String(value);
    range.dispatchEvent(new Event('input', { bubbles: true }));
  }, step);
}

function labelVersion(label) {
  const m = /^Version (-?\d+) at /.exec(label);
  return m ? Number(m[1]) : null;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'codestream-rewind-'));
  const file = path.join(dir, 'main.cpp');
  const lines = [];
  for (let i = 0; i < 24; i++) lines.push(`int line${i} = ${i}; // 日本語 😀`);
  const eol = ['\n', '\r\n'];
  let text = lines.map((l, i) => l + eol[i % 2]).join('');
  fs.writeFileSync(file, text);
  const writer = spawn(cli, ['stream', file, '--server', origin, '--interval', '50'],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  const link = await new Promise((resolve) => {
    const out = readline.createInterface({ input: writer.stdout });
    out.on('line', (line) => { if (line.startsWith('share: ')) resolve(line.slice(7)); });
    writer.on('exit', () => resolve(null));
  });
  check('writer_printsLink', typeof link === 'string', link);

  // The writer's text at each version the page reached (version = the last delta applied).
  const textAt = new Map();
  let edits = 0;
  // Replaces one line of the file (the line count stays, so the whole document stays in view).
  function editLine(n) {
    const all = text.split('\n');
    const i = n % all.length === all.length - 1 ? 0 : n % all.length;
    const cr = all[i].endsWith('\r') ? '\r' : '';
    all[i] = `int edited${n} = ${n * 7}; /* ${'x'.repeat(n % 30)} 🎉 */${cr}`;
    text = all.join('\n');
    fs.writeFileSync(file, text);
    edits++;
  }
  async function editAndConverge(page, n) {
    editLine(n);
    const r = await liveConverged(page, text);
    if (r.ok) textAt.set(r.version, text);
    return r;
  }

  const browser = await chromium.launch({
    executablePath: process.env.CODESTREAM_CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const consoleErrors = [];
    page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => consoleErrors.push(String(e)));
    await page.goto(link);
    let r = await liveConverged(page, text);
    if (r.ok) textAt.set(r.version, text);
    check('page_joins_byteEqual', r.ok, r);

    for (let n = 1; n <= 12 && r.ok; n++) r = await editAndConverge(page, n);
    check('page_followsEdits_byteEqual', r.ok, r);

    let s = await shown(page);
    const access = await page.evaluate(() => {
      const range = document.getElementById('timeline-range');
      return { bar: !document.getElementById('timeline').hidden, type: range.type,
        ariaLabel: range.getAttribute('aria-label') || '', tag: document.getElementById('timeline-live').tagName };
    });
    check('timeline_shownWhileLive_atTheEnd',
      access.bar && access.type === 'range' && access.ariaLabel.length > 0 && access.tag === 'BUTTON' &&
      !s.rewound && s.value === s.max && s.max > s.min && /^Live, version \d+$/.test(s.label) && !s.liveButton &&
      s.valueText === s.label, { access, s });

    // One step back with the keyboard, as a viewer would.
    await page.focus('#timeline-range');
    await page.keyboard.press('ArrowLeft');
    r = await waitFor(page, () => ({ ok: window.codestream.rewound(), label: document.getElementById('timeline-label').textContent }), null, 5000);
    const keyVersion = labelVersion(r.label || '');
    const keyText = textAt.get(keyVersion);
    r = keyText === undefined ? { ok: false, label: r.label } : await showsText(page, keyText, true);
    check('timeline_arrowLeft_showsPreviousVersion', r.ok, Object.assign(r, { keyVersion }));

    // Further back to a chosen version through the input event of the range.
    const versions = Array.from(textAt.keys()).sort((a, b) => a - b);
    const target = versions[4];
    const targetStep = await page.evaluate((v) => window.codestream.stepForVersion(v), target);
    await setRange(page, targetStep);
    r = await showsText(page, textAt.get(target), true);
    s = await shown(page);
    check('timeline_scrubBack_showsWritersOlderText', r.ok && labelVersion(s.label) === target &&
      s.value === targetStep && s.liveButton && s.marked && s.valueText === s.label && / behind live\)$/.test(s.label),
    Object.assign(r, { s, target, targetStep }));

    // The writer keeps typing: the live model follows, the view does not move.
    const before = s;
    let stable = true;
    r = { ok: true };
    for (let n = 13; n <= 24 && r.ok; n++) {
      r = await editAndConverge(page, n);
      const now = await shown(page);
      if (now.text !== before.text || now.value !== targetStep || !now.rewound) stable = false;
    }
    check('page_whileRewound_liveModelFollowsWriter', r.ok && r.rewound, r);
    s = await shown(page);
    const still = await showsText(page, textAt.get(target), true);
    check('timeline_whileRewound_viewDoesNotChange', stable && still.ok && s.value === targetStep &&
      s.max >= before.max + 12 && labelVersion(s.label) === target, { stable, still, before: before.max, after: s.max });

    // Forward again by one step (continues the same keyframe's replay).
    const nextVersion = versions[5];
    await setRange(page, await page.evaluate((v) => window.codestream.stepForVersion(v), nextVersion));
    r = await showsText(page, textAt.get(nextVersion), true);
    check('timeline_scrubForward_showsThatVersion', r.ok, r);

    // Back to live with a mouse click.
    await page.click('#timeline-live');
    r = await showsText(page, text, false);
    s = await shown(page);
    check('backToLive_showsWritersCurrentText', r.ok && !s.liveButton && !s.marked && s.value === s.max &&
      /^Live, version \d+$/.test(s.label), Object.assign(r, { s }));
    r = await editAndConverge(page, 25);
    const after = await showsText(page, text, false);
    check('backToLive_followsNewEdits', r.ok && after.ok, { r, after });

    // Escape also returns; the right end of the slider is live as well.
    await page.focus('#timeline-range');
    await page.keyboard.press('Home');
    r = await waitFor(page, () => ({ ok: window.codestream.rewound() }), null, 5000);
    await page.keyboard.press('Escape');
    const escaped = await showsText(page, text, false);
    await page.keyboard.press('ArrowLeft');
    await waitFor(page, () => ({ ok: window.codestream.rewound() }), null, 5000);
    await page.keyboard.press('End');
    const ended = await showsText(page, text, false);
    check('escapeAndEnd_returnToLive', r.ok && escaped.ok && ended.ok, { escaped, ended });

    // A small bound: the oldest steps go, behind a keyframe, and seeking stays exact.
    const limit = 12000;
    const set = await page.evaluate((n) => [window.codestream.setHistoryLimit(0), window.codestream.setHistoryLimit(n)], limit);
    check('setHistoryLimit_rejectsNonsense', set[0] === false && set[1] === true, set);
    const firstVersion = versions[0];
    for (let n = 26; n <= 105 && r.ok; n++) r = await editAndConverge(page, n);
    check('page_underSmallBound_byteEqual', r.ok, r);
    const h = await page.evaluate(() => window.codestream.history());
    const dropped = await page.evaluate((v) => window.codestream.stepForVersion(v), firstVersion);
    console.log(`measure rewindUnderBound limit=${limit} kept=${h.last - h.first + 1} dropped=${h.dropped} keyframes=${h.keyframes.length} size=${h.size}`);
    check('history_overBound_dropsOldestBehindKeyframe', h.dropped > 0 && h.first > 0 && h.size <= limit &&
      h.keyframes[0] === h.first && h.keyframes.length >= 1 && dropped === null && textAt.has(h.firstVersion),
    { h, dropped, firstVersion });

    await page.focus('#timeline-range');
    await page.keyboard.press('Home');
    r = await showsText(page, textAt.get(h.firstVersion) || '<unknown>', true);
    s = await shown(page);
    check('history_oldestKept_seeksExactly', r.ok && s.value === h.first && s.min === h.first, Object.assign(r, { s }));
    const mid = Array.from(textAt.keys()).filter((v) => v > h.firstVersion).sort((a, b) => a - b);
    let exact = mid.length >= 6;
    if (!exact) console.error(`only ${mid.length} versions after the first kept one`);
    for (const v of exact ? [mid[1], mid[Math.floor(mid.length / 2)], mid[mid.length - 3]] : []) {
      await setRange(page, await page.evaluate((x) => window.codestream.stepForVersion(x), v));
      const got = await showsText(page, textAt.get(v), true);
      if (!got.ok) { exact = false; console.error(`version ${v}: ${JSON.stringify(got)}`); }
    }
    check('history_afterTrim_seeksAcrossKeyframesExactly', exact);
    await page.click('#timeline-live');
    r = await showsText(page, text, false);
    check('history_afterTrim_backToLive', r.ok, r);
    check('page_noConsoleErrors', consoleErrors.length === 0, consoleErrors);
    console.log(`measure rewindEdits ${edits}`);
  } finally {
    await browser.close();
    writer.kill('SIGTERM');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main()
  .then(() => { console.log(`done ${failures}`); process.exit(0); })
  .catch((e) => { console.log(`fail exception ${JSON.stringify(String(e && e.stack || e))}`); console.log(`done ${failures + 1}`); process.exit(1); });
