import { configFromEnv } from './config';
import { SchemaError } from './db/connection';
import { createKaon } from './http';

let kaon;
try {
  kaon = createKaon(configFromEnv());
} catch (err) {
  console.error(err instanceof SchemaError ? `Kaon cannot start: ${err.message}` : err);
  process.exit(1);
}
const url = await kaon.listen();
console.log(`Kaon is listening on ${url} (data in ${kaon.deps.config.dataDir})`);

const stop = () => void kaon.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
