// graphile-worker producer for queue_driver.py: one JSON command a line on stdin, one JSON answer a line on stdout.
//   {"cmd":"bulk","tag":T,"n":N,"chunk":C,"parallel":P} -> {"t0","t1","first_commit"}  (addJobs, C jobs a call)
//   {"cmd":"one","id":"T-k"}                             -> {"t_done"}                   (addJob)
// usage: node producer.mjs <connection string>
import readline from 'node:readline';
import fs from 'node:fs';
import { makeWorkerUtils, Logger } from 'graphile-worker';
import { payload, epochSeconds } from './payload.mjs';

const [, , connectionString] = process.argv;
const logger = new Logger(() => (level, message) => {
  if (level === 'error' || level === 'warning') console.error(`[graphile-worker ${level}] ${message}`);
});
const utils = await makeWorkerUtils({ connectionString, logger });
const version = JSON.parse(fs.readFileSync(new URL('./node_modules/graphile-worker/package.json', import.meta.url))).version;
const say = (o) => process.stdout.write(JSON.stringify(o) + '\n');

async function bulk({ tag, n, chunk, parallel }) {
  const calls = [];
  for (let lo = 0; lo < n; lo += chunk) {
    const jobs = [];
    for (let i = lo; i < Math.min(n, lo + chunk); i++) jobs.push({ identifier: 'deliver', payload: payload(tag, i) });
    calls.push(jobs);
  }
  let next = 0, firstCommit = null, t1 = 0;
  const t0 = epochSeconds();
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < calls.length) {
      const jobs = calls[next++];
      await utils.addJobs(jobs);
      const done = epochSeconds();
      firstCommit ??= done;
      t1 = Math.max(t1, done);
    }
  }));
  return { t0, t1, first_commit: firstCommit };
}

async function one({ id }) {
  const cut = id.lastIndexOf('-');
  await utils.addJob('deliver', payload(id.slice(0, cut), id.slice(cut + 1)));
  return { t_done: epochSeconds() };
}

say({ ready: true, library: `graphile-worker ${version}`, node: process.version });
for await (const line of readline.createInterface({ input: process.stdin })) {
  if (!line.trim()) continue;
  const command = JSON.parse(line);
  try {
    say(command.cmd === 'bulk' ? await bulk(command) : await one(command));
  } catch (e) {
    say({ error: String(e && e.message || e) });
  }
}
await utils.release();
