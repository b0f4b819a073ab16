/**
 * `npm run bench`: every benchmark, one after the other (each in its own process, so one's memory
 * and JIT state never colours another's figures). Figures are printed; BENCHMARKS.md records them.
 */
import { spawnSync } from 'node:child_process';

const BENCHMARKS = [
  'bench/webchat-throughput.ts',
  'bench/nlu-clinc150.ts',
  'bench/retrieval-clinc150.ts',
  'bench/handoff-latency.ts',
  'bench/voice-turn-latency.ts',
  'bench/pii-redaction.ts',
];

let failed = 0;
for (const file of BENCHMARKS) {
  process.stdout.write(`\n=== ${file}\n`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', file], {
    stdio: 'inherit',
    env: process.env,
  });
  if (result.status !== 0) {
    failed++;
    process.stdout.write(`${file} exited with ${result.status}\n`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
