/**
 * `npm run soak`: 1000 random edits under worker stops; exits non-zero on any difference.
 * Options: --edits=N, --seed=N, --stop-every=MS.
 */
import { runSoak } from './soak';

const edits = Number(process.argv.find((a) => a.startsWith('--edits='))?.slice(8) ?? 1000);
const seed = Number(process.argv.find((a) => a.startsWith('--seed='))?.slice(7) ?? Date.now() % 100000);
const stopEveryMs = Number(process.argv.find((a) => a.startsWith('--stop-every='))?.slice(13) ?? 2000);
console.log(`soak: ${edits} edits, seed ${seed}, the worker stopped about every ${stopEveryMs} ms (rerun with --seed=${seed})`);
const result = await runSoak({ edits, seed, stopEveryMs, log: console.log });
console.log(`soak: ${result.edits} edits in ${(result.ms / 1000).toFixed(1)} s, ${result.workerStops} worker stops`);
console.log(`soak: edits by kind ${JSON.stringify(result.byKind)}`);
for (const line of result.pageErrors) console.log(`page error: ${line}`);
for (const line of result.differences) console.log(`difference: ${line}`);
const ok = result.differences.length === 0 && result.pageErrors.length === 0;
console.log(ok ? 'soak: the library equals the model, edit for edit' : 'soak: FAILED');
process.exit(ok ? 0 : 1);
