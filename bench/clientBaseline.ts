/**
 * The client benchmark's baseline: the same rows as plain data in a minimal virtualized list
 * (fixed row height, no sync, no stores, no framework), so the ratios show what Kaon's own layers
 * cost. Served by Playwright routes in a browser context of its own.
 */
export interface PlainRow {
  id: string;
  contactName: string;
  preview: string;
  lastAt: number;
  assigneeId: string | null;
}

export const BASELINE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>baseline</title>
<style>
body { margin: 0; font: 14px/1.4 system-ui, sans-serif; display: grid; grid-template-columns: 360px 1fr; height: 100vh; }
#list, #thread { overflow: auto; position: relative; height: 100vh; }
.row { position: absolute; left: 0; right: 0; height: 64px; box-sizing: border-box; padding: 8px; border-bottom: 1px solid #ddd; }
.msg { position: absolute; left: 0; right: 0; height: 56px; box-sizing: border-box; padding: 6px 12px; }
.row b, .row span { display: block; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
</style></head>
<body><div id="list"><div id="spacer"></div></div><div id="thread"><div id="tspacer"></div></div>
<script>
const H = 64, M = 56, ME = '__ME__';
const cmp = (a, b) => b.lastAt - a.lastAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const tabs = { All: [], Mine: [], Unassigned: [] };
let tab = 'All', messages = [], scheduled = false;
const list = document.getElementById('list'), spacer = document.getElementById('spacer');
const thread = document.getElementById('thread'), tspacer = document.getElementById('tspacer');
function insert(arr, row) {
  let lo = 0, hi = arr.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (cmp(arr[mid], row) < 0) lo = mid + 1; else hi = mid; }
  arr.splice(lo, 0, row);
}
function renderWindow(box, sp, arr, h, cls, text) {
  sp.style.height = arr.length * h + 'px';
  const first = Math.max(0, Math.floor(box.scrollTop / h) - 8), last = Math.min(arr.length, Math.ceil((box.scrollTop + box.clientHeight) / h) + 8);
  const frag = document.createDocumentFragment();
  for (let i = first; i < last; i++) { const el = document.createElement('div'); el.className = cls; el.style.transform = 'translateY(' + i * h + 'px)'; el.innerHTML = text(arr[i]); frag.appendChild(el); }
  box.querySelectorAll('.' + cls).forEach((n) => n.remove());
  box.appendChild(frag);
}
const esc = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
function render() {
  scheduled = false;
  renderWindow(list, spacer, tabs[tab], H, 'row', (r) => '<b>' + esc(r.contactName) + '</b><span>' + esc(r.preview) + '</span>');
  if (messages.length) renderWindow(thread, tspacer, messages, M, 'msg', (m) => esc(m.body));
}
function schedule() { if (!scheduled) { scheduled = true; requestAnimationFrame(render); } }
list.addEventListener('scroll', schedule, { passive: true });
thread.addEventListener('scroll', schedule, { passive: true });
window.arrive = (rows) => { for (const r of rows) { insert(tabs.All, r); if (r.assigneeId === null) insert(tabs.Unassigned, r); if (r.assigneeId === ME) insert(tabs.Mine, r); } schedule(); };
window.switchTab = (t) => { tab = t; list.scrollTop = 0; render(); };
window.openThread = async () => { messages = await (await fetch('/__baseline/thread.json')).json(); render(); thread.scrollTop = thread.scrollHeight; render(); };
fetch('/__baseline/rows.json').then((r) => r.json()).then((rows) => {
  tabs.All = rows.slice().sort(cmp);
  tabs.Mine = tabs.All.filter((r) => r.assigneeId === ME);
  tabs.Unassigned = tabs.All.filter((r) => r.assigneeId === null);
  render();
});
</script></body></html>`;
