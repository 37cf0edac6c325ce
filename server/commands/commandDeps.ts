import type { WorkflowDeps } from '../workflows/run';

/**
 * What every command needs: the database, the event bus it publishes to after commit, a clock,
 * and who is online (workflows run inside the commands that trigger them, so it is required).
 */
export type CommandDeps = WorkflowDeps;
