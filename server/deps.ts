import type { FailureLimiter } from './auth/rateLimit';
import type { Config } from './config';
import type { Db } from './db/connection';
import type { EventBus } from './events';
import type { Presence } from './workflows/presence';

/** Everything a server instance owns; created once in createKaon() (nothing is process-global). */
export interface Deps {
  db: Db;
  config: Config;
  events: EventBus;
  limiter: { email: FailureLimiter; ip: FailureLimiter };
  now: () => number;
  presence: Presence;
}
