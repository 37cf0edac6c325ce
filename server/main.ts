import { configFromEnv } from './config';
import { SchemaError } from './db/connection';
import { createKaon } from './http';

let kaon;
try {
  kaon = createKaon(configFromEnv());
} catch (err) {
  // A bad database or setting stops start-up with one clear line, not a stack trace.
  console.error(`Kaon cannot start: ${err instanceof Error ? err.message : String(err)}`);
  if (!(err instanceof SchemaError) && !(err instanceof Error && /must be a whole number/.test(err.message))) console.error(err);
  process.exit(1);
}
const url = await kaon.listen();
console.log(`Kaon is listening on ${url} (data in ${kaon.deps.config.dataDir})`);

const stop = () => void kaon.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
