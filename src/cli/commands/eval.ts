/**
 * `switchboard eval --model DIR --data FILE [--json] [--report DIR] [--compare OLD_DIR] [--cross-validation K]`
 *
 * Accuracy, in-scope accuracy, out-of-scope recall and precision, macro-F1, per-intent precision/recall/F1
 * and the most confused pairs; `--json` prints one JSON object; `--report` writes an HTML report;
 * `--compare` shows per-intent differences against a previous model.
 */
import { parseArgs } from 'node:util';
import { hasErrorCode } from '../../errors';
import { loadNluData } from '../../nlu/data/load-data';
import { compareEvaluations, DEFAULT_MAX_F1_DROP, type ModelComparison } from '../../nlu/eval/compare';
import { crossValidate } from '../../nlu/eval/cross-validate';
import { type EvaluationResult, evaluateModel } from '../../nlu/eval/evaluate';
import { formatComparison, formatEvaluation } from '../../nlu/eval/format-text';
import { writeReport } from '../../nlu/eval/report-html';
import { IntentModel } from '../../nlu/intent-model';
import type { LabeledExample } from '../../nlu/types';

/** Model and data `eval` uses when no option says otherwise. */
export const EVAL_DEFAULTS = { model: 'models/acme', data: 'models/nlu' } as const;
/** Exit code when `--fail-on-regression` finds an intent whose F1 dropped more than `--max-drop`. */
export const REGRESSION_EXIT_CODE = 3;

const USAGE = `Usage: switchboard eval [--model DIR] [--data FILE|DIR] [--json] [--report DIR] [--compare OLD_DIR]
                       [--max-drop F] [--fail-on-regression] [--cross-validation K]
  --model             model folder (default ${EVAL_DEFAULTS.model})
  --data              labelled messages: JSONL ({"text","intent"}; intent "oos" = out of scope) or YAML (default ${EVAL_DEFAULTS.data})
  --json              print one JSON object (accuracy, inScopeAccuracy, oosRecall, oosPrecision, macroF1, perIntent, ...)
  --report            write an HTML report (confusion matrix, confidence histogram, threshold sweep) into DIR
  --compare           per-intent differences against the model in OLD_DIR, on the same data
  --max-drop          F1 drop (0..1) that flags an intent as a regression (default ${DEFAULT_MAX_F1_DROP})
  --fail-on-regression exit with code ${REGRESSION_EXIT_CODE} when --compare finds a regression
  --cross-validation  train and test K fold models on --data instead of evaluating --model
`;

function parse(args: string[]) {
  return parseArgs({
    args,
    options: {
      model: { type: 'string', default: EVAL_DEFAULTS.model },
      data: { type: 'string', default: EVAL_DEFAULTS.data },
      json: { type: 'boolean', default: false },
      report: { type: 'string' },
      compare: { type: 'string' },
      'max-drop': { type: 'string', default: String(DEFAULT_MAX_F1_DROP) },
      'fail-on-regression': { type: 'boolean', default: false },
      'cross-validation': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }).values;
}

type Options = ReturnType<typeof parse>;

async function evaluateDir(dir: string, examples: LabeledExample[]): Promise<EvaluationResult> {
  const model = await IntentModel.load(dir);
  try {
    return await evaluateModel(model, examples);
  } finally {
    await model.close();
  }
}

async function evaluate(o: Options, examples: LabeledExample[]): Promise<EvaluationResult> {
  const k = o['cross-validation'];
  if (k === undefined) return evaluateDir(o.model, examples);
  const folds = Number(k);
  const onFold = o.json
    ? undefined
    : (fold: number, total: number) => process.stderr.write(`fold ${fold}/${total}\n`);
  return crossValidate(examples, { k: folds, onFold });
}

function output(o: Options, evaluation: EvaluationResult, comparison: ModelComparison | undefined): void {
  if (o.json) {
    const { predictions: _omitted, sweep: _sweep, metrics, ...rest } = evaluation;
    process.stdout.write(`${JSON.stringify({ ...rest, ...metrics, comparison })}\n`);
  } else {
    process.stdout.write(formatEvaluation(evaluation));
    if (comparison !== undefined) process.stdout.write(formatComparison(comparison));
  }
  if (o.report !== undefined) {
    const index = writeReport(o.report, evaluation, comparison);
    if (!o.json) process.stdout.write(`Report: ${index}\n`);
  }
}

function validate(o: Options): string | undefined {
  const k = o['cross-validation'];
  if (k !== undefined && (!Number.isInteger(Number(k)) || Number(k) < 2))
    return '--cross-validation takes an integer of at least 2.';
  const drop = Number(o['max-drop']);
  if (!(drop >= 0 && drop <= 1)) return '--max-drop takes a number between 0 and 1.';
  if (k !== undefined && o.compare !== undefined)
    return '--compare evaluates saved models; it cannot be combined with --cross-validation.';
  return undefined;
}

/** Runs `switchboard eval`; resolves with the exit code. */
export async function run(args: string[]): Promise<number> {
  let o: Options;
  try {
    o = parse(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (o.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const problem = validate(o);
  if (problem !== undefined) {
    process.stderr.write(`${problem}\n\n${USAGE}`);
    return 2;
  }
  try {
    const examples = loadNluData(o.data, { minExamplesPerIntent: 1 }).examples;
    const evaluation = await evaluate(o, examples);
    const baseline = o.compare === undefined ? undefined : await evaluateDir(o.compare, examples);
    const comparison =
      baseline === undefined ? undefined : compareEvaluations(baseline, evaluation, Number(o['max-drop']));
    output(o, evaluation, comparison);
    return o['fail-on-regression'] && (comparison?.regressions.length ?? 0) > 0 ? REGRESSION_EXIT_CODE : 0;
  } catch (error) {
    if (!hasErrorCode(error)) throw error;
    process.stderr.write(`${error.code}: ${error.message}\n`);
    return 1;
  }
}
