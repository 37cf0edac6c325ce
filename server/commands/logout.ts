import { sessions } from '../db/sessions';
import type { CommandDeps } from './types';

export function logout(deps: CommandDeps, sessionHash: string) {
  deps.db.transaction(() => sessions.delete(deps.db, sessionHash))();
}
