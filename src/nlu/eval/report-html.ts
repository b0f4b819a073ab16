/** Writes the evaluation report folder: `index.html`, its three SVG charts and `report.json`. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelComparison } from './compare';
import type { EvaluationResult } from './evaluate';
import type { Metrics } from './metrics';
import { confidenceHistogramSvg, confusionMatrixSvg, thresholdSweepSvg } from './svg-charts';

const CHART_FILES = {
  confusion: 'confusion-matrix.svg',
  histogram: 'confidence-histogram.svg',
  sweep: 'threshold-sweep.svg',
} as const;

function escapeHtml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function pct(value: number | null): string {
  return value === null ? '—' : `${(100 * value).toFixed(2)} %`;
}

function headline(metrics: Metrics): string {
  const rows: [string, string][] = [
    ['Examples', String(metrics.examples)],
    ['Accuracy', pct(metrics.accuracy)],
    ['In-scope accuracy', pct(metrics.inScopeAccuracy)],
    ['Out-of-scope recall', pct(metrics.oosRecall)],
    ['Out-of-scope precision', pct(metrics.oosPrecision)],
    ['Macro-F1', pct(metrics.macroF1)],
  ];
  return `<table>${rows.map(([k, v]) => `<tr><th>${k}</th><td>${v}</td></tr>`).join('')}</table>`;
}

function perIntentTable(metrics: Metrics): string {
  const rows = [...metrics.perIntent]
    .sort((a, b) => a.f1 - b.f1)
    .map(
      (m) =>
        `<tr><td>${escapeHtml(m.intent)}</td><td>${m.support}</td><td>${pct(m.precision)}</td><td>${pct(m.recall)}</td><td>${pct(m.f1)}</td></tr>`,
    );
  return `<table><tr><th>Intent</th><th>Support</th><th>Precision</th><th>Recall</th><th>F1</th></tr>${rows.join('')}</table>`;
}

function confusedTable(metrics: Metrics): string {
  const rows = metrics.confusedPairs.map(
    (p) => `<tr><td>${escapeHtml(p.gold)}</td><td>${escapeHtml(p.predicted)}</td><td>${p.count}</td></tr>`,
  );
  return `<table><tr><th>Gold</th><th>Predicted</th><th>Count</th></tr>${rows.join('')}</table>`;
}

function comparisonSection(comparison: ModelComparison | undefined): string {
  if (comparison === undefined) return '';
  const rows = comparison.intents
    .filter((d) => d.deltaF1 !== 0)
    .map(
      (d) =>
        `<tr class="${d.deltaF1 < 0 ? 'worse' : 'better'}"><td>${escapeHtml(d.intent)}</td><td>${pct(d.baselineF1)}</td><td>${pct(d.candidateF1)}</td><td>${(100 * d.deltaF1).toFixed(2)}</td></tr>`,
    );
  return `<h2>Compared with ${escapeHtml(comparison.baselineModelId)}</h2><p>${comparison.regressions.length} regression(s).</p><table><tr><th>Intent</th><th>Baseline F1</th><th>Candidate F1</th><th>Δ points</th></tr>${rows.join('')}</table>`;
}

/** Writes the HTML report for `evaluation` (and an optional comparison) into `dir`; returns the index path. */
export function writeReport(dir: string, evaluation: EvaluationResult, comparison?: ModelComparison): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, CHART_FILES.confusion), confusionMatrixSvg(evaluation.predictions));
  writeFileSync(
    join(dir, CHART_FILES.histogram),
    confidenceHistogramSvg(evaluation.predictions, evaluation.threshold),
  );
  writeFileSync(join(dir, CHART_FILES.sweep), thresholdSweepSvg(evaluation.sweep, evaluation.threshold));
  const { predictions: _omitted, ...summary } = evaluation;
  writeFileSync(join(dir, 'report.json'), `${JSON.stringify({ ...summary, comparison }, null, 2)}\n`);
  const html = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>NLU evaluation ${escapeHtml(evaluation.modelId)}</title>
<style>body{font-family:sans-serif;margin:2em;max-width:1100px}table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left}.worse{background:#fdecea}.better{background:#eafaf1}img{max-width:100%;border:1px solid #eee}</style></head><body>
<h1>NLU evaluation</h1><p>Model <code>${escapeHtml(evaluation.modelId)}</code>, threshold ${evaluation.threshold.toFixed(2)}.</p>
${headline(evaluation.metrics)}
<h2>Threshold sweep</h2><img src="${CHART_FILES.sweep}" alt="In-scope accuracy and out-of-scope recall against the threshold">
<h2>Confidence histogram</h2><img src="${CHART_FILES.histogram}" alt="Histogram of the best in-scope probability">
<h2>Confusion matrix</h2><img src="${CHART_FILES.confusion}" alt="Confusion matrix, gold rows and predicted columns">
<h2>Most confused pairs</h2>${confusedTable(evaluation.metrics)}
${comparisonSection(comparison)}
<h2>Per intent</h2>${perIntentTable(evaluation.metrics)}
</body></html>\n`;
  const index = join(dir, 'index.html');
  writeFileSync(index, html);
  return index;
}
