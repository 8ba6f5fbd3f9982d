/**
 * `npm run soak:sync`: two profiles syncing through WebDAV, 1000 random steps by default,
 * with the server and the workers stopped at random; exits non-zero on any difference.
 * Options: --edits=N, --seed=N, --stop-every=MS, --dist=DIR (a build other than dist/).
 */
import { runSyncSoak } from './sync-soak';

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const edits = Number(arg('edits') ?? 1000);
const seed = Number(arg('seed') ?? Date.now() % 100000);
const stopEveryMs = Number(arg('stop-every') ?? 2500);
console.log(`sync soak: ${edits} steps, seed ${seed}, a worker stopped about every ${stopEveryMs} ms (rerun with --seed=${seed})`);
const r = await runSyncSoak({ edits, seed, stopEveryMs, dist: arg('dist'), log: console.log });
console.log(`sync soak: ${r.edits} edits kept by the model in ${(r.ms / 1000).toFixed(1)} s; ${r.workerStops} worker stops, ${r.serverStops} server stops, syncNow ${r.syncs.ok} ok / ${r.syncs.failed} failed, ${r.finalRounds} final round(s), ${r.open} outcomes left open by the bounds`);
console.log(`sync soak: steps by kind ${JSON.stringify(r.byKind)}`);
for (const line of r.pageErrors) console.log(`page error: ${line}`);
for (const line of r.notLatest) console.log(`status not the latest write: ${line}`);
for (const line of r.differences) console.log(`difference: ${line}`);
const ok = r.differences.length === 0 && r.pageErrors.length === 0 && r.notLatest.length === 0;
console.log(ok ? 'sync soak: both libraries equal each other and the model' : 'sync soak: FAILED');
process.exit(ok ? 0 : 1);
