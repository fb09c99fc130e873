/**
 * `npm run eval [-- DATA_DIR | --labels FILE]`: measures the built-in classifier against three lexicon baselines
 * (vader-sentiment, sentiment/AFINN, wink-sentiment) on every labelled JSON Lines file in the
 * evaluation folder, `../shared/data` from the repository root unless given. Each file's source
 * and licence are printed from the README.md beside it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { classifyText, rulesOnlyClassifyText } from '../shared/domain/triage/classifier';
import { macroF1, scoreClass, sentimentOfValence } from '../shared/domain/triage/evaluation';
import { sourceOf } from './eval-sources';

type Label = 'negative' | 'neutral' | 'positive';
const LABELS: readonly Label[] = ['negative', 'neutral', 'positive'];

interface System {
  readonly name: string;
  /** Sentiment of a post; a negative post counts as a complaint for the lexicons. */
  readonly sentiment: (text: string) => Label;
  readonly complaint: (text: string) => boolean;
}

const bySign = (score: number, threshold = 0): Label =>
  score > threshold ? 'positive' : score < -threshold ? 'negative' : 'neutral';

// The baselines ship without type declarations; these are the parts used here.
const vader = require('vader-sentiment') as {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
};
const Afinn = require('sentiment') as new () => { analyze(text: string): { score: number } };
const wink = require('wink-sentiment') as (text: string) => { score: number };
const afinn = new Afinn();

const lexiconSystem = (name: string, sentiment: (text: string) => Label): System => ({
  name,
  sentiment,
  complaint: (text) => sentiment(text) === 'negative',
});

const SYSTEMS: readonly System[] = [
  {
    name: 'built-in',
    sentiment: (text) => classifyText(text).sentiment,
    complaint: (text) => classifyText(text).complaint,
  },
  {
    name: 'rules alone',
    sentiment: (text) => rulesOnlyClassifyText(text).sentiment,
    complaint: (text) => rulesOnlyClassifyText(text).complaint,
  },
  // ±0.05 on the compound score is VADER's documented threshold.
  lexiconSystem('vader-sentiment', (text) =>
    bySign(vader.SentimentIntensityAnalyzer.polarity_scores(text).compound, 0.05),
  ),
  lexiconSystem('sentiment (AFINN)', (text) => bySign(afinn.analyze(text).score)),
  lexiconSystem('wink-sentiment', (text) => bySign(wink(text).score)),
];

const Row = z.object({
  text: z.string(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
  complaint: z.boolean().optional(),
  valence: z.number().optional(),
});

interface LabelledSet {
  readonly name: string;
  readonly texts: string[];
  readonly sentiment?: Label[];
  readonly complaint?: boolean[];
}

class EvalDataError extends Error {
  override name = 'EvalDataError';
}

const readSet = (path: string): LabelledSet | undefined => {
  const texts: string[] = [];
  const sentiment: Label[] = [];
  const complaint: boolean[] = [];
  const lines = readFileSync(path, 'utf8').split('\n');
  lines.forEach((line, index) => {
    if (!line.trim()) return;
    let row: z.infer<typeof Row>;
    try {
      row = Row.parse(JSON.parse(line));
    } catch (cause) {
      throw new EvalDataError(`${basename(path)} line ${index + 1} is not a labelled post`, {
        cause,
      });
    }
    texts.push(row.text);
    if (row.sentiment) sentiment.push(row.sentiment);
    else if (row.valence !== undefined) sentiment.push(sentimentOfValence(row.valence));
    if (row.complaint !== undefined) complaint.push(row.complaint);
  });
  const name = basename(path, '.jsonl');
  if (sentiment.length === texts.length && texts.length > 0) return { name, texts, sentiment };
  if (complaint.length === texts.length && texts.length > 0) return { name, texts, complaint };
  return undefined;
};

const TIMING_WARM_UP = 200;
const TIMING_PASSES = 3;

/**
 * Runs `predict` over all texts and measures the mean microseconds per post: the best of a few
 * passes after a warm-up, so other work on a shared machine does not count against a system.
 */
const timed = <T>(
  texts: readonly string[],
  predict: (text: string) => T,
): { predictions: T[]; micros: number } => {
  for (const text of texts.slice(0, TIMING_WARM_UP)) predict(text);
  let predictions: T[] = [];
  let micros = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < TIMING_PASSES; pass++) {
    const started = process.hrtime.bigint();
    predictions = texts.map(predict);
    const elapsed = Number(process.hrtime.bigint() - started) / 1000;
    micros = Math.min(micros, elapsed / texts.length);
  }
  return { predictions, micros };
};

const pad = (value: string, width: number): string => value.padEnd(width);
const fixed = (value: number): string => value.toFixed(3);

const evaluateSentiment = (set: LabelledSet, gold: readonly Label[]): void => {
  console.log(`\n${set.name}: sentiment, ${set.texts.length} posts`);
  console.log(`  ${pad('system', 20)}${pad('macro-F1', 10)}${pad('F1 neg/neu/pos', 22)}µs/post`);
  for (const system of SYSTEMS) {
    const { predictions, micros } = timed(set.texts, system.sentiment);
    const perClass = LABELS.map((label) => scoreClass(gold, predictions, label).f1.toFixed(2)).join(
      ' / ',
    );
    console.log(
      `  ${pad(system.name, 20)}${pad(fixed(macroF1(gold, predictions, LABELS)), 10)}${pad(perClass, 22)}${micros.toFixed(1)}`,
    );
  }
};

const evaluateComplaints = (set: LabelledSet, gold: readonly boolean[]): void => {
  console.log(`\n${set.name}: complaints, ${set.texts.length} posts`);
  console.log(
    `  ${pad('system', 20)}${pad('macro-F1', 10)}${pad('precision', 11)}${pad('recall', 9)}µs/post`,
  );
  for (const system of SYSTEMS) {
    const { predictions, micros } = timed(set.texts, system.complaint);
    const complaint = scoreClass(gold, predictions, true);
    console.log(
      `  ${pad(system.name, 20)}${pad(fixed(macroF1(gold, predictions, [true, false])), 10)}${pad(fixed(complaint.precision), 11)}${pad(fixed(complaint.recall), 9)}${micros.toFixed(1)}`,
    );
  }
};

/**
 * `--labels FILE`: a deployment's own corrected mentions (`responder labels export`); sentiment
 * is measured on the lines that carry a sentiment label, complaints on those that carry a
 * complaint label.
 */
const evaluateLabels = (path: string): void => {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      if (!line.trim()) return [];
      try {
        return [Row.parse(JSON.parse(line))];
      } catch (cause) {
        throw new EvalDataError(`${basename(path)} line ${index + 1} is not a labelled mention`, {
          cause,
        });
      }
    });
  console.log(`Labelled mentions: ${path}, ${rows.length} lines`);
  console.log(`  source: ${sourceOf(path)}`);
  const withSentiment = rows.filter((row) => row.sentiment !== undefined);
  const withComplaint = rows.filter((row) => row.complaint !== undefined);
  const name = basename(path, '.jsonl');
  if (withSentiment.length > 0) {
    const set = { name, texts: withSentiment.map((row) => row.text) };
    evaluateSentiment(
      set,
      withSentiment.map((row) => row.sentiment as Label),
    );
  }
  if (withComplaint.length > 0) {
    const set = { name, texts: withComplaint.map((row) => row.text) };
    evaluateComplaints(
      set,
      withComplaint.map((row) => row.complaint as boolean),
    );
  }
  if (withSentiment.length === 0 && withComplaint.length === 0) {
    console.log('\nno line carries a sentiment or complaint label: nothing was measured');
  }
};

const main = (): void => {
  const { values, positionals } = parseArgs({
    options: { labels: { type: 'string' } },
    allowPositionals: true,
  });
  if (values.labels) {
    evaluateLabels(resolve(values.labels));
    return;
  }
  const repoRoot = resolve(__dirname, '..');
  const dataDir = resolve(positionals[0] ?? join(repoRoot, '..', 'shared', 'data'));
  if (!existsSync(dataDir)) {
    console.log(`No evaluation data: ${dataDir} does not exist. Nothing was measured.`);
    return;
  }
  const files = readdirSync(dataDir)
    .filter((file) => file.endsWith('.jsonl'))
    .sort();
  if (files.length === 0) {
    console.log(`No evaluation data: ${dataDir} holds no .jsonl files. Nothing was measured.`);
    return;
  }
  console.log(`Evaluation data: ${dataDir}`);
  console.log('Sources and licences, as the README.md of that folder states them:');
  for (const file of files) console.log(`  ${file}: ${sourceOf(join(dataDir, file))}`);
  for (const file of files) {
    const set = readSet(join(dataDir, file));
    if (!set)
      console.log(`\n${file}: skipped, rows carry neither sentiment, valence nor complaint labels`);
    else if (set.sentiment) evaluateSentiment(set, set.sentiment);
    else if (set.complaint) evaluateComplaints(set, set.complaint);
  }
};

main();
