/**
 * A real Kaon in a child process, for tests that must kill it hard (kill -9): started by
 * startChildKaon (server/testing/child.ts) with `--import tsx`; it sends its URL over IPC once listening.
 *
 *   argv: <dataDir> <config overrides as JSON>
 */
import { join } from 'node:path';
import { configFromEnv, type Config } from '../config';
import { createKaon } from '../http';

const [dataDir, overrides] = process.argv.slice(2);
const config: Config = { ...configFromEnv({}), port: 0, secureCookies: false, dataDir: dataDir!, clientDir: join(dataDir!, 'none'), ...(JSON.parse(overrides ?? '{}') as Partial<Config>) };
const kaon = createKaon(config);
const url = await kaon.listen(0);
process.send!({ url });
