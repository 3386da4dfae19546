// graphile-worker runner whose one task, "deliver", POSTs its payload to the sink over a keep-alive pool.
// usage: node worker.mjs <connection string> <sink url> '<settings json>'
// Prints READY once it consumes; stops gracefully on SIGTERM, and by itself after settings.lifetimeS seconds.
import { run, Logger } from 'graphile-worker';
import { Pool } from 'undici';

const [, , connectionString, sinkUrl, settingsJson] = process.argv;
const settings = JSON.parse(settingsJson || '{}');
const sink = new URL(sinkUrl);
const http = new Pool(sink.origin, {
  connections: settings.httpConnections || Math.max(16, settings.concurrentJobs || 1),
  keepAliveTimeout: 60_000,
});
let posted = 0;

async function deliver(job) {
  const response = await http.request({
    path: sink.pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(job),
  });
  await response.body.dump();
  if (response.statusCode !== 200) throw new Error(`sink answered ${response.statusCode}`);
  posted++;
}

const logger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`[graphile-worker ${level}] ${message}`);
});
const worker = {
  connectionString,
  concurrentJobs: settings.concurrentJobs || 1,
  maxPoolSize: settings.maxPoolSize || 10,
};
if (settings.localQueueSize) worker.localQueue = { size: settings.localQueueSize };
if (settings.completeJobBatchDelay !== undefined) worker.completeJobBatchDelay = settings.completeJobBatchDelay;
const runner = await run({ noHandleSignals: true, logger, taskList: { deliver }, preset: { worker } });

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(code), 10_000).unref();
  try { await runner.stop(); } catch (e) { console.error(`stop: ${e.message}`); }
  await http.close().catch(() => {});
  console.log(`POSTED ${posted}`);
  process.exit(code);
}
process.on('SIGTERM', () => stop(0));
process.on('SIGINT', () => stop(0));
setTimeout(() => { console.error('lifetime reached: stopping'); stop(3); }, (settings.lifetimeS || 1800) * 1000).unref();
console.log('READY');
