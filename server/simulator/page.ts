/** The customer simulator's page and script (served only when SIMULATOR=1; see ./simulator.ts). */

export const SIMULATOR_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kaon customer simulator</title>
<style>
  body { font: 15px/1.4 system-ui, sans-serif; margin: 0; color: #1d2330; background: #f4f5f7; }
  main { max-width: 640px; margin: 0 auto; padding: 16px; }
  .card { background: #fff; border: 1px solid #d6dae1; border-radius: 8px; padding: 12px 16px; margin-bottom: 12px; }
  label { display: flex; flex-direction: column; gap: 2px; margin-bottom: 8px; font-weight: 600; }
  input, select, textarea, button { font: inherit; padding: 6px 8px; }
  .row { display: flex; gap: 8px; flex-wrap: wrap; align-items: end; }
  .row label { flex: 1; }
  ol { list-style: none; padding: 0; margin: 0; display: flex; flex-direction: column; gap: 6px; min-height: 120px; }
  li { max-width: 75%; padding: 6px 10px; border-radius: 8px; }
  li.customer { align-self: flex-end; background: #dcf8c6; }
  li.agent { align-self: flex-start; background: #fff; border: 1px solid #d6dae1; }
  .ticks { font-size: 12px; color: #5b6475; margin-left: 6px; }
  .ticks.read { color: #1d4ed8; }
  .error { color: #b42318; }
  .muted { color: #5b6475; font-size: 13px; }
  button.primary { background: #4338ca; color: #fff; border: 0; border-radius: 6px; }
</style>
<script type="module" src="/simulator/app.js"></script>
</head>
<body>
<main>
  <h1>Customer simulator</h1>
  <p class="muted">Development and demo only. Play a WhatsApp, Telegram or e-mail customer: your messages reach Kaon as signed webhooks (or, by e-mail, through Kaon's own SMTP receiver), the agents' replies show here.</p>
  <section class="card" aria-labelledby="setup-title">
    <h2 id="setup-title">Who you are</h2>
    <p class="muted" id="credentials"></p>
    <div class="row">
      <label>Channel <select id="channel"></select></label>
      <button type="button" id="reload">Reload channels</button>
    </div>
    <div class="row">
      <label>Customer number or e-mail address <input id="from" value="15551234567" autocomplete="off"></label>
      <label>Customer name <input id="name" value="Asha Customer" autocomplete="off"></label>
    </div>
  </section>
  <section class="card" aria-labelledby="conv-title">
    <h2 id="conv-title">Conversation</h2>
    <ol id="thread" role="log" aria-label="Conversation with the business" aria-live="polite"></ol>
    <form id="form" aria-label="Write as the customer">
      <label>Message <textarea id="text" rows="2"></textarea></label>
      <div class="row">
        <label>File <input id="file" type="file"></label>
        <button type="submit" class="primary">Send as customer</button>
        <button type="button" id="read">Mark replies as read</button>
        <button type="button" id="fail">Make the next WhatsApp reply fail</button>
      </div>
      <p id="error" class="error" role="alert"></p>
    </form>
  </section>
  <section class="card" aria-labelledby="clock-title">
    <h2 id="clock-title">Kaon's clock</h2>
    <p class="muted">Move Kaon's clock forward to see WhatsApp's 24-hour window close.</p>
    <div class="row">
      <button type="button" id="advance">Move clock 25 hours forward</button>
      <span id="clock" role="status"></span>
    </div>
  </section>
</main>
</body>
</html>`;

export const SIMULATOR_SCRIPT = `
const $ = (id) => document.getElementById(id);
const TICKS = { sent: ['✓', 'Sent'], delivered: ['✓✓', 'Delivered'], read: ['✓✓', 'Read'], failed: ['!', 'Failed'] };
let channels = [];

async function call(path, body) {
  const res = await fetch('/simulator/api/' + path, body === undefined ? {} : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const data = await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(data.error || ('The simulator answered ' + res.status));
  return data;
}

function showError(err) { $('error').textContent = err ? String(err.message || err) : ''; }

async function loadChannels() {
  const data = await call('channels');
  channels = data.channels;
  const keep = $('channel').value;
  $('channel').replaceChildren(...channels.map((c) => {
    const o = document.createElement('option');
    o.value = c.id;
    o.textContent = (c.kind === 'whatsapp' ? 'WhatsApp' : c.kind === 'email' ? 'E-mail' : 'Telegram') + ' · ' + c.name + ' (' + c.spaceName + ')' + (c.enabled ? '' : ' · disabled');
    return o;
  }));
  if (keep && channels.some((c) => c.id === keep)) $('channel').value = keep;
  const mail = 'For e-mail, add an e-mail channel of the forwarding-address kind with SMTP server ' + data.email.smtpHost + ', port ' + data.email.smtpPort + ', no encryption and no user name: its replies arrive here.';
  $('credentials').textContent = channels.length
    ? (channels.some((c) => c.kind === 'email') ? '' : mail)
    : 'No channel yet. In Kaon, Settings → Channels: add a WhatsApp channel with Phone number ID ' + data.whatsapp.phoneNumberId + ' and access token ' + data.whatsapp.accessToken + ' (any app secret and verify token), or a Telegram bot with token ' + data.telegram.botToken + '. ' + mail;
  $('clock').textContent = 'Kaon time: ' + new Date(data.now).toLocaleString();
}

function selected() { return { channelId: $('channel').value, from: $('from').value.trim().toLowerCase() }; }

async function refresh() {
  const s = selected();
  const kind = (channels.find((c) => c.id === s.channelId) || {}).kind;
  if (!s.channelId || !(kind === 'email' ? /^[^@\\s]+@[^@\\s]+$/.test(s.from) : /^\\d{5,15}$/.test(s.from))) return;
  const { lines } = await call('thread?channelId=' + encodeURIComponent(s.channelId) + '&from=' + encodeURIComponent(s.from));
  $('thread').replaceChildren(...lines.map((l) => {
    const li = document.createElement('li');
    li.className = l.from;
    li.setAttribute('aria-label', (l.from === 'agent' ? 'Reply from the business' : 'You') + (l.status ? ', ' + TICKS[l.status][1] : ''));
    const p = document.createElement('span');
    p.textContent = l.text + (l.file ? ' 📎 ' + l.file : '');
    li.append(p);
    if (l.status) {
      const t = document.createElement('span');
      t.className = 'ticks ' + l.status;
      t.textContent = TICKS[l.status][0] + ' ' + TICKS[l.status][1];
      li.append(t);
    }
    return li;
  }));
}

function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).split(',')[1] || '');
    r.onerror = () => reject(new Error('Could not read that file'));
    r.readAsDataURL(file);
  });
}

$('form').addEventListener('submit', async (e) => {
  e.preventDefault();
  showError(null);
  try {
    const f = $('file').files[0];
    const file = f ? { name: f.name, mime: f.type || 'application/octet-stream', base64: await readFile(f) } : null;
    await call('send', { ...selected(), name: $('name').value, text: $('text').value, file });
    $('text').value = '';
    $('file').value = '';
    await refresh();
  } catch (err) { showError(err); }
});
$('read').addEventListener('click', async () => {
  showError(null);
  try { await call('read', selected()); await refresh(); } catch (err) { showError(err); }
});
$('fail').addEventListener('click', async () => {
  showError(null);
  try { await call('fail', {}); $('clock').textContent = 'The next WhatsApp reply will fail.'; } catch (err) { showError(err); }
});
$('advance').addEventListener('click', async () => {
  try { const r = await call('clock', { advanceMs: 25 * 3600 * 1000 }); $('clock').textContent = 'Kaon time: ' + new Date(r.now).toLocaleString(); } catch (err) { showError(err); }
});
$('reload').addEventListener('click', () => void loadChannels().catch(showError));
$('channel').addEventListener('change', () => void refresh().catch(showError));
$('from').addEventListener('change', () => void refresh().catch(showError));
await loadChannels().catch(showError);
setInterval(() => void refresh().catch(() => undefined), 1000);
`;
