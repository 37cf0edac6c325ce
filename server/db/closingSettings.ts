import type { ClosingPolicy } from '../../shared/domain/closingNote';
import type { Db } from './connection';

export const DEFAULT_CLOSING_CATEGORIES = ['Resolved', 'Question answered', 'Not a customer', 'Spam'];

export const closingSettings = {
  get: (db: Db, spaceId: string) => {
    const policy = (db.prepare('SELECT closing_policy FROM spaces WHERE id = ?').get(spaceId) as { closing_policy: ClosingPolicy } | undefined)?.closing_policy ?? 'optional';
    const categories = (db.prepare('SELECT name FROM closing_categories WHERE space_id = ? ORDER BY position').all(spaceId) as Array<{ name: string }>).map((r) => r.name);
    return { policy, categories };
  },
  set: (db: Db, spaceId: string, policy: ClosingPolicy, categories: readonly string[]) => {
    db.prepare('UPDATE spaces SET closing_policy = ? WHERE id = ?').run(policy, spaceId);
    db.prepare('DELETE FROM closing_categories WHERE space_id = ?').run(spaceId);
    const insert = db.prepare('INSERT INTO closing_categories (space_id, name, position) VALUES (?, ?, ?)');
    [...new Set(categories)].forEach((name, i) => insert.run(spaceId, name, i));
  },
};
