import type { ClosingPolicy } from '../../shared/domain/closingNote';
import type { Db } from './connection';

export const DEFAULT_CLOSING_CATEGORIES = ['Resolved', 'Question answered', 'Not a customer', 'Spam'];

export const closingSettings = {
  get: (db: Db, spaceId: string) => {
    const policy = (db.prepare('SELECT closing_policy FROM spaces WHERE id = ?').get(spaceId) as { closing_policy: ClosingPolicy } | undefined)?.closing_policy ?? 'optional';
    const categories = (db.prepare('SELECT name FROM closing_categories WHERE space_id = ? ORDER BY position').all(spaceId) as Array<{ name: string }>).map((r) => r.name);
    const autoCloseHours = (db.prepare('SELECT auto_close_hours AS h FROM spaces WHERE id = ?').get(spaceId) as { h: number | null } | undefined)?.h ?? null;
    return { policy, categories, autoCloseHours };
  },
  setAutoClose: (db: Db, spaceId: string, hours: number | null) => db.prepare('UPDATE spaces SET auto_close_hours = ? WHERE id = ?').run(hours, spaceId),
  /** Spaces that auto-close (few: it is off by default). */
  autoClosing: (db: Db) => db.prepare('SELECT id, auto_close_hours AS hours FROM spaces WHERE auto_close_hours IS NOT NULL').all() as Array<{ id: string; hours: number }>,
  set: (db: Db, spaceId: string, policy: ClosingPolicy, categories: readonly string[]) => {
    db.prepare('UPDATE spaces SET closing_policy = ? WHERE id = ?').run(policy, spaceId);
    db.prepare('DELETE FROM closing_categories WHERE space_id = ?').run(spaceId);
    const insert = db.prepare('INSERT INTO closing_categories (space_id, name, position) VALUES (?, ?, ?)');
    [...new Set(categories)].forEach((name, i) => insert.run(spaceId, name, i));
  },
};
