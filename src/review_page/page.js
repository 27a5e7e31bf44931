// keikaku review page: the source text beside the extracted items, editable, saved back
// as JSON. No framework, no network. Document text is only ever inserted as text
// (textContent, createTextNode, input values), never as HTML.
'use strict';
(function () {
  // ---------------------------------------------------------------- JSON, kept exact
  // The document is parsed by a small parser (no eval) that keeps what JSON.parse
  // would lose: a number written as `30.0` and the order of keys such as "1", "2"
  // (which JS objects would sort). Saving writes the layout keikaku writes
  // (serde_json's pretty printer: two spaces, `"key": value`), so diffs stay small.
  // Unknown fields are carried through unchanged: items are edited in place.

  /** A number whose literal does not round-trip through a JS number (e.g. 30.0). */
  class Num {
    constructor(lit) { this.lit = lit; }
    valueOf() { return Number(this.lit); }
    toString() { return this.lit; }
  }
  const ORDER = Symbol('key order');
  const isIndexKey = (k) => /^(0|[1-9][0-9]*)$/.test(k);

  function parseJson(text) {
    let i = 0;
    const fail = (what) => { throw new Error('invalid JSON at ' + i + ': ' + what); };
    const ws = () => { while (i < text.length && ' \t\n\r'.indexOf(text[i]) >= 0) i++; };
    const expect = (c) => { ws(); if (text[i] !== c) fail('expected ' + c); i++; };
    function string() {
      if (text[i] !== '"') fail('expected a string');
      const start = i++;
      while (text[i] !== '"') {
        if (i >= text.length) fail('unterminated string');
        if (text[i] === '\\') i++;
        i++;
      }
      i++;
      return JSON.parse(text.slice(start, i));
    }
    function value() {
      ws();
      const c = text[i];
      if (c === '{') {
        i++;
        const o = {};
        const keys = [];
        ws();
        if (text[i] === '}') { i++; return o; }
        for (;;) {
          ws();
          const k = string();
          expect(':');
          Object.defineProperty(o, k, { value: value(), writable: true, enumerable: true, configurable: true });
          keys.push(k);
          ws();
          if (text[i] === ',') { i++; continue; }
          expect('}');
          break;
        }
        if (keys.some(isIndexKey)) Object.defineProperty(o, ORDER, { value: keys });
        return o;
      }
      if (c === '[') {
        i++;
        const a = [];
        ws();
        if (text[i] === ']') { i++; return a; }
        for (;;) {
          a.push(value());
          ws();
          if (text[i] === ',') { i++; continue; }
          expect(']');
          break;
        }
        return a;
      }
      if (c === '"') return string();
      const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 64));
      if (m && m[0]) {
        i += m[0].length;
        const n = Number(m[0]);
        return String(n) === m[0] ? n : new Num(m[0]);
      }
      for (const [word, v] of [['true', true], ['false', false], ['null', null]]) {
        if (text.startsWith(word, i)) { i += word.length; return v; }
      }
      return fail('unexpected character');
    }
    const v = value();
    ws();
    if (i !== text.length) fail('trailing characters');
    return v;
  }

  function keysOf(o) {
    const own = Object.keys(o);
    const order = o[ORDER];
    if (!order) return own;
    const kept = order.filter((k) => Object.prototype.hasOwnProperty.call(o, k));
    return kept.concat(own.filter((k) => kept.indexOf(k) < 0));
  }

  function toJson(v, indent) {
    if (v === null || v === undefined) return 'null';
    if (v instanceof Num) return v.lit;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v === 'string') return JSON.stringify(v);
    const inner = indent + '  ';
    if (Array.isArray(v)) {
      if (!v.length) return '[]';
      return '[\n' + v.map((x) => inner + toJson(x, inner)).join(',\n') + '\n' + indent + ']';
    }
    const keys = keysOf(v);
    if (!keys.length) return '{}';
    return '{\n' + keys.map((k) => inner + JSON.stringify(k) + ': ' + toJson(v[k], inner)).join(',\n') +
      '\n' + indent + '}';
  }

  // ---------------------------------------------------------------- data
  const doc = parseJson(document.getElementById('kk-doc').textContent);
  const SOURCE = JSON.parse(document.getElementById('kk-source').textContent);
  const META = JSON.parse(document.getElementById('kk-meta').textContent);

  /** The top-level arrays of items, in the document's order. */
  const kinds = () => keysOf(doc).filter((k) => Array.isArray(doc[k]));
  const KIND_NAMES = {
    sections: '章節 sections', measures: '施策 measures', status_summaries: '集計 status summaries',
    priorities: '重点 priorities', indicators: '指標 indicators', legends: '凡例 legends',
    glossary: '用語 glossary', warnings: '警告 warnings',
  };
  const ADDABLE = ['measures', 'priorities', 'indicators', 'glossary'];
  const ID_PREFIX = { measures: 'm-', priorities: 'p-', indicators: 'i-', glossary: 'g-' };

  // ---------------------------------------------------------------- byte offsets
  // Spans are UTF-8 byte offsets into the decoded source; JS strings index UTF-16 code
  // units. byteAt[i] is the byte offset of code unit i (a surrogate pair's 4 bytes are
  // counted at its second unit, so a byte offset maps to the pair's first unit).
  const byteAt = new Uint32Array(SOURCE.length + 1);
  const lineStarts = [0];
  {
    let b = 0;
    for (let i = 0; i < SOURCE.length; i++) {
      byteAt[i] = b;
      const c = SOURCE.charCodeAt(i);
      b += c < 0x80 ? 1 : c < 0x800 ? 2 : c >= 0xd800 && c <= 0xdbff ? 0 : c >= 0xdc00 && c <= 0xdfff ? 4 : 3;
      if (c === 10) lineStarts.push(b);
    }
    byteAt[SOURCE.length] = b;
  }
  /** The first code unit at or after byte offset `b`. */
  function indexOfByte(b) {
    let lo = 0, hi = SOURCE.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byteAt[mid] < b) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  /** The 1-based line of byte offset `b`. */
  function lineOfByte(b) {
    let lo = 0, hi = lineStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lineStarts[mid] <= b) lo = mid + 1; else hi = mid;
    }
    return lo;
  }
  function rangeOf(item) {
    const s = item && item.span;
    if (!s || typeof s !== 'object' || typeof s.start !== 'number' || typeof s.end !== 'number') return null;
    const start = indexOfByte(s.start), end = indexOfByte(s.end);
    return end >= start ? { start, end } : null;
  }

  // ---------------------------------------------------------------- state
  let records = []; // { kind, item, key, range, el }
  let segments = []; // { el, start, end, covering: [record] }
  let selected = null; // key of the selected record
  let pending = null; // { start, end } of a source selection to add
  let dirty = false;
  const keyOf = new WeakMap();
  let nextKey = 1;
  const keyFor = (item) => {
    if (!keyOf.has(item)) keyOf.set(item, nextKey++);
    return keyOf.get(item);
  };

  const el = (tag, attrs, ...children) => {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k === 'text') e.textContent = v;
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c !== null && c !== undefined) e.append(c);
    return e;
  };
  const text = (v) => (v === null || v === undefined ? '' : String(v));

  function warningsOf(item, kind) {
    const out = [];
    const id = typeof item.id === 'string' ? item.id : null;
    if (id) for (const w of doc.warnings || []) if (w && w.item === id) out.push(text(w.code) + ': ' + text(w.message));
    if (Array.isArray(item.repairs) && item.repairs.length) out.push('repairs: ' + item.repairs.join(', '));
    if (Array.isArray(item.discrepancies) && item.discrepancies.length) out.push(item.discrepancies.length + ' discrepancies');
    for (const f of ['status', 'category']) if (item[f] && item[f].code === 'other') out.push(f + ' code other');
    if (kind === 'warnings') out.push(text(item.code));
    return out;
  }

  function markChanged() {
    dirty = true;
    document.getElementById('dirty').textContent = '未保存の変更あり (unsaved changes)';
  }

  // ---------------------------------------------------------------- the source pane
  function renderSource() {
    const pre = document.getElementById('source');
    pre.textContent = '';
    const cuts = new Set([0, SOURCE.length]);
    for (const r of records) if (r.range) { cuts.add(r.range.start); cuts.add(r.range.end); }
    const points = Array.from(cuts).sort((a, b) => a - b);
    // Items sorted by start, to find those covering each piece in one sweep.
    const spanned = records.filter((r) => r.range && r.range.end > r.range.start)
      .sort((a, b) => a.range.start - b.range.start);
    let next = 0;
    let open = [];
    segments = [];
    for (let p = 0; p + 1 < points.length; p++) {
      const start = points[p], end = points[p + 1];
      while (next < spanned.length && spanned[next].range.start <= start) open.push(spanned[next++]);
      open = open.filter((r) => r.range.end > start);
      const piece = SOURCE.slice(start, end);
      if (!open.length) { pre.append(document.createTextNode(piece)); continue; }
      const shown = open.filter((r) => r.kind !== 'warnings' && !hiddenKinds.has(r.kind));
      const span = el('span', { class: 'seg' });
      span.textContent = piece;
      if (shown.length) {
        const inner = innermost(shown);
        span.classList.add('hl', 'k-' + (KIND_NAMES[inner.kind] ? inner.kind : 'other'));
        span.title = shown.map((r) => r.kind + ' ' + label(r)).join('\n');
      }
      if (open.some((r) => r.kind === 'warnings')) span.classList.add('warn');
      const seg = { el: span, start, end, covering: open.slice() };
      span.addEventListener('click', () => {
        if (hasSelection()) return;
        const target = innermost(seg.covering.filter((r) => r.kind !== 'warnings')) || innermost(seg.covering);
        if (target) select(target.key, true);
      });
      segments.push(seg);
      pre.append(span);
    }
  }
  const innermost = (rs) => rs.reduce((best, r) =>
    !best || r.range.end - r.range.start < best.range.end - best.range.start ? r : best, null);
  const hasSelection = () => {
    const s = window.getSelection();
    return s && !s.isCollapsed && s.toString().length > 0;
  };

  // ---------------------------------------------------------------- the items pane
  function label(r) {
    const it = r.item;
    for (const f of ['title', 'term', 'name', 'table', 'code']) if (typeof it[f] === 'string') return it[f];
    return '';
  }

  function field(item, name, labelText, multiline) {
    const v = item[name];
    const input = multiline ? el('textarea', {}) : el('input', { type: 'text' });
    input.value = text(v);
    input.className = 'f-' + name;
    input.addEventListener('click', (e) => e.stopPropagation());
    input.addEventListener('input', () => {
      const nullable = v === null || name === 'reading' || name === 'description';
      item[name] = input.value === '' && nullable ? null : input.value;
      markChanged();
    });
    return el('div', { class: 'row' }, el('span', { class: 'label', text: labelText }), el('span', { class: 'value' }, input));
  }
  function show(labelText, value) {
    if (value === null || value === undefined || value === '') return null;
    return el('div', { class: 'row' }, el('span', { class: 'label', text: labelText }), el('span', { class: 'value', text: text(value) }));
  }
  function list(labelText, values) {
    if (!Array.isArray(values) || !values.length) return null;
    const ul = el('ul', {});
    for (const v of values) ul.append(el('li', { text: typeof v === 'string' ? v : toJson(v, '') }));
    return el('div', { class: 'row' }, el('span', { class: 'label', text: labelText }), el('span', { class: 'value' }, ul));
  }
  function coded(item, name, labelText, codes) {
    const sel = el('select', { class: 'f-' + name });
    sel.append(el('option', { value: '', text: '(なし)' }));
    for (const c of codes) sel.append(el('option', { value: c.code, text: c.code + (c.word ? ' ' + c.word : '') }));
    const current = item[name] && typeof item[name].code === 'string' ? item[name].code : '';
    if (current && !codes.some((c) => c.code === current)) sel.append(el('option', { value: current, text: current }));
    sel.value = current;
    sel.addEventListener('click', (e) => e.stopPropagation());
    sel.addEventListener('change', () => {
      if (!sel.value) item[name] = null;
      else if (item[name] && typeof item[name] === 'object') item[name].code = sel.value;
      else {
        const c = codes.find((x) => x.code === sel.value);
        item[name] = { text: c ? c.word : '', code: sel.value };
      }
      markChanged();
      applyFilters();
    });
    const written = item[name] && item[name].text ? '「' + item[name].text + '」' : '';
    return el('div', { class: 'row' }, el('span', { class: 'label', text: labelText }),
      el('span', { class: 'value' }, sel, ' ', el('span', { class: 'note', text: written })));
  }
  const quantity = (q) => (q && typeof q === 'object'
    ? text(q.text) + (q.year !== null && q.year !== undefined ? ' (' + q.year + ')' : '') : null);

  function body(kind, item) {
    const rows = [];
    switch (kind) {
      case 'sections':
        rows.push(show('番号', item.number), field(item, 'title', '見出し'));
        break;
      case 'measures':
        rows.push(show('目標 goal', item.goal), show('方策 strategy', item.strategy), field(item, 'title', '施策 title'),
          list('内容', item.details), list('実施状況', item.progress),
          coded(item, 'status', '状況 status', META.status_codes), coded(item, 'category', '区分 category', META.category_codes),
          show('種類', item.kind), show('表', item.table));
        break;
      case 'priorities':
        rows.push(field(item, 'title', '事業 title'), show('分類', item.group),
          show('期限 deadline', item.deadline ? text(item.deadline.text) + (item.deadline.fiscal_year ? ' → ' + item.deadline.fiscal_year + '年度' : '') : null),
          show('説明', item.description), show('施策', Array.isArray(item.measures) && item.measures.length ? item.measures.length + ' 件' : null));
        break;
      case 'indicators':
        rows.push(field(item, 'name', '指標 name'), show('説明', item.description),
          show('現状値 baseline', quantity(item.baseline)), show('目標値 target', quantity(item.target)),
          show('評価', item.evaluation ? text(item.evaluation.text) + (item.evaluation.meaning ? ' = ' + item.evaluation.meaning : '') : null));
        break;
      case 'glossary':
        rows.push(field(item, 'term', '用語 term'), field(item, 'reading', '読み reading'),
          field(item, 'definition', '説明 definition', true), show('分類', item.group));
        break;
      case 'legends':
        rows.push(show('表', item.table), list('記号', Object.keys(item.marks || {}).map((k) => k + ' = ' + text(item.marks[k]))));
        break;
      case 'status_summaries':
        rows.push(show('表', item.table),
          list('表の集計', Object.keys(item.declared || {}).map((k) => k + ': ' + item.declared[k])),
          list('本文の集計', Object.keys(item.declared_in_prose || {}).map((k) => k + ': ' + item.declared_in_prose[k])),
          list('行から数えた数', Object.keys(item.from_rows || {}).map((k) => k + ': ' + item.from_rows[k])),
          list('食い違い', (item.discrepancies || []).map((d) => text(d.label) + ': ' + text(d.declared_by) + ' ' + text(d.declared) + ' ≠ rows ' + text(d.from_rows))));
        break;
      case 'warnings':
        rows.push(show('code', item.code), show('message', item.message), show('item', item.item));
        break;
      default:
        for (const k of keysOf(item)) {
          if (k === 'span' || k === 'id') continue;
          rows.push(typeof item[k] === 'string' ? show(k, item[k]) : show(k, toJson(item[k], '')));
        }
    }
    return rows;
  }

  function renderItems() {
    const box = document.getElementById('items');
    box.textContent = '';
    for (const kind of kinds()) {
      const group = el('div', { class: 'group k-' + kind, 'data-kind': kind });
      group.append(el('h2', { text: (KIND_NAMES[kind] || kind) + ' (' + doc[kind].length + ')' }));
      for (const r of records.filter((x) => x.kind === kind)) {
        const item = r.item;
        const warns = warningsOf(item, kind);
        const head = el('div', { class: 'head' },
          el('span', { class: 'id', text: typeof item.id === 'string' ? item.id : '' }),
          item.span && typeof item.span.line === 'number' ? el('span', { text: (typeof item.span.page === 'number' ? 'p.' + item.span.page + ' ' : '') + 'L' + item.span.line }) : null,
          warns.length ? el('span', { class: 'flag', text: '⚠ ' + warns.length }) : null);
        const del = el('button', { type: 'button', class: 'delete', text: '削除 delete' });
        del.addEventListener('click', (e) => { e.stopPropagation(); remove(r); });
        head.append(del);
        const card = el('div', { class: 'item' + (warns.length ? ' has-warning' : ''), 'data-kind': kind, 'data-key': String(r.key) }, head);
        if (typeof item.id === 'string') card.setAttribute('data-id', item.id);
        for (const row of body(kind, item)) if (row) card.append(row);
        for (const w of warns) card.append(el('div', { class: 'warning-note', text: '⚠ ' + w }));
        card.addEventListener('click', () => select(r.key, false));
        r.el = card;
        r.warned = warns.length > 0;
        group.append(card);
      }
      box.append(group);
    }
  }

  // ---------------------------------------------------------------- selection
  function select(key, fromText) {
    selected = key;
    for (const r of records) if (r.el) r.el.classList.toggle('selected', r.key === key);
    for (const s of segments) s.el.classList.remove('mark');
    const r = records.find((x) => x.key === key);
    if (!r) return;
    let first = null;
    if (r.range) {
      for (const s of segments) {
        if (s.start >= r.range.start && s.end <= r.range.end) {
          s.el.classList.add('mark');
          if (!first) first = s.el;
        }
      }
    }
    if (fromText && r.el) r.el.scrollIntoView({ block: 'nearest' });
    if (!fromText && first) first.scrollIntoView({ block: 'center' });
  }

  // ---------------------------------------------------------------- filters
  const hiddenKinds = new Set();
  function renderFilters() {
    const box = document.getElementById('kind-filters');
    box.textContent = '';
    for (const kind of kinds()) {
      const cb = el('input', { type: 'checkbox', 'data-kind': kind });
      cb.checked = !hiddenKinds.has(kind);
      cb.addEventListener('change', () => {
        if (cb.checked) hiddenKinds.delete(kind); else hiddenKinds.add(kind);
        renderSource();
        select(selected, true);
        applyFilters();
      });
      box.append(el('label', {}, cb, ' ' + (KIND_NAMES[kind] || kind)));
    }
    const sel = document.getElementById('status-filter');
    const keep = sel.value;
    sel.textContent = '';
    sel.append(el('option', { value: '', text: 'すべて (all)' }));
    for (const c of META.status_codes) sel.append(el('option', { value: c.code, text: c.code + (c.word ? ' ' + c.word : '') }));
    sel.append(el('option', { value: '-', text: 'なし (none)' }));
    sel.value = keep;
  }
  function applyFilters() {
    const status = document.getElementById('status-filter').value;
    const onlyWarned = document.getElementById('warn-filter').checked;
    for (const r of records) {
      if (!r.el) continue;
      let visible = !hiddenKinds.has(r.kind);
      if (status) {
        const code = r.item.status && r.item.status.code;
        visible = visible && r.kind === 'measures' && (status === '-' ? !code : code === status);
      }
      if (onlyWarned) visible = visible && r.warned;
      r.el.classList.toggle('hidden', !visible);
    }
    for (const g of document.querySelectorAll('#items .group')) g.classList.toggle('hidden', hiddenKinds.has(g.getAttribute('data-kind')));
  }

  // ---------------------------------------------------------------- edits
  function remove(r) {
    const arr = doc[r.kind];
    const at = arr.indexOf(r.item);
    if (at < 0) return;
    arr.splice(at, 1);
    const id = typeof r.item.id === 'string' ? r.item.id : null;
    if (id) {
      // As the merge does for a deleted item: references to it go too.
      for (const kind of kinds()) {
        for (const it of doc[kind]) {
          if (!it || typeof it !== 'object') continue;
          for (const k of ['mentions', 'measures']) {
            if (Array.isArray(it[k]) && it[k].indexOf(id) >= 0) it[k] = it[k].filter((x) => x !== id);
          }
          if (it.parent === id) it.parent = null;
          if (it.item === id) delete it.item;
        }
      }
    }
    markChanged();
    rebuild();
  }

  function freshId(kind) {
    const used = new Set();
    for (const k of kinds()) for (const it of doc[k]) if (it && typeof it.id === 'string') used.add(it.id);
    for (;;) {
      const bytes = new Uint8Array(5);
      crypto.getRandomValues(bytes);
      const id = ID_PREFIX[kind] + Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
      if (!used.has(id)) return id;
    }
  }

  function add(kind) {
    if (!pending) return;
    const { start, end } = pending;
    const raw = SOURCE.slice(start, end);
    const title = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
    const b0 = byteAt[start], b1 = byteAt[end];
    const span = { start: b0, end: b1, line: lineOfByte(b0), end_line: lineOfByte(Math.max(b0, b1 - 1)) };
    const id = freshId(kind);
    if (!Array.isArray(doc[kind])) doc[kind] = [];
    const arr = doc[kind];
    const before = arr.filter((it) => it && it.span && typeof it.span.start === 'number' && it.span.start <= b0);
    const prev = before.length ? before[before.length - 1] : null;
    let item;
    if (kind === 'measures') {
      item = { id, kind: prev && prev.kind ? prev.kind : 'evaluation', table: prev && prev.table ? prev.table : 't-review',
        goal: null, strategy: null, title, details: [], progress: [], status: null, category: null, repairs: [], span };
    } else if (kind === 'priorities') {
      item = { id, title, group: null, description: null, deadline: null, measures: [], span };
    } else if (kind === 'indicators') {
      item = { id, name: title, description: null, baseline: null, target: null, evaluation: null, span };
    } else {
      item = { id, term: title, reading: null, group: null, definition: '', mentions: [], span };
    }
    arr.splice(prev ? arr.indexOf(prev) + 1 : 0, 0, item);
    pending = null;
    window.getSelection().removeAllRanges();
    document.getElementById('add-bar').hidden = true;
    markChanged();
    rebuild();
    select(keyFor(item), false);
  }

  /** The code-unit offset of a DOM point inside the source pane. */
  function offsetIn(pre, node, offset) {
    const r = document.createRange();
    r.setStart(pre, 0);
    r.setEnd(node, offset);
    return r.toString().length;
  }
  document.addEventListener('selectionchange', () => {
    const pre = document.getElementById('source');
    const s = window.getSelection();
    const bar = document.getElementById('add-bar');
    if (!s || s.isCollapsed || !s.rangeCount) return;
    const range = s.getRangeAt(0);
    if (!pre.contains(range.startContainer) || !pre.contains(range.endContainer)) return;
    let start = offsetIn(pre, range.startContainer, range.startOffset);
    let end = offsetIn(pre, range.endContainer, range.endOffset);
    while (start < end && /\s/.test(SOURCE[start])) start++;
    while (end > start && /\s/.test(SOURCE[end - 1])) end--;
    if (end <= start) return;
    pending = { start, end };
    document.getElementById('add-text').textContent = SOURCE.slice(start, end);
    bar.hidden = false;
  });

  // ---------------------------------------------------------------- save
  function save() {
    const blob = new Blob([toJson(doc, '') + '\n'], { type: 'application/json' });
    const a = el('a', { download: META.file });
    a.href = URL.createObjectURL(blob);
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    dirty = false;
    document.getElementById('dirty').textContent = '保存しました (saved)';
  }

  // ---------------------------------------------------------------- start
  function rebuild() {
    records = [];
    for (const kind of kinds()) {
      for (const item of doc[kind]) {
        if (!item || typeof item !== 'object') continue;
        records.push({ kind, item, key: keyFor(item), range: rangeOf(item), el: null, warned: false });
      }
    }
    renderFilters();
    renderSource();
    renderItems();
    applyFilters();
    if (selected !== null) select(selected, true);
  }

  const title = doc.document && typeof doc.document.title === 'string' ? doc.document.title : META.file;
  document.title = title + ' — keikaku review';
  document.getElementById('doc-title').textContent = title;
  const kindSelect = document.getElementById('add-kind');
  for (const k of ADDABLE) kindSelect.append(el('option', { value: k, text: KIND_NAMES[k] }));
  document.getElementById('add').addEventListener('click', () => add(kindSelect.value));
  document.getElementById('save').addEventListener('click', save);
  document.getElementById('status-filter').addEventListener('change', applyFilters);
  document.getElementById('warn-filter').addEventListener('change', applyFilters);
  window.addEventListener('beforeunload', (e) => { if (dirty) e.preventDefault(); });
  rebuild();
  document.body.setAttribute('data-ready', 'true');
})();
