/**
 * `npm run bench:pii`: PII redaction on a labelled synthetic corpus (seeded; en, es, fr, de):
 * per-kind recall and precision, ordinary amounts/dates/… redacted, and throughput.
 *
 * Usage: npx tsx bench/pii-redaction.ts [--messages N] [--seed S]
 */
import { parseArgs } from 'node:util';
import { findPii } from '../src/privacy/redact';
import { generatePiiCorpus, scorePiiCorpus } from './lib/pii/corpus';

const { values } = parseArgs({
  options: { messages: { type: 'string', default: '2000' }, seed: { type: 'string', default: '20261129' } },
});
const corpus = generatePiiCorpus(Number(values.messages), Number(values.seed));
const started = process.hrtime.bigint();
const score = scorePiiCorpus(corpus, findPii);
const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
process.stdout.write(`PII redaction: ${score.messages} messages (seed ${values.seed}), en/es/fr/de\n\n`);
process.stdout.write('kind          values  recall     precision  leaked\n');
for (const [kind, s] of Object.entries(score.perKind).sort()) {
  process.stdout.write(
    `${kind.padEnd(13)} ${String(s.values).padStart(6)}  ${pct(s.recall).padStart(9)}  ${pct(s.precision).padStart(9)}  ${String(s.leaked).padStart(6)}\n`,
  );
}
const redacted = Object.values(score.ordinaryRedacted).reduce((a, b) => a + b, 0);
process.stdout.write(
  `\nordinary values (amounts, dates, times, orders, last-4, references) redacted: ${redacted} of ${score.ordinaryTotal} ${JSON.stringify(score.ordinaryRedacted)}\n`,
);
process.stdout.write(
  `time: ${elapsedMs.toFixed(0)} ms for ${score.messages} messages (${((elapsedMs * 1000) / score.messages).toFixed(0)} µs/message, detection + scoring)\n`,
);
if (score.examples.length > 0) process.stdout.write(`\nexamples:\n  ${score.examples.join('\n  ')}\n`);
