import type { AssignPool, Facts } from './workflowTypes';

/**
 * Who an automatic assignment may pick: members of the space only, online ones when the
 * pool says so, and only while under the per-member capacity. Pure and deterministic: ties and
 * rotation follow the pool's order, never chance.
 */
type Member = Facts['members'][number];

export function isEligible(member: Member, rules: { onlineOnly: boolean; capacity: number | null }): boolean {
  if (rules.onlineOnly && !member.online) return false;
  return rules.capacity === null || member.openCount < rules.capacity;
}

/** The pool's members in its order, once each, with their facts (non-members dropped). */
function poolMembers(pool: AssignPool, members: Facts['members']): Member[] {
  const byId = new Map(members.map((m) => [m.userId, m]));
  const out: Member[] = [];
  for (const userId of new Set(pool.userIds)) {
    const member = byId.get(userId);
    if (member) out.push(member);
  }
  return out;
}

/** Picks the next member for round robin after `last` among eligible ones, in the pool's order; null if none. */
export function pickRoundRobin(pool: AssignPool, members: Facts['members'], last: string | null): string | null {
  const order = [...new Set(pool.userIds)];
  const inSpace = poolMembers(pool, members);
  // A cursor no longer in the pool (or none yet) starts the rotation from the top.
  const start = last === null ? 0 : order.indexOf(last) + 1;
  for (let i = 0; i < order.length; i++) {
    const userId = order[(start + i) % order.length]!;
    const member = inSpace.find((m) => m.userId === userId);
    if (member && isEligible(member, pool)) return member.userId;
  }
  return null;
}

/** The eligible member with the fewest open conversations; ties broken by the pool's order. */
export function pickLeastOpen(pool: AssignPool, members: Facts['members']): string | null {
  let best: Member | null = null;
  for (const member of poolMembers(pool, members)) {
    if (isEligible(member, pool) && (best === null || member.openCount < best.openCount)) best = member;
  }
  return best?.userId ?? null;
}

/** Why a pool found nobody, in the words the run log and the activity line show. */
export function noneEligibleWhy(pool: AssignPool, members: Facts['members']): string {
  const inSpace = poolMembers(pool, members);
  if (inSpace.length === 0) return 'None of the chosen members is in this space';
  const online = pool.onlineOnly ? inSpace.filter((m) => m.online) : inSpace;
  if (online.length === 0) return 'No chosen member is online';
  if (pool.capacity === null) return 'No member can take it';
  return pool.onlineOnly ? 'No online member under capacity' : 'No member under capacity';
}
