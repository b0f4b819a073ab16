/** Plain-text rendering of an evaluation and a comparison, for the terminal. */
import type { ModelComparison } from './compare';
import type { EvaluationResult } from './evaluate';

const WORST_INTENTS_SHOWN = 20;
const CHANGES_SHOWN = 20;

function pct(value: number | null): string {
  return value === null ? '   —  ' : `${(100 * value).toFixed(2).padStart(6)}%`;
}

function signed(delta: number): string {
  const points = (100 * delta).toFixed(2);
  return delta > 0 ? `+${points}` : points;
}

/** Headline metrics, the weakest intents and the most confused pairs. */
export function formatEvaluation(e: EvaluationResult): string {
  const m = e.metrics;
  const lines = [
    `Model ${e.modelId}, threshold ${e.threshold.toFixed(2)}, ${m.examples} messages`,
    `  accuracy             ${pct(m.accuracy)}`,
    `  in-scope accuracy    ${pct(m.inScopeAccuracy)}`,
    `  out-of-scope recall  ${pct(m.oosRecall)}`,
    `  out-of-scope prec.   ${pct(m.oosPrecision)}`,
    `  macro-F1             ${pct(m.macroF1)}`,
    '',
    `Weakest intents (of ${m.perIntent.length}):`,
    `  ${'intent'.padEnd(28)} support precision   recall       F1`,
  ];
  for (const i of [...m.perIntent].sort((a, b) => a.f1 - b.f1).slice(0, WORST_INTENTS_SHOWN)) {
    lines.push(
      `  ${i.intent.padEnd(28)} ${String(i.support).padStart(7)} ${pct(i.precision)} ${pct(i.recall)} ${pct(i.f1)}`,
    );
  }
  lines.push('', 'Most confused (gold → predicted):');
  for (const p of m.confusedPairs) lines.push(`  ${String(p.count).padStart(4)}  ${p.gold} → ${p.predicted}`);
  return `${lines.join('\n')}\n`;
}

/** Headline deltas and the intents that changed most, regressions first. */
export function formatComparison(c: ModelComparison): string {
  const d = c.deltas;
  const lines = [
    '',
    `Compared with ${c.baselineModelId}:`,
    `  accuracy ${signed(d.accuracy)} pts, in-scope accuracy ${signed(d.inScopeAccuracy)} pts, out-of-scope recall ${d.oosRecall === null ? '—' : `${signed(d.oosRecall)} pts`}, macro-F1 ${signed(d.macroF1)} pts`,
    `  ${c.regressions.length} intent(s) regressed beyond the allowed F1 drop${c.regressions.length > 0 ? ':' : '.'}`,
  ];
  for (const r of c.regressions)
    lines.push(
      `    ✗ ${r.intent}: F1 ${pct(r.baselineF1)} → ${pct(r.candidateF1)} (${signed(r.deltaF1)} pts)`,
    );
  const changed = c.intents.filter((i) => i.deltaF1 !== 0);
  lines.push(`  Largest changes (${changed.length} intents changed):`);
  const shown = [...changed]
    .sort((a, b) => Math.abs(b.deltaF1) - Math.abs(a.deltaF1))
    .slice(0, CHANGES_SHOWN);
  for (const i of shown)
    lines.push(
      `    ${i.intent.padEnd(28)} F1 ${pct(i.baselineF1)} → ${pct(i.candidateF1)} (${signed(i.deltaF1)})`,
    );
  return `${lines.join('\n')}\n`;
}
