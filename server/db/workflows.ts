import type { BusinessHours, Workflow, WorkflowDefinition } from '../../shared/domain/workflowEngine';
import type { Db } from './connection';

interface WorkflowRow {
  id: string;
  space_id: string;
  name: string;
  enabled: number;
  position: number;
  definition: string;
  round_robin_last: string | null;
}

const toWorkflow = (r: WorkflowRow): Workflow => ({
  id: r.id,
  name: r.name,
  enabled: r.enabled === 1,
  position: r.position,
  ...(JSON.parse(r.definition) as WorkflowDefinition),
});

export const workflows = {
  list: (db: Db, spaceId: string) =>
    (db.prepare('SELECT * FROM workflows WHERE space_id = ? ORDER BY position, created_at').all(spaceId) as WorkflowRow[]).map(toWorkflow),
  inSpace: (db: Db, spaceId: string, id: string) => {
    const row = db.prepare('SELECT * FROM workflows WHERE space_id = ? AND id = ?').get(spaceId, id) as WorkflowRow | undefined;
    return row ? toWorkflow(row) : undefined;
  },
  nextPosition: (db: Db, spaceId: string) =>
    (db.prepare('SELECT coalesce(max(position), -1) + 1 AS p FROM workflows WHERE space_id = ?').get(spaceId) as { p: number }).p,
  insert: (db: Db, row: { id: string; space_id: string; name: string; enabled: boolean; position: number; definition: WorkflowDefinition; now: number }) =>
    db
      .prepare(
        `INSERT INTO workflows (id, space_id, name, enabled, position, definition, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(row.id, row.space_id, row.name, row.enabled ? 1 : 0, row.position, JSON.stringify(row.definition), row.now, row.now),
  update: (db: Db, id: string, fields: { name: string; enabled: boolean; definition: WorkflowDefinition }, now: number) =>
    db
      .prepare('UPDATE workflows SET name = ?, enabled = ?, definition = ?, updated_at = ? WHERE id = ?')
      .run(fields.name, fields.enabled ? 1 : 0, JSON.stringify(fields.definition), now, id),
  setEnabled: (db: Db, id: string, enabled: boolean, now: number) => db.prepare('UPDATE workflows SET enabled = ?, updated_at = ? WHERE id = ?').run(enabled ? 1 : 0, now, id),
  setPosition: (db: Db, id: string, position: number) => db.prepare('UPDATE workflows SET position = ? WHERE id = ?').run(position, id),
  delete: (db: Db, id: string) => db.prepare('DELETE FROM workflows WHERE id = ?').run(id),
  roundRobinCursors: (db: Db, spaceId: string) =>
    Object.fromEntries(
      (db.prepare('SELECT id, round_robin_last FROM workflows WHERE space_id = ?').all(spaceId) as Array<{ id: string; round_robin_last: string | null }>).map((r) => [
        r.id,
        r.round_robin_last,
      ]),
    ) as Record<string, string | null>,
  setRoundRobinLast: (db: Db, id: string, userId: string) => db.prepare('UPDATE workflows SET round_robin_last = ? WHERE id = ?').run(userId, id),
};

export const workflowRuns = {
  insert: (db: Db, row: { id: string; space_id: string; workflow_id: string; conversation_id: string | null; trigger: string; matched: boolean; detail: unknown; now: number }) =>
    db
      .prepare('INSERT INTO workflow_runs (id, space_id, workflow_id, conversation_id, trigger, matched, detail, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(row.id, row.space_id, row.workflow_id, row.conversation_id, row.trigger, row.matched ? 1 : 0, JSON.stringify(row.detail), row.now),
  /** The newest runs, each with the name of the conversation's contact (null when it has none). */
  forWorkflow: (db: Db, workflowId: string, limit: number) =>
    (
      db
        .prepare(
          `SELECT r.id, r.conversation_id, r.trigger, r.matched, r.detail, r.created_at, k.name AS contact_name FROM workflow_runs r
           LEFT JOIN conversations c ON c.id = r.conversation_id LEFT JOIN contacts k ON k.id = c.contact_id
           WHERE r.workflow_id = ? ORDER BY r.created_at DESC, r.rowid DESC LIMIT ?`,
        )
        .all(workflowId, limit) as Array<{
        id: string;
        conversation_id: string | null;
        trigger: string;
        matched: number;
        detail: string;
        created_at: number;
        contact_name: string | null;
      }>
    ).map((r) => ({
      id: r.id,
      conversationId: r.conversation_id,
      contactName: r.contact_name,
      trigger: r.trigger,
      matched: r.matched === 1,
      detail: JSON.parse(r.detail) as unknown,
      at: r.created_at,
    })),
};

export const businessHours = {
  get: (db: Db, spaceId: string) => {
    const raw = (db.prepare('SELECT business_hours FROM spaces WHERE id = ?').get(spaceId) as { business_hours: string | null } | undefined)?.business_hours;
    return raw ? (JSON.parse(raw) as BusinessHours) : null;
  },
  set: (db: Db, spaceId: string, hours: unknown) => db.prepare('UPDATE spaces SET business_hours = ? WHERE id = ?').run(hours ? JSON.stringify(hours) : null, spaceId),
};
