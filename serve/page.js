// parasearch-serve's search page. Every piece of data reaches the page through textContent or an
// attribute set with setAttribute, never as markup: a query or a passage holding <script> stays text.
'use strict';

const PAGE = 10;          // hits per page
const SNIPPET = 320;      // characters of a snippet
const FACET_VALUES = 8;   // values shown per facet before "more"
let facetNames = [];      // the facets the server offers (GET /api/health)

const $ = (id) => document.getElementById(id);

// An element with `text` (as text) and attributes.
function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}

// The page state lives in the URL: q, offset, per_doc and repeated filter parameters.
function state() {
  const p = new URLSearchParams(location.search);
  return { q: p.get('q') || '', offset: Number(p.get('offset')) || 0, perDoc: p.get('per_doc') === '1',
           filters: p.getAll('filter') };
}

function urlOf(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.offset) p.set('offset', String(s.offset));
  if (s.perDoc) p.set('per_doc', '1');
  for (const f of s.filters) p.append('filter', f);
  return '/?' + p.toString();
}

function go(s) {
  history.pushState(null, '', urlOf(s));
  render();
}

// The permalink of a passage: /p/<path, each part encoded>#<paragraph>.
function permalink(path, paragraph) {
  return '/p/' + path.split('/').map(encodeURIComponent).join('/') + '#' + paragraph;
}

async function api(endpoint, params) {
  const res = await fetch(endpoint + '?' + params.toString(), { headers: { Accept: 'application/json' } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error || ('HTTP ' + res.status));
  return body;
}

// `text` with the [begin, end) code-point ranges of `highlights` in <mark>: a window of about
// SNIPPET characters around the first match when `whole` is false.
function marked(text, highlights, whole) {
  const cps = Array.from(text);
  let from = 0, to = cps.length;
  if (!whole && cps.length > SNIPPET) {
    const first = highlights.length ? highlights[0][0] : 0;
    from = Math.max(0, first - Math.floor(SNIPPET / 3));
    to = Math.min(cps.length, from + SNIPPET);
    from = Math.max(0, to - SNIPPET);
    while (from > 0 && from < first && cps[from - 1] !== ' ') from++;   // start on a word
    while (to < cps.length && to > from && cps[to] !== ' ') to--;          // end on a word
  }
  const frag = document.createDocumentFragment();
  if (from > 0) frag.append('\u2026');
  let at = from;
  for (const [b, e] of highlights) {
    if (e <= at || b >= to) continue;
    const s = Math.max(b, at);
    frag.append(cps.slice(at, s).join(''));
    frag.append(el('mark', cps.slice(s, Math.min(e, to)).join('')));
    at = Math.min(e, to);
  }
  frag.append(cps.slice(at, to).join(''));
  if (to < cps.length) frag.append('\u2026');
  return frag;
}

const STANDARD = new Set(['rank', 'score', 'path', 'paragraph', 'title', 'text', 'snippet', 'highlights', 'page',
  'page_label', 'language', 'others', 'before', 'after', 'explanation']);

// "¶12, p. 3"
function place(h) {
  let s = '\u00B6' + h.paragraph;
  if (h.page) s += ', p. ' + (h.page_label || h.page);
  return s;
}

function fieldsLine(h) {
  const parts = [];
  for (const [k, v] of Object.entries(h)) if (!STANDARD.has(k)) parts.push(k + ': ' + v);
  if (h.language) parts.push('lang: ' + h.language);
  return parts.join(' \u00B7 ');
}

function hitItem(h, s) {
  const li = el('li', null, { class: 'hit' });
  const title = el('h3');
  title.append(el('a', h.title || h.path, { href: permalink(h.path, h.paragraph) }));
  li.append(title);
  li.append(el('p', h.path + '  ' + place(h), { class: 'where' }));
  const fields = fieldsLine(h);
  if (fields) li.append(el('p', fields, { class: 'fields' }));
  const snippet = el('p', null, { class: 'snippet' });
  snippet.append(marked(h.text, h.highlights, false));
  li.append(snippet);
  const context = el('div', null, { class: 'context', hidden: '' });
  li.append(context);
  const actions = el('div', null, { class: 'actions' });
  const expand = el('button', 'context', { type: 'button', 'aria-expanded': 'false' });
  expand.addEventListener('click', () => toggleContext(h, snippet, context, expand));
  actions.append(expand);
  const more = s.filters.includes('path:' + h.path) ? null :
    el('a', 'more from this document' + (h.others ? ' (' + h.others + ')' : ''),
       { href: urlOf({ q: s.q, offset: 0, perDoc: false, filters: s.filters.concat(['path:' + h.path]) }) });
  if (more) {
    more.addEventListener('click', (ev) => { ev.preventDefault(); go({ q: s.q, offset: 0, perDoc: false,
                                                                       filters: s.filters.concat(['path:' + h.path]) }); });
    actions.append(more);
  }
  actions.append(el('a', 'permalink', { href: permalink(h.path, h.paragraph) }));
  li.append(actions);
  return li;
}

// Shows (or hides) two paragraphs before and after a hit, the hit itself marked.
async function toggleContext(h, snippet, box, button) {
  if (!box.hidden) {
    box.hidden = true; snippet.hidden = false; button.setAttribute('aria-expanded', 'false');
    return;
  }
  if (!box.childElementCount) {
    try {
      const p = await api('/api/passage', new URLSearchParams({ path: h.path, paragraph: h.paragraph, context: 2 }));
      for (const c of p.before || []) box.append(el('p', '\u00B6' + c.paragraph + '  ' + c.text));
      const target = el('p', null, { class: 'target' });
      target.append(marked(h.text, h.highlights, true));
      box.append(target);
      for (const c of p.after || []) box.append(el('p', '\u00B6' + c.paragraph + '  ' + c.text));
    } catch (e) {
      box.append(el('p', e.message, { class: 'error' }));
    }
  }
  box.hidden = false; snippet.hidden = true; button.setAttribute('aria-expanded', 'true');
}

function facetList(name, counts, s) {
  const field = name.split('/')[0];
  const div = el('div', null, { class: 'facet', 'data-facet': name });
  div.append(el('h2', name.replace('/', ' by ')));
  const ul = el('ul');
  const entries = Object.entries(counts);
  entries.forEach(([value, n], i) => {
    const filter = field + ':' + value;
    const on = s.filters.includes(filter);
    const li = el('li', null, i >= FACET_VALUES ? { hidden: '' } : {});
    const b = el('button', null, { type: 'button', 'aria-pressed': on ? 'true' : 'false', 'data-filter': filter });
    b.append(el('span', value), el('span', n, { class: 'count' }));
    b.addEventListener('click', () => go({ q: s.q, offset: 0, perDoc: s.perDoc,
      filters: on ? s.filters.filter((f) => f !== filter) : s.filters.concat([filter]) }));
    li.append(b);
    ul.append(li);
  });
  div.append(ul);
  if (entries.length > FACET_VALUES) {
    const more = el('button', 'show all ' + entries.length, { type: 'button', class: 'more' });
    more.addEventListener('click', () => { for (const li of ul.children) li.hidden = false; more.remove(); });
    div.append(more);
  }
  return div;
}

function clear() {
  for (const id of ['facets', 'filters', 'hits', 'pager']) $(id).replaceChildren();
  $('status').textContent = '';
  $('passage').hidden = true;
  $('passage').replaceChildren();
}

async function render() {
  clear();
  const s = state();
  $('q').value = s.q;
  $('per_doc').checked = s.perDoc;
  if (location.pathname.startsWith('/p/')) return renderPassage();
  if (!s.q) { $('status').textContent = 'Type a query and press Enter.'; return; }
  for (const f of s.filters) {
    const b = el('button', f + ' \u00D7', { type: 'button', 'aria-label': 'remove filter ' + f, class: 'chip' });
    b.addEventListener('click', () => go({ q: s.q, offset: 0, perDoc: s.perDoc, filters: s.filters.filter((x) => x !== f) }));
    $('filters').append(b);
  }
  const params = new URLSearchParams({ q: s.q, limit: PAGE, offset: s.offset });
  if (s.perDoc) params.set('per_doc', '1');
  if (facetNames.length) params.set('facets', facetNames.join(','));
  for (const f of s.filters) params.append('filter', f);
  $('status').textContent = 'Searching\u2026';
  let r;
  try {
    r = await api('/api/search', params);
  } catch (e) {
    $('status').textContent = e.message;
    $('status').className = 'error';
    return;
  }
  $('status').className = '';
  const first = s.offset + 1, last = s.offset + r.hits.length;
  $('status').textContent = r.hits.length
    ? 'About ' + r.total + (s.perDoc ? ' documents' : ' passages') + '; showing ' + first + '\u2013' + last + '.'
    : 'No passages match' + (s.offset ? ' beyond the first ' + s.offset : '') + '.';
  if (r.suggestion) $('status').append(' Did you mean: ', el('em', r.suggestion));
  for (const h of r.hits) $('hits').append(hitItem(h, s));
  for (const [name, counts] of Object.entries(r.facets || {})) $('facets').append(facetList(name, counts, s));
  if (s.offset > 0) {
    const prev = el('button', '\u2190 previous', { type: 'button', id: 'prev' });
    prev.addEventListener('click', () => go({ ...s, offset: Math.max(0, s.offset - PAGE) }));
    $('pager').append(prev);
  }
  if (last < r.total && r.hits.length === PAGE) {
    const next = el('button', 'next \u2192', { type: 'button', id: 'next' });
    next.addEventListener('click', () => go({ ...s, offset: s.offset + PAGE }));
    $('pager').append(next);
  }
}

// A permalink: /p/<path>#<paragraph>: that paragraph with three before and after.
async function renderPassage() {
  const path = location.pathname.slice(3).split('/').map(decodeURIComponent).join('/');
  const paragraph = Number(location.hash.slice(1)) || 1;
  const box = $('passage');
  box.hidden = false;
  box.className = 'passage';
  try {
    const p = await api('/api/passage', new URLSearchParams({ path, paragraph, context: 3 }));
    document.title = (p.title || p.path) + ' \u00B6' + p.paragraph + ' \u2013 parasearch';
    box.append(el('h1', p.title || p.path));
    box.append(el('p', p.path + '  ' + place(p), { class: 'where' }));
    const fields = fieldsLine(p);
    if (fields) box.append(el('p', fields, { class: 'fields' }));
    const para = (c, target) => {
      const e = el('p', null, target ? { class: 'target', id: 'p' + c.paragraph, tabindex: '-1' } : {});
      e.append(el('span', '\u00B6' + c.paragraph, { class: 'num' }), c.text);
      return e;
    };
    for (const c of p.before || []) box.append(para(c, false));
    box.append(para(p, true));
    for (const c of p.after || []) box.append(para(c, false));
    const nav = el('p');
    nav.append(el('a', 'new search', { href: '/' }));
    box.append(nav);
  } catch (e) {
    box.append(el('p', e.message, { class: 'error' }));
  }
}

document.addEventListener('keydown', (ev) => {
  if (ev.key === '/' && document.activeElement !== $('q')) { ev.preventDefault(); $('q').focus(); $('q').select(); }
});
$('search').addEventListener('submit', (ev) => {
  ev.preventDefault();
  const q = $('q').value.trim();
  if (location.pathname !== '/') { location.href = urlOf({ q, offset: 0, perDoc: $('per_doc').checked, filters: [] }); return; }
  go({ q, offset: 0, perDoc: $('per_doc').checked, filters: q === state().q ? state().filters : [] });
});
$('per_doc').addEventListener('change', () => { const s = state(); if (s.q) go({ ...s, offset: 0, perDoc: $('per_doc').checked }); });
window.addEventListener('popstate', render);
window.addEventListener('hashchange', render);

(async () => {
  try { facetNames = (await api('/api/health', new URLSearchParams())).facets || []; } catch (e) { facetNames = []; }
  render();
})();
