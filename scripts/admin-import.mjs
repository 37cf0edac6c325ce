#!/usr/bin/env node
// Creates a space's snippets and workflows from a JSON file, through Kaon's admin API.
//   KAON_URL=http://localhost:3000 KAON_TOKEN=kaon_… KAON_SPACE=<space id> node scripts/admin-import.mjs docs/admin-example.json
// Members in workflow pools are named by e-mail; the script resolves them with members.list.
import { readFileSync } from 'node:fs';

const { KAON_URL = 'http://localhost:3000', KAON_TOKEN, KAON_SPACE } = process.env;
const file = process.argv[2];
if (!KAON_TOKEN || !KAON_SPACE || !file) {
  console.error('Usage: KAON_URL=… KAON_TOKEN=kaon_… KAON_SPACE=<space id> node scripts/admin-import.mjs <file.json>');
  process.exit(2);
}
const headers = { authorization: `Bearer ${KAON_TOKEN}`, 'content-type': 'application/json' };

async function call(kind, path, input) {
  const url = kind === 'query' ? `${KAON_URL}/trpc/${path}?input=${encodeURIComponent(JSON.stringify(input))}` : `${KAON_URL}/trpc/${path}`;
  const res = await fetch(url, kind === 'query' ? { headers } : { method: 'POST', headers, body: JSON.stringify(input) });
  const body = await res.json();
  if (body.error) throw new Error(`${path}: ${body.error.message}`);
  return body.result.data;
}

const plan = JSON.parse(readFileSync(file, 'utf8'));
const members = await call('query', 'members.list', { spaceId: KAON_SPACE });
const byEmail = (email) => {
  const m = members.find((x) => x.email === email.toLowerCase());
  if (!m) throw new Error(`No member with e-mail ${email} in this space`);
  return m.userId;
};
const resolve = (action) => {
  if (action.kind === 'assign') return { ...action, userId: byEmail(action.member), member: undefined };
  if (action.kind === 'roundRobin' || action.kind === 'leastOpen') return { ...action, pool: { ...action.pool, userIds: action.pool.members.map(byEmail), members: undefined } };
  return action;
};

// Resolve every member first: a wrong e-mail stops the import before anything is created.
const workflowsToSave = (plan.workflows ?? []).map((w) => ({
  name: w.name,
  enabled: w.enabled ?? true,
  definition: { trigger: w.trigger, conditions: w.conditions ?? [], actions: w.actions.map(resolve) },
}));
for (const s of plan.snippets ?? []) {
  const created = await call('mutation', 'snippets.create', { spaceId: KAON_SPACE, ...s });
  console.log(`snippet /${created.shortcut} created`);
}
for (const w of workflowsToSave) {
  const saved = await call('mutation', 'workflows.save', { spaceId: KAON_SPACE, ...w });
  console.log(`workflow “${saved.name}” created`);
}
