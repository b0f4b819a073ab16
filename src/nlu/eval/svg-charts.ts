/** Dependency-free SVG charts for the evaluation report: confusion matrix, confidence histogram, threshold sweep. */
import type { SweepPoint } from '../train/threshold';
import { OOS_LABEL } from '../types';
import type { ScoredPrediction } from './metrics';

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function svg(width: number, height: number, body: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">\n${body.join('\n')}\n</svg>\n`;
}

/** Rows = gold, columns = predicted, shade = share of the row; only non-empty cells are drawn. */
export function confusionMatrixSvg(predictions: readonly ScoredPrediction[]): string {
  const labels = [...new Set(predictions.flatMap((p) => [p.gold, p.predicted]))].sort();
  const index = new Map(labels.map((l, i) => [l, i]));
  const n = labels.length;
  const cell = Math.max(3, Math.min(22, Math.floor(900 / Math.max(1, n))));
  const showNames = n <= 60;
  const margin = showNames ? 150 : 20;
  const counts = new Map<string, number>();
  const rowTotals = new Array<number>(n).fill(0);
  for (const p of predictions) {
    const key = `${index.get(p.gold)},${index.get(p.predicted)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const row = index.get(p.gold) as number;
    rowTotals[row] = (rowTotals[row] as number) + 1;
  }
  const body = [
    `<rect x="${margin}" y="${margin}" width="${n * cell}" height="${n * cell}" fill="#fafafa" stroke="#ccc"/>`,
  ];
  for (const [key, count] of counts) {
    const [r, c] = key.split(',').map(Number) as [number, number];
    const share = count / (rowTotals[r] || 1);
    const color =
      r === c ? `rgba(30,120,60,${0.15 + 0.85 * share})` : `rgba(200,40,40,${0.25 + 0.75 * share})`;
    const title = `${escapeXml(labels[r] as string)} → ${escapeXml(labels[c] as string)}: ${count}`;
    body.push(
      `<rect x="${margin + c * cell}" y="${margin + r * cell}" width="${cell}" height="${cell}" fill="${color}"><title>${title}</title></rect>`,
    );
  }
  if (showNames) {
    labels.forEach((l, i) => {
      const y = margin + i * cell + cell * 0.75;
      body.push(`<text x="${margin - 4}" y="${y}" text-anchor="end">${escapeXml(l)}</text>`);
      const x = margin + i * cell + cell * 0.75;
      body.push(`<text transform="translate(${x},${margin - 4}) rotate(-60)">${escapeXml(l)}</text>`);
    });
  }
  const size = margin + n * cell + 10;
  return svg(size, size, body);
}

const BINS = 20;
const CHART = { width: 640, height: 300, left: 50, bottom: 40, top: 20 };

function axes(xLabel: string, yLabel: string): string[] {
  const { width, height, left, bottom, top } = CHART;
  const x0 = left;
  const y0 = height - bottom;
  const out = [
    `<line x1="${x0}" y1="${y0}" x2="${width - 10}" y2="${y0}" stroke="#333"/>`,
    `<line x1="${x0}" y1="${top}" x2="${x0}" y2="${y0}" stroke="#333"/>`,
  ];
  for (let t = 0; t <= 10; t += 2) {
    const x = x0 + ((width - 10 - x0) * t) / 10;
    out.push(`<text x="${x}" y="${y0 + 14}" text-anchor="middle">${(t / 10).toFixed(1)}</text>`);
  }
  out.push(`<text x="${(x0 + width) / 2}" y="${height - 6}" text-anchor="middle">${xLabel}</text>`);
  out.push(
    `<text transform="translate(12,${(top + y0) / 2}) rotate(-90)" text-anchor="middle">${yLabel}</text>`,
  );
  return out;
}

function xOf(value: number): number {
  return CHART.left + (CHART.width - 10 - CHART.left) * value;
}

function thresholdLine(threshold: number): string {
  const x = xOf(threshold);
  return `<line x1="${x}" y1="${CHART.top}" x2="${x}" y2="${CHART.height - CHART.bottom}" stroke="#555" stroke-dasharray="4 3"/><text x="${x + 3}" y="${CHART.top + 10}">threshold ${threshold.toFixed(2)}</text>`;
}

interface Series {
  name: string;
  color: string;
  test: (p: ScoredPrediction) => boolean;
}

const HISTOGRAM_SERIES: Series[] = [
  {
    name: 'in-scope, right intent',
    color: '#2a9d5c',
    test: (p) => p.gold !== OOS_LABEL && p.gold === p.predicted,
  },
  {
    name: 'in-scope, wrong or fallback',
    color: '#e07b24',
    test: (p) => p.gold !== OOS_LABEL && p.gold !== p.predicted,
  },
  { name: 'out of scope', color: '#c0392b', test: (p) => p.gold === OOS_LABEL },
];

/** Share of the series' messages in each confidence bin (each series sums to 1, so small ones stay visible). */
function binShares(predictions: readonly ScoredPrediction[], series: Series): number[] {
  const bins = new Array<number>(BINS).fill(0);
  let total = 0;
  for (const p of predictions) {
    if (!series.test(p)) continue;
    const bin = Math.min(BINS - 1, Math.floor(Math.max(0, p.topScore) * BINS));
    bins[bin] = (bins[bin] as number) + 1;
    total++;
  }
  return bins.map((c) => c / Math.max(1, total));
}

/** Histogram of the best in-scope probability: in-scope right, in-scope wrong, out of scope. */
export function confidenceHistogramSvg(predictions: readonly ScoredPrediction[], threshold: number): string {
  const shares = HISTOGRAM_SERIES.map((series) => binShares(predictions, series));
  const max = Math.max(0.01, ...shares.flat());
  const plotHeight = CHART.height - CHART.bottom - CHART.top;
  const barWidth = (xOf(1) - xOf(0)) / BINS / HISTOGRAM_SERIES.length;
  const body = axes('best in-scope probability', 'share of the group');
  HISTOGRAM_SERIES.forEach(({ name, color }, s) => {
    (shares[s] ?? []).forEach((share, b) => {
      const h = (share / max) * plotHeight;
      const x = xOf(b / BINS) + s * barWidth;
      body.push(
        `<rect x="${x}" y="${CHART.height - CHART.bottom - h}" width="${barWidth}" height="${h}" fill="${color}"/>`,
      );
    });
    const legendY = CHART.top + s * 16;
    body.push(`<rect x="${CHART.width - 210}" y="${legendY}" width="10" height="10" fill="${color}"/>`);
    body.push(`<text x="${CHART.width - 195}" y="${legendY + 9}">${name}</text>`);
  });
  body.push(thresholdLine(threshold));
  return svg(CHART.width, CHART.height, body);
}

/** In-scope accuracy and out-of-scope recall against the threshold. */
export function thresholdSweepSvg(sweep: readonly SweepPoint[], threshold: number): string {
  const plotHeight = CHART.height - CHART.bottom - CHART.top;
  const yOf = (v: number): number => CHART.height - CHART.bottom - v * plotHeight;
  const line = (pick: (p: SweepPoint) => number, color: string): string => {
    const points = sweep
      .filter((p) => !Number.isNaN(pick(p)))
      .map((p) => `${xOf(p.threshold).toFixed(1)},${yOf(pick(p)).toFixed(1)}`);
    return points.length === 0
      ? ''
      : `<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`;
  };
  const body = axes('threshold', 'share');
  body.push(
    line((p) => p.inScopeAccuracy, '#2a9d5c'),
    line((p) => p.oosRecall, '#c0392b'),
  );
  body.push(`<text x="${CHART.width - 200}" y="${CHART.top + 10}" fill="#2a9d5c">in-scope accuracy</text>`);
  body.push(`<text x="${CHART.width - 200}" y="${CHART.top + 26}" fill="#c0392b">out-of-scope recall</text>`);
  body.push(thresholdLine(threshold));
  return svg(CHART.width, CHART.height, body);
}
