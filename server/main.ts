import { startSimulator, type Simulator } from './simulator/simulator';
import { configFromEnv } from './config';
import { SchemaError } from './db/connection';
import { createKaon } from './http';

let kaon;
let simulator: Simulator | undefined;
try {
  const config = configFromEnv();
  // Development and demo only: the provider fakes in-process and the customer simulator page.
  simulator = config.simulator ? await startSimulator(config) : undefined;
  kaon = simulator ? createKaon(simulator.config, simulator.now, { simulator: simulator.handler }) : createKaon(config);
} catch (err) {
  // A bad database or setting stops start-up with one clear line, not a stack trace.
  console.error(`Kaon cannot start: ${err instanceof Error ? err.message : String(err)}`);
  if (!(err instanceof SchemaError) && !(err instanceof Error && /must be a whole number/.test(err.message))) console.error(err);
  process.exit(1);
}
const url = await kaon.listen();
console.log(`Kaon is listening on ${url} (data in ${kaon.deps.config.dataDir})`);
if (simulator) console.log(`Customer simulator (SIMULATOR=1, development only): ${url}/simulator`);

const stop = () => void kaon.close().then(() => simulator?.close()).then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
