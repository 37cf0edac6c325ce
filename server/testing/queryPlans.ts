import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';

/**
 * Runs `call` against `db` with every statement it runs reporting its EXPLAIN QUERY PLAN first
 * (the same SQL text and parameters the query modules really use), and returns those plans.
 * raw(), pluck() and expand() change the row shape, not the plan: they keep the reporting.
 */
export function plansOf(db: Db, call: (db: Db) => unknown): string[] {
  const plans: string[] = [];
  const spy = new Proxy(db, {
    get(target, prop) {
      if (prop !== 'prepare') return Reflect.get(target, prop, target);
      return (sql: string) => {
        const stmt = target.prepare(sql);
        const explain = (args: unknown[]) => {
          const rows = target.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(args as [])) as Array<{ detail: string }>;
          plans.push(rows.map((r) => r.detail).join(' | '));
        };
        const proxy: Statement = new Proxy(stmt, {
          get(s, p) {
            const value = Reflect.get(s, p, s) as unknown;
            if (typeof value !== 'function') return value;
            if (p === 'raw' || p === 'pluck' || p === 'expand') return (...args: unknown[]) => ((value as (...a: unknown[]) => unknown).apply(s, args), proxy);
            if (!['get', 'all', 'run', 'iterate'].includes(p as string)) return (value as (...a: unknown[]) => unknown).bind(s);
            return (...args: unknown[]) => {
              explain(args);
              return (value as (...a: unknown[]) => unknown).apply(s, args);
            };
          },
        }) as Statement;
        return proxy;
      };
    },
  });
  call(spy);
  return plans;
}
