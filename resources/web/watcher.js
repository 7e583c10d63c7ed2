// CodeStream browser watcher: shows the room named by the location hash read-only and live.
// Implements the watcher state machine of docs/protocol.md §5 on a plain text model, and opens
// the sealed messages of an end-to-end encrypted room with WebCrypto (§12). Keeps the history
// it applied for a timeline that rewinds while the stream goes on (docs/recording.md §6).
'use strict';

(function () {
  const GAP_TIMEOUT_MS = 1000;      // a version gap not filled in this time -> sync request
  const SYNC_RETRY_MS = 3000;       // no full after a sync request in this time -> ask again
  const MAX_BUFFERED_DELTAS = 20000;
  const HIGHLIGHT_CONTEXT_LINES = 200; // lines above the view highlighted for context
  const HIGHLIGHT_MAX_CHARS = 200000;  // larger windows are shown without highlighting
  const OVERSCAN_LINES = 10;

  const State = Object.freeze({
    Connecting: 'Connecting', Live: 'Live', Resyncing: 'Resyncing', Disconnected: 'Disconnected',
  });

  // ---- Text model: a string plus the UTF-16 offsets of line starts ("\n", "\r\n", "\r"). ----

  function scanLineStarts(text, from, end, out) {
    const limit = Math.min(end, text.length);
    for (let i = from; i < limit; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        if (i + 1 < end) out.push(i + 1);
      } else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) {
          if (i + 2 < end) out.push(i + 2);
          i++;
        } else if (i + 1 < end) {
          out.push(i + 1);
        }
      }
    }
    return out;
  }

  // Index of the last element <= value (array sorted ascending, a[0] = 0).
  function floorIndex(a, value) {
    let lo = 0, hi = a.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (a[mid] <= value) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // Index of the first element >= value, or a.length.
  function lowerBound(a, value) {
    let lo = 0, hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (a[mid] < value) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  // Splits text into lines that keep their line break; the last piece has none (may be empty).
  function splitLines(text) {
    const starts = scanLineStarts(text, 0, text.length + 1, [0]);
    const lines = new Array(starts.length);
    for (let i = 0; i < starts.length; i++) lines[i] = text.slice(starts[i], i + 1 < starts.length ? starts[i + 1] : text.length);
    return lines;
  }

  // The document as an array of lines (each with its line break) and their start offsets, so
  // that an edit costs O(edited lines + line count), not O(document size) string copies.
  class TextModel {
    constructor() { this.setText(''); }

    setText(text) {
      this.lines = splitLines(text);
      this.lineStarts = scanLineStarts(text, 0, text.length + 1, [0]);
      this.length = text.length;
    }

    text() { return this.lines.join(''); }

    lineCount() { return this.lines.length; }

    // Length of line i's content, without its line break.
    contentLength(i) {
      const line = this.lines[i];
      const n = line.length;
      if (n > 0 && line.charCodeAt(n - 1) === 10) return n >= 2 && line.charCodeAt(n - 2) === 13 ? n - 2 : n - 1;
      if (n > 0 && line.charCodeAt(n - 1) === 13) return n - 1;
      return n;
    }

    lineText(i) { return this.lines[i].slice(0, this.contentLength(i)); }

    // Offset of a 1-based Monaco position, or -1 outside the document.
    offsetAt(lineNumber, column) {
      if (!Number.isInteger(lineNumber) || !Number.isInteger(column)) return -1;
      if (lineNumber < 1 || lineNumber > this.lines.length || column < 1) return -1;
      if (column - 1 > this.contentLength(lineNumber - 1)) return -1;
      return this.lineStarts[lineNumber - 1] + column - 1;
    }

    replace(offset, length, insert) {
      const count = this.lines.length;
      const first = floorIndex(this.lineStarts, offset);
      const last = floorIndex(this.lineStarts, offset + length);
      // One line of margin on each side: a "\r" and a "\n" may join or part at the edges.
      const from = Math.max(0, first - 1);
      const to = Math.min(count - 1, last + 1);
      const base = this.lineStarts[from];
      const old = this.lines.slice(from, to + 1).join('');
      const edited = old.slice(0, offset - base) + insert + old.slice(offset + length - base);
      const pieces = splitLines(edited);
      if (to < count - 1) pieces.pop(); // the edited span ends with a line break: no tail piece
      const starts = new Array(pieces.length);
      let at = base;
      for (let i = 0; i < pieces.length; i++) { starts[i] = at; at += pieces[i].length; }
      const delta = insert.length - length;
      const tail = this.lineStarts.slice(to + 1);
      for (let i = 0; i < tail.length; i++) tail[i] += delta;
      this.lines = this.lines.slice(0, from).concat(pieces, this.lines.slice(to + 1));
      this.lineStarts = this.lineStarts.slice(0, from).concat(starts, tail);
      this.length += delta;
    }

    // Applies one Monaco content change by its range; false when it does not fit (diverged).
    // `log`, when given, receives the offset, the replaced length and the text of the edit.
    applyChange(change, log) {
      if (!change || typeof change !== 'object' || !change.range || typeof change.text !== 'string') return false;
      const r = change.range;
      const start = this.offsetAt(r.startLineNumber, r.startColumn);
      const end = this.offsetAt(r.endLineNumber, r.endColumn);
      if (start < 0 || end < start) return false;
      if (typeof change.rangeOffset === 'number' && change.rangeOffset !== start) return false;
      if (typeof change.rangeLength === 'number' && change.rangeLength !== end - start) return false;
      this.replace(start, end - start, change.text);
      if (log) log.push(start, end - start, change.text);
      return true;
    }
  }

  // ---- History: every document state since the page joined, for the timeline. ----
  //
  // A step is the state after one applied full or delta (docs/protocol.md §5), numbered from 0
  // since the page loaded. Deltas are kept as their edits by offset (what the live model applied,
  // so a replay cannot fail); a keyframe is a snapshot of the text, taken at every applied full
  // and after every keyframe interval of kept edits. Seeking copies the nearest keyframe at or
  // before the step and replays at most one interval of edits (docs/recording.md "Live rewind").

  const HISTORY_LIMIT_UNITS = 64 * 1024 * 1024; // text held: keyframes + edits, UTF-16 units
  const KEYFRAME_MIN_UNITS = 256 * 1024;         // edits between keyframes, at least
  const EDIT_OVERHEAD_UNITS = 32;                // what one kept edit costs besides its text
  const STEP_OVERHEAD_UNITS = 96;                // what one step costs besides its edits (objects)
  const REPLAY_CHUNK_UNITS = 4096;
  const CONTINUE_SEEK_STEPS = 64;                // a seek this close ahead continues the last one

  // Text as chunks of a few KB for replaying edits: an edit costs O(chunks + chunk size), not
  // O(document) like a flat string or O(lines) like TextModel.
  class ChunkedText {
    constructor(text) {
      this.chunks = [];
      for (let i = 0; i < text.length; i += REPLAY_CHUNK_UNITS) this.chunks.push(text.slice(i, i + REPLAY_CHUNK_UNITS));
      if (this.chunks.length === 0) this.chunks.push('');
    }

    replace(offset, length, insert) {
      const chunks = this.chunks;
      let i = 0, base = 0;
      while (i < chunks.length - 1 && base + chunks[i].length < offset) base += chunks[i++].length;
      let j = i, end = base + chunks[i].length;
      while (j < chunks.length - 1 && end < offset + length) end += chunks[++j].length;
      const joined = i === j ? chunks[i] : chunks.slice(i, j + 1).join('');
      const edited = joined.slice(0, offset - base) + insert + joined.slice(offset + length - base);
      if (edited.length <= 2 * REPLAY_CHUNK_UNITS) {
        chunks.splice(i, j - i + 1, edited);
        return;
      }
      const pieces = [];
      for (let k = 0; k < edited.length; k += REPLAY_CHUNK_UNITS) pieces.push(edited.slice(k, k + REPLAY_CHUNK_UNITS));
      chunks.splice(i, j - i + 1, ...pieces);
    }

    text() { return this.chunks.join(''); }
  }

  class History {
    constructor() {
      this.limit = HISTORY_LIMIT_UNITS;
      this.clear();
    }

    clear() {
      this.steps = [];      // { version, time, edits: [offset, length, text, ...] | null, snapshot: string | null, size }
      this.first = 0;       // number of steps[0]
      this.keyframes = [];  // numbers of the steps that hold a snapshot, ascending
      this.size = 0;
      this.sinceKeyframe = 0;     // edit units since the last keyframe
      this.sinceKeyframeSize = 0; // step sizes since the last keyframe
      this.dropped = 0;
      this.cache = null;    // { keyframe, step, model }: the last seek, continued when seeking forward
    }

    isEmpty() { return this.steps.length === 0; }
    lastStep() { return this.first + this.steps.length - 1; }
    at(step) { return this.steps[step - this.first] || null; }

    // A full with `version` applied: the document after delta version - 1.
    addFull(version, content) { this.push({ version: version - 1, edits: null, snapshot: content }); }

    // Delta `version` applied to `model` as `edits`.
    addDelta(version, edits, model) {
      let size = 0;
      for (let i = 2; i < edits.length; i += 3) size += EDIT_OVERHEAD_UNITS + edits[i].length;
      // A keyframe bounds the replay (edits since the last one) and what the bound drops at once.
      this.sinceKeyframe += size;
      this.sinceKeyframeSize += STEP_OVERHEAD_UNITS + size;
      const due = this.sinceKeyframe >= Math.max(KEYFRAME_MIN_UNITS, model.length >> 2) ||
        this.sinceKeyframeSize >= Math.max(1, this.limit >> 2);
      const snapshot = this.isEmpty() || due ? model.text() : null;
      this.push({ version: version, edits: edits, snapshot: snapshot }, size);
    }

    push(step, editSize) {
      step.time = Date.now();
      step.size = STEP_OVERHEAD_UNITS + (editSize || 0) + (step.snapshot === null ? 0 : step.snapshot.length);
      this.steps.push(step);
      this.size += step.size;
      if (step.snapshot !== null) {
        this.keyframes.push(this.lastStep());
        this.sinceKeyframe = 0;
        this.sinceKeyframeSize = 0;
      }
      this.trim();
    }

    setLimit(units) {
      if (!Number.isInteger(units) || units < 1) return false;
      this.limit = units;
      this.trim();
      return true;
    }

    // Drops the oldest steps up to the next keyframe while the history is over its limit; the
    // latest keyframe and the steps after it always stay.
    trim() {
      while (this.size > this.limit && this.keyframes.length > 1) {
        const count = this.keyframes[1] - this.first;
        for (let i = 0; i < count; i++) this.size -= this.steps[i].size;
        this.steps.splice(0, count);
        this.keyframes.shift();
        this.first += count;
        this.dropped += count;
      }
    }

    // The document at `step` as a TextModel of its own (reused by the next forward seek), or null.
    seek(step) {
      if (!Number.isInteger(step) || step < this.first || step > this.lastStep()) return null;
      const keyframe = this.keyframes[floorIndex(this.keyframes, step)];
      const c = this.cache;
      let model;
      if (c && c.keyframe === keyframe && c.step <= step && step - c.step <= CONTINUE_SEEK_STEPS) {
        model = c.model;
        this.replay(c.step + 1, step, model);
      } else {
        const text = new ChunkedText(this.at(keyframe).snapshot);
        this.replay(keyframe + 1, step, text);
        model = new TextModel();
        model.setText(text.text());
      }
      this.cache = { keyframe: keyframe, step: step, model: model };
      return model;
    }

    // Applies the edits of steps from … to (inclusive) to `target` (a TextModel or ChunkedText).
    replay(from, to, target) {
      for (let s = from; s <= to; s++) {
        const edits = this.at(s).edits;
        for (let i = 0; i < edits.length; i += 3) target.replace(edits[i], edits[i + 1], edits[i + 2]);
      }
    }

    releaseSeek() { this.cache = null; }

    // The last step that shows the document at `version`, or null.
    stepForVersion(version) {
      for (let i = this.steps.length - 1; i >= 0; i--) {
        if (this.steps[i].version === version) return this.first + i;
      }
      return null;
    }
  }

  // ---- Stream state machine (docs/protocol.md §5). ----

  class StreamWatcher {
    constructor(hooks) {
      this.hooks = hooks;      // { changed(), requestSync(), meta(), cursor() }
      this.model = new TextModel();
      this.history = new History();
      this.reset();
    }

    reset() {
      this.hasBaseline = false;
      this.next = 0;
      this.buffered = new Map();
      this.parts = null;       // { version, parts, slices[], count, message }
      this.clearGapTimer();
    }

    clearGapTimer() {
      if (this.gapTimer) clearTimeout(this.gapTimer);
      this.gapTimer = null;
    }

    handle(message) {
      if (!message || typeof message !== 'object') return;
      switch (message.type) {
      case 'delta': this.onDelta(message); break;
      case 'full': this.onFull(message); break;
      case 'cursor': this.hooks.cursor(message); break;
      case 'meta': this.hooks.meta(message); break;
      default: break; // presence and unknown messages
      }
    }

    onDelta(d) {
      if (!Number.isInteger(d.version) || !Array.isArray(d.changes)) return;
      if (!this.hasBaseline) {
        this.buffer(d);
        return;
      }
      if (d.version < this.next) return; // duplicate
      if (d.version > this.next) {
        this.buffer(d);
        if (!this.gapTimer) {
          this.gapTimer = setTimeout(() => {
            this.gapTimer = null;
            if (this.hasBaseline && this.buffered.size > 0) this.hooks.requestSync('gap');
          }, GAP_TIMEOUT_MS);
        }
        return;
      }
      if (!this.applyDelta(d)) return;
      this.drain();
      this.hooks.changed();
    }

    buffer(d) {
      if (this.buffered.size >= MAX_BUFFERED_DELTAS) {
        this.buffered.clear();
        this.hooks.requestSync('overflow');
      }
      if (!this.buffered.has(d.version)) this.buffered.set(d.version, d);
    }

    applyDelta(d) {
      const edits = [];
      for (const event of d.changes) {
        const changes = event && Array.isArray(event.changes) ? event.changes : null;
        if (!changes) return this.diverged();
        for (const change of changes) {
          if (!this.model.applyChange(change, edits)) return this.diverged();
        }
      }
      this.next = d.version + 1;
      this.history.addDelta(d.version, edits, this.model);
      return true;
    }

    diverged() {
      this.hasBaseline = false;
      this.clearGapTimer();
      this.hooks.requestSync('diverged');
      this.hooks.changed();
      return false;
    }

    drain() {
      for (const v of Array.from(this.buffered.keys())) {
        if (v < this.next) this.buffered.delete(v);
      }
      while (this.buffered.has(this.next)) {
        const d = this.buffered.get(this.next);
        this.buffered.delete(this.next);
        if (!this.applyDelta(d)) return;
      }
      if (this.buffered.size === 0) this.clearGapTimer();
    }

    onFull(f) {
      if (!Number.isInteger(f.version) || typeof f.content !== 'string') return;
      if (Number.isInteger(f.parts) && f.parts > 1) {
        const part = f.part;
        if (!Number.isInteger(part) || part < 0 || part >= f.parts) return;
        if (!this.parts || this.parts.version !== f.version || this.parts.parts !== f.parts) {
          this.parts = { version: f.version, parts: f.parts, slices: new Array(f.parts), count: 0, message: f };
        }
        if (this.parts.slices[part] === undefined) {
          this.parts.slices[part] = f.content;
          this.parts.count++;
          if (part === 0) this.parts.message = f;
        }
        if (this.parts.count < this.parts.parts) return;
        const whole = Object.assign({}, this.parts.message, { content: this.parts.slices.join(''), part: 0, parts: 1 });
        this.parts = null;
        this.onFull(whole);
        return;
      }
      if (this.hasBaseline && f.version < this.next) return; // stale
      this.model.setText(f.content);
      this.hasBaseline = true;
      this.next = f.version;
      this.history.addFull(f.version, f.content);
      this.clearGapTimer();
      if (typeof f.language === 'string' || typeof f.title === 'string') this.hooks.meta(f);
      this.drain();
      this.hooks.fullApplied();
      this.hooks.changed();
    }

    hasGap() { return this.hasBaseline && this.buffered.size > 0; }
  }

  // ---- View: virtualised lines with highlight.js on the visible window. ----

  const EXTENSION_LANGUAGES = {
    c: 'c', h: 'cpp', cc: 'cpp', cpp: 'cpp', cxx: 'cpp', hpp: 'cpp', hh: 'cpp', cs: 'csharp',
    css: 'css', go: 'go', java: 'java', js: 'javascript', mjs: 'javascript', cjs: 'javascript',
    json: 'json', kt: 'kotlin', lua: 'lua', md: 'markdown', php: 'php', pl: 'perl', py: 'python',
    r: 'r', rb: 'ruby', rs: 'rust', scss: 'scss', sh: 'bash', sql: 'sql', swift: 'swift',
    ts: 'typescript', tsx: 'typescript', xml: 'xml', html: 'xml', yaml: 'yaml', yml: 'yaml',
    ini: 'ini', diff: 'diff', mk: 'makefile', vb: 'vbnet',
  };
  const LANGUAGE_ALIASES = { shellscript: 'bash', 'objective-c': 'objectivec', text: 'plaintext', plain: 'plaintext' };

  function escapeHtml(s) {
    return s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
  }

  // Splits highlight.js HTML at "\n", closing and reopening the spans that cross a line break.
  function splitHighlightedLines(html) {
    const lines = [];
    const open = [];
    let current = '';
    const re = /(<span[^>]*>)|(<\/span>)|(\n)|([^<\n]+)/g;
    let m;
    while ((m = re.exec(html))) {
      if (m[1]) { open.push(m[1]); current += m[1]; }
      else if (m[2]) { open.pop(); current += m[2]; }
      else if (m[3]) { lines.push(current + '</span>'.repeat(open.length)); current = open.join(''); }
      else current += m[4];
    }
    lines.push(current + '</span>'.repeat(open.length));
    return lines;
  }

  class CodeView {
    constructor(editor, spacer, viewport, probe, model) {
      this.editor = editor;
      this.spacer = spacer;
      this.viewport = viewport;
      this.probe = probe;
      this.model = model;
      this.language = null;
      this.cursor = null;
      this.scheduled = false;
      this.live = true;
      this.lineHeight = probe.getBoundingClientRect().height || 19;
      editor.addEventListener('scroll', () => this.schedule());
      window.addEventListener('resize', () => this.schedule());
    }

    setLanguage(language, title) {
      let lang = typeof language === 'string' ? language.toLowerCase() : '';
      lang = LANGUAGE_ALIASES[lang] || lang;
      if (!lang && typeof title === 'string') {
        const ext = title.includes('.') ? title.split('.').pop().toLowerCase() : '';
        lang = EXTENSION_LANGUAGES[ext] || '';
      }
      const hl = window.hljs;
      this.language = hl && lang && hl.getLanguage(lang) ? lang : null;
      this.schedule();
      return this.language;
    }

    setCursor(cursor) { this.cursor = cursor; this.schedule(); }

    // Shows `model`; the writer's cursor only on the live one (it refers to the live text).
    show(model, live) {
      this.model = model;
      this.live = live;
      this.schedule();
    }

    schedule() {
      if (this.scheduled) return;
      this.scheduled = true;
      requestAnimationFrame(() => { this.scheduled = false; this.render(); });
    }

    render() {
      const model = this.model;
      const count = model.lineCount();
      const lh = this.lineHeight;
      this.spacer.style.height = (count * lh) + 'px';
      const first = Math.max(0, Math.floor(this.editor.scrollTop / lh) - OVERSCAN_LINES);
      const visible = Math.ceil((this.editor.clientHeight || 600) / lh) + 2 * OVERSCAN_LINES;
      const last = Math.min(count - 1, first + visible);
      const rows = this.highlightRange(first, last);
      const parts = [];
      for (let i = first; i <= last; i++) {
        parts.push('<div class="line"><span class="ln">' + (i + 1) +
          '</span><span class="code">' + (rows[i - first] || '') + '</span></div>');
      }
      this.viewport.innerHTML = parts.join('');
      this.viewport.style.top = (first * lh) + 'px';
      this.renderCursor(first, last);
    }

    highlightRange(first, last) {
      const model = this.model;
      const lines = [];
      const hl = window.hljs;
      if (this.language && hl) {
        const from = Math.max(0, first - HIGHLIGHT_CONTEXT_LINES);
        for (let i = from; i <= last; i++) lines.push(model.lineText(i));
        const source = lines.join('\n');
        if (source.length <= HIGHLIGHT_MAX_CHARS) {
          try {
            const html = hl.highlight(source, { language: this.language, ignoreIllegals: true }).value;
            return splitHighlightedLines(html).slice(first - from);
          } catch (e) {
            // fall through to plain text
          }
        }
        lines.length = 0;
      }
      for (let i = first; i <= last; i++) lines.push(escapeHtml(model.lineText(i)));
      return lines;
    }

    renderCursor(first, last) {
      const c = this.cursor;
      if (!this.live || !c || !Array.isArray(c.selections)) return;
      const rows = this.viewport.children;
      for (const s of c.selections) {
        if (!s) continue;
        const line = s.positionLineNumber - 1;
        if (!Number.isInteger(line) || line < first || line > last) continue;
        const text = this.model.lineText(line);
        const col = Math.max(0, Math.min(text.length, (s.positionColumn | 0) - 1));
        const code = rows[line - first].lastChild;
        const caret = document.createElement('span');
        caret.className = 'caret';
        caret.style.left = (8 + this.measure(text.slice(0, col))) + 'px';
        code.appendChild(caret);
      }
    }

    measure(prefix) {
      const span = this.probe.firstChild;
      span.textContent = prefix;
      return span.getBoundingClientRect().width;
    }
  }

  // ---- Timeline: scrub back through the history while the stream goes on. ----

  function pad2(n) { return (n < 10 ? '0' : '') + n; }
  function clockTime(ms) {
    const d = new Date(ms);
    return pad2(d.getHours()) + ':' + pad2(d.getMinutes()) + ':' + pad2(d.getSeconds());
  }

  // The range input, its label and "Back to live". While rewound the view shows a historic
  // TextModel and stays on it; the live model keeps following the stream in the background.
  class Timeline {
    constructor(elements, history, view, liveModel) {
      this.el = elements; // { bar, range, label, live, editor }
      this.history = history;
      this.view = view;
      this.liveModel = liveModel;
      this.rewound = false;
      this.shown = null;  // the step shown while rewound: { step, version, time }
      this.pending = null;
      this.scheduled = false;
      this.lastSeekMs = null;
      elements.range.addEventListener('input', () => this.requestSeek(Number(elements.range.value)));
      elements.live.addEventListener('click', () => this.backToLive());
      document.addEventListener('keydown', (e) => {
        if (e.key === 'Escape' && this.rewound) this.backToLive();
      });
    }

    // Seeks on the next frame: a dragged slider fires many inputs, one seek per frame is enough.
    requestSeek(step) {
      this.pending = step;
      requestAnimationFrame(() => {
        if (this.pending === null) return;
        const target = this.pending;
        this.pending = null;
        this.seek(target);
      });
    }

    seek(step) {
      if (step >= this.history.lastStep()) { this.backToLive(); return; }
      const started = performance.now();
      const model = this.history.seek(step);
      if (!model) return;
      this.lastSeekMs = performance.now() - started;
      const entry = this.history.at(step);
      this.rewound = true;
      this.shown = { step: step, version: entry.version, time: entry.time };
      this.view.show(model, false);
      this.update();
    }

    backToLive() {
      const hadFocus = document.activeElement === this.el.live;
      this.pending = null;
      this.rewound = false;
      this.shown = null;
      this.history.releaseSeek();
      this.view.show(this.liveModel, true);
      this.update();
      if (hadFocus) this.el.range.focus();
    }

    // After the history grew or was trimmed: on the next frame, not per delta.
    schedule() {
      if (this.scheduled) return;
      this.scheduled = true;
      requestAnimationFrame(() => { this.scheduled = false; this.update(); });
    }

    update() {
      const el = this.el;
      const h = this.history;
      el.bar.hidden = h.isEmpty();
      if (h.isEmpty()) return;
      const last = h.lastStep();
      el.range.max = String(last);
      el.range.min = String(h.first);
      let text;
      if (this.rewound) {
        // The slider stays where the viewer left it (the browser clamps it to a raised minimum).
        el.range.value = String(Math.max(this.shown.step, h.first));
        text = 'Version ' + this.shown.version + ' at ' + clockTime(this.shown.time) + ' (' +
          (last - this.shown.step) + ' behind live)';
      } else {
        el.range.value = String(last);
        text = 'Live, version ' + h.at(last).version;
      }
      el.label.textContent = text;
      el.range.setAttribute('aria-valuetext', text);
      el.live.hidden = !this.rewound;
      el.bar.dataset.rewound = this.rewound ? 'true' : 'false';
      el.editor.classList.toggle('rewound', this.rewound);
    }

    reset() {
      this.backToLive();
      this.el.bar.hidden = true;
    }
  }

  // ---- End-to-end encryption (docs/protocol.md §12): AES-256-GCM with WebCrypto. ----

  const KEY_MESSAGES = Object.freeze({
    Missing: 'This stream is end-to-end encrypted, and the link you opened lacks its key',
    Mismatch: 'This stream is end-to-end encrypted, and the link you opened has a different key',
    Unneeded: 'This stream is not end-to-end encrypted, but the link you opened has a key',
    InvalidKey: 'The key in this link is not valid (expected 43 base64url characters after the comma)',
    NoWebCrypto: 'This stream is end-to-end encrypted, and this browser cannot decrypt it here: ' +
      'WebCrypto needs HTTPS or localhost (open the link over https://, or watch with the ' +
      'CodeStream app)',
  });
  const MISMATCH_THRESHOLD = 2; // failed sealed messages, none opened before: another key

  function base64UrlToBytes(text) {
    if (typeof text !== 'string' || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return null;
    const standard = text.replace(/-/g, '+').replace(/_/g, '/');
    const binary = atob(standard + '='.repeat((4 - standard.length % 4) % 4));
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes;
  }

  function bytesToBase64Url(bytes) {
    let binary = '';
    for (let i = 0; i < bytes.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
    }
    return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  }

  // The 32 key bytes of a 43-character canonical base64url key, or null.
  function parseKey(text) {
    if (!/^[A-Za-z0-9_-]{43}$/.test(text)) return null;
    const bytes = base64UrlToBytes(text);
    if (!bytes || bytes.length !== 32 || bytesToBase64Url(bytes) !== text) return null;
    return bytes;
  }

  // Seals and opens the messages of one room; the key never leaves the page's memory.
  class MessageSealer {
    static async create(keyBytes, roomId) {
      const key = await crypto.subtle.importKey('raw', keyBytes, { name: 'AES-GCM' }, false,
        ['encrypt', 'decrypt']);
      return new MessageSealer(key, new TextEncoder().encode(roomId));
    }

    constructor(key, aad) { this.key = key; this.aad = aad; }

    async seal(message) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const plain = new TextEncoder().encode(JSON.stringify(message));
      const ct = new Uint8Array(await crypto.subtle.encrypt(
        { name: 'AES-GCM', iv: iv, additionalData: this.aad, tagLength: 128 }, this.key, plain));
      return { type: 'sealed', v: 1, iv: bytesToBase64Url(iv), ct: bytesToBase64Url(ct) };
    }

    // The message inside, or null when it does not open (malformed, tampered, another key).
    async open(sealed) {
      const iv = base64UrlToBytes(sealed.iv);
      const ct = base64UrlToBytes(sealed.ct);
      if (!iv || !ct || iv.length !== 12 || ct.length < 16) return null;
      try {
        const plain = await crypto.subtle.decrypt(
          { name: 'AES-GCM', iv: iv, additionalData: this.aad, tagLength: 128 }, this.key, ct);
        const message = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain));
        return message && typeof message === 'object' && !Array.isArray(message) ? message : null;
      } catch (e) {
        return null;
      }
    }
  }

  // ---- Page wiring. ----

  const statusEl = document.getElementById('status');
  function setState(state) {
    if (statusEl.dataset.state === state) return;
    statusEl.dataset.state = state;
    statusEl.textContent = state;
  }

  const noticeEl = document.getElementById('notice');
  // Shows `text` in place of the document.
  function showNotice(text) {
    noticeEl.textContent = text;
    noticeEl.hidden = false;
    document.getElementById('editor').hidden = true;
    setState('Stopped');
  }

  // `sealer`: a MessageSealer when the link carries a key, else null.
  function start(roomId, sealer) {
    const editor = document.getElementById('editor');
    editor.hidden = false;
    // What is known about the key (docs/protocol.md §12): Unknown, Plain, Verified, Missing,
    // Mismatch, Unneeded.
    let keyState = 'Unknown';
    let failedMessages = 0;
    let stopped = false;
    // Sealed messages open asynchronously: one chain keeps them in order.
    let incoming = Promise.resolve();
    let view = null;
    let socket = null;
    let everConnected = false;
    let syncTimer = null;
    let awaitingFull = false;
    let title = '';
    let language = '';

    function updateState() {
      if (stopped) return;
      if (!socket || !socket.connected) {
        setState(everConnected ? State.Disconnected : State.Connecting);
      } else if (!watcher.hasBaseline || awaitingFull || watcher.hasGap()) {
        setState(State.Resyncing);
      } else {
        setState(State.Live);
      }
    }

    let syncRequests = 0;
    function requestSync() {
      if (!socket || !socket.connected || stopped) return;
      awaitingFull = true;
      syncRequests++;
      const request = { data: 'sync' };
      if (sealer) {
        sealer.seal(request).then((data) => {
          if (socket && !stopped) socket.emit('sendToRoom', { room_id: roomId + '-control', data: data });
        });
      } else {
        socket.emit('sendToRoom', { room_id: roomId + '-control', data: request });
      }
      if (syncTimer) clearTimeout(syncTimer);
      syncTimer = setTimeout(() => { syncTimer = null; if (awaitingFull) requestSync(); }, SYNC_RETRY_MS);
      updateState();
    }

    const watcher = new StreamWatcher({
      changed() {
        if (!timeline.rewound) view.schedule();
        timeline.schedule();
        updateState();
      },
      requestSync() { requestSync(); },
      fullApplied() {
        awaitingFull = false;
        if (syncTimer) { clearTimeout(syncTimer); syncTimer = null; }
      },
      meta(m) {
        if (typeof m.title === 'string') {
          title = m.title;
          document.getElementById('title').textContent = title;
          document.title = title + ' – CodeStream';
        }
        if (typeof m.language === 'string') language = m.language;
        const shown = view.setLanguage(language, title);
        document.getElementById('language').textContent = shown || language || '';
      },
      cursor(c) { view.setCursor(c); },
    });
    view = new CodeView(editor, document.getElementById('spacer'), document.getElementById('viewport'),
      document.getElementById('probe'), watcher.model);
    view.schedule();
    const timeline = new Timeline({
      bar: document.getElementById('timeline'),
      range: document.getElementById('timeline-range'),
      label: document.getElementById('timeline-label'),
      live: document.getElementById('timeline-live'),
      editor: editor,
    }, watcher.history, view, watcher.model);

    // The key does not fit the room: say so, show nothing, and stop asking for fulls.
    function keyProblem(state) {
      keyState = state;
      stopped = true;
      if (syncTimer) { clearTimeout(syncTimer); syncTimer = null; }
      watcher.reset();
      watcher.model.setText('');
      watcher.history.clear();
      timeline.reset();
      if (socket) socket.disconnect();
      showNotice(KEY_MESSAGES[state]);
    }

    // One stream message from the room: opened when sealed, checked against the key.
    async function receive(data) {
      if (stopped || !data || typeof data !== 'object') return;
      if (data.type === 'presence') return;
      const sealed = data.type === 'sealed';
      if (!sealer) {
        if (sealed) { keyProblem('Missing'); return; }
        if (keyState === 'Unknown') keyState = 'Plain';
        watcher.handle(data);
        return;
      }
      if (!sealed) {
        // Not authenticated: never shown. Before any sealed message opened, the stream is plain.
        if (keyState !== 'Verified') keyProblem('Unneeded');
        return;
      }
      if (data.v !== 1) return; // a later format: ignored like an unknown type
      const message = await sealer.open(data);
      if (stopped) return;
      if (!message) {
        failedMessages++;
        if (keyState !== 'Verified' && failedMessages >= MISMATCH_THRESHOLD) keyProblem('Mismatch');
        else requestSync();
        return;
      }
      keyState = 'Verified';
      watcher.handle(message);
    }

    // Test and debugging hook: the live document, what the editor shows, the state, the history.
    // setHistoryLimit(units) lowers the history's bound (64 Mi UTF-16 units) for tests.
    window.codestream = {
      text: () => watcher.model.text(),
      shownText: () => view.model.text(),
      rewound: () => timeline.rewound,
      history: () => {
        const h = watcher.history;
        return { first: h.first, last: h.lastStep(), size: h.size, limit: h.limit,
          keyframes: h.keyframes.slice(), dropped: h.dropped,
          firstVersion: h.isEmpty() ? null : h.at(h.first).version, lastSeekMs: timeline.lastSeekMs };
      },
      stepForVersion: (version) => watcher.history.stepForVersion(version),
      setHistoryLimit: (units) => { const ok = watcher.history.setLimit(units); timeline.schedule(); return ok; },
      state: () => statusEl.dataset.state,
      version: () => watcher.next,
      syncRequests: () => syncRequests,
      keyState: () => keyState,
      failedMessages: () => failedMessages,
      notice: () => (noticeEl.hidden ? '' : noticeEl.textContent),
      reconnect: () => { if (socket) { socket.disconnect(); socket.connect(); } },
    };

    function join() {
      socket.emit('joinRoom', { room_id: roomId });
    }

    fetch('/negotiate?room_id=' + encodeURIComponent(roomId))
      .then((res) => { if (!res.ok) throw new Error('negotiate: HTTP ' + res.status); return res.json(); })
      .then((n) => {
        const path = typeof n.path === 'string' && n.path ? n.path : '/clients/socketio/hubs/eio_hub';
        const options = { path: path, reconnection: true, reconnectionDelayMax: 5000 };
        if (typeof n.token === 'string') options.query = { access_token: n.token };
        socket = window.io(n.url || location.origin, options);
        let loginTimer = null;
        socket.on('connect', () => {
          everConnected = true;
          watcher.clearGapTimer();
          // The server greets with "login"; join on it (or shortly after connect without it).
          loginTimer = setTimeout(join, 2000);
          updateState();
        });
        socket.on('login', () => { if (loginTimer) { clearTimeout(loginTimer); loginTimer = null; } join(); });
        socket.on('disconnect', () => {
          if (loginTimer) { clearTimeout(loginTimer); loginTimer = null; }
          awaitingFull = false;
          updateState();
        });
        socket.on('message', (message) => {
          if (!message || typeof message !== 'object') return;
          if (message.type === 'ackJoinRoom') {
            if (message.success) requestSync();
            else console.warn('joinRoom refused:', message.error);
          } else if (message.type === 'editorMessage') {
            const data = message.data;
            incoming = incoming.then(() => receive(data)).then(updateState, (e) => console.error(e));
            return;
          }
          updateState();
        });
        updateState();
      })
      .catch((e) => {
        console.error(e);
        setState(State.Disconnected);
      });
  }

  // `#<room_id>` or `#<room_id>,<key>`: the key follows the last comma (docs/protocol.md §12).
  let fragment = '';
  try { fragment = decodeURIComponent(location.hash.slice(1)).trim(); } catch (e) { fragment = ''; }
  const comma = fragment.lastIndexOf(',');
  const roomId = (comma >= 0 ? fragment.slice(0, comma) : fragment).trim();
  const keyText = comma >= 0 ? fragment.slice(comma + 1).trim() : null;
  if (roomId && keyText !== null) {
    const keyBytes = parseKey(keyText);
    if (!keyBytes) {
      showNotice(KEY_MESSAGES.InvalidKey);
    } else if (!window.isSecureContext || !window.crypto || !window.crypto.subtle) {
      showNotice(KEY_MESSAGES.NoWebCrypto);
    } else {
      MessageSealer.create(keyBytes, roomId).then((sealer) => start(roomId, sealer),
        (e) => { console.error(e); showNotice(KEY_MESSAGES.NoWebCrypto); });
    }
  } else if (roomId) {
    start(roomId, null);
  } else {
    document.getElementById('intro').hidden = false;
    statusEl.hidden = true;
  }
  window.addEventListener('hashchange', () => location.reload());
})();
