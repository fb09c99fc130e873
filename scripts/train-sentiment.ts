/**
 * `npm run train:sentiment [-- --pool FILE] [--labels FILE]… [--out FILE]`: trains the triage
 * sentiment model — a multinomial logistic regression over hashed words, word pairs and negated
 * words — on a labelled pool (`../shared/train/sentiment-train.jsonl` unless given) plus any
 * labelled mentions exported by `responder labels export`, quantizes it to int8, chooses the blend
 * with the rules on a held-out tenth of the pool, and writes `shared/domain/triage/model/weights.ts`.
 *
 * Deterministic: the split is by a hash of the text, the shuffle by a seeded generator, so the
 * same pool gives the same weights byte for byte. Only weights leave this script, never texts.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { rulesOnlyClassifyText } from '../shared/domain/triage/classifier';
import { macroF1, scoreClass } from '../shared/domain/triage/evaluation';
import { ENGLISH_LEXICON } from '../shared/domain/triage/knowledge/english';
import { type BlendSettings, blendSentiment } from '../shared/domain/triage/model/blend';
import { featureBuckets, hashText } from '../shared/domain/triage/model/features';
import {
  decodeWeights,
  encodeWeights,
  predictSentiment,
} from '../shared/domain/triage/model/sentiment-model';
import { prepareText } from '../shared/domain/triage/text';
import { seededRandom } from './bench/mention-texts';

type Label = 'negative' | 'neutral' | 'positive';
const CLASSES: readonly Label[] = ['negative', 'neutral', 'positive'];

const PoolRow = z.object({
  text: z.string(),
  sentiment: z.enum(['negative', 'neutral', 'positive']),
  source: z.string().optional(),
});
/** A labelled mention from `responder labels export`: its sentiment label is optional. */
const LabelRow = z.object({
  text: z.string(),
  sentiment: z.enum(['negative', 'neutral', 'positive']).optional(),
});

export interface Example {
  readonly text: string;
  readonly label: number;
  /** Social posts (tweets, the team's own mentions) — what the blend is chosen on. */
  readonly social: boolean;
}

class TrainingDataError extends Error {
  override name = 'TrainingDataError';
}

const readJsonl = <T>(path: string, schema: z.ZodType<T>): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, index) => {
      if (!line.trim()) return [];
      try {
        return [schema.parse(JSON.parse(line))];
      } catch (cause) {
        throw new TrainingDataError(`${path} line ${index + 1} is not a labelled text`, { cause });
      }
    });

/** The recipe of the shipped model. */
export const DEFAULT_OPTIONS: TrainOptions = {
  bits: 20,
  epochs: 3,
  learningRate: 0.03,
  seed: 17,
  keep: 120_000,
};

/** A stable tenth of the pool, chosen by the text itself, never sees training. */
const isHeldOut = (text: string): boolean => hashText(text) % 10 === 0;

const isKnown = (word: string) => ENGLISH_LEXICON.valence.has(word);
const bucketsOf = (text: string, bits: number): number[] =>
  featureBuckets(prepareText(text, isKnown).tokens, { bits, negators: ENGLISH_LEXICON.negators });

export interface TrainOptions {
  readonly bits: number;
  readonly epochs: number;
  readonly learningRate: number;
  readonly seed: number;
  /** Buckets kept after pruning. */
  readonly keep: number;
}

/**
 * Multinomial logistic regression by AdaGrad, classes weighted so each counts the same.
 * Returns float weights laid out [bucket][class] and the three biases.
 */
const train = (examples: readonly Example[], options: TrainOptions) => {
  const buckets = 1 << options.bits;
  const weights = new Float32Array(buckets * 3);
  const squares = new Float32Array(buckets * 3).fill(1e-6);
  const bias = new Float64Array(3);
  const biasSquares = new Float64Array(3).fill(1e-6);
  const features = examples.map((example) => bucketsOf(example.text, options.bits));
  const perClass = [0, 0, 0];
  for (const example of examples) perClass[example.label] = (perClass[example.label] ?? 0) + 1;
  const classWeight = perClass.map((count) => examples.length / (3 * Math.max(1, count)));
  const order = examples.map((_, index) => index);
  const random = seededRandom(options.seed);
  const step = (
    values: Float32Array | Float64Array,
    squared: Float32Array | Float64Array,
    at: number,
    gradient: number,
  ) => {
    const sum = (squared[at] ?? 0) + gradient * gradient;
    squared[at] = sum;
    values[at] = (values[at] ?? 0) - (options.learningRate * gradient) / Math.sqrt(sum);
  };
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const index of order) {
      const example = examples[index] as Example;
      const bucketList = features[index] as number[];
      const logits = [bias[0] ?? 0, bias[1] ?? 0, bias[2] ?? 0];
      for (const bucket of bucketList) {
        for (let k = 0; k < 3; k++) logits[k] = (logits[k] ?? 0) + (weights[bucket * 3 + k] ?? 0);
      }
      const top = Math.max(...logits);
      const exps = logits.map((logit) => Math.exp(logit - top));
      const total = exps.reduce((sum, value) => sum + value, 0);
      const weight = classWeight[example.label] ?? 1;
      for (let k = 0; k < 3; k++) {
        const gradient = weight * ((exps[k] ?? 0) / total - (k === example.label ? 1 : 0));
        step(bias, biasSquares, k, gradient);
        for (const bucket of bucketList) step(weights, squares, bucket * 3 + k, gradient);
      }
    }
  }
  return { weights, bias };
};

/**
 * Relative to neutral, int8 with one scale (the largest weights clip at a high percentile), and
 * pruned: only the `keep` buckets with the largest weights survive, the rest weigh zero.
 */
const quantize = (weights: Float32Array, bias: Float64Array, bits: number, keep: number) => {
  const buckets = 1 << bits;
  const relative = new Float32Array(buckets * 2);
  for (let b = 0; b < buckets; b++) {
    const neutral = weights[b * 3 + 1] as number;
    relative[b * 2] = (weights[b * 3] as number) - neutral;
    relative[b * 2 + 1] = (weights[b * 3 + 2] as number) - neutral;
  }
  const magnitudes = Array.from(relative, Math.abs).sort((a, b) => a - b);
  const clip = magnitudes[Math.floor(magnitudes.length * 0.9999)] ?? 1;
  const scale = clip / 127;
  const strength = new Float32Array(buckets);
  for (let b = 0; b < buckets; b++) {
    strength[b] = Math.max(
      Math.abs(relative[b * 2] as number),
      Math.abs(relative[b * 2 + 1] as number),
    );
  }
  const floor = keep >= buckets ? 0 : ([...strength].sort((a, b) => b - a)[keep] ?? 0);
  for (let b = 0; b < buckets; b++) {
    if ((strength[b] as number) <= floor) {
      relative[b * 2] = 0;
      relative[b * 2 + 1] = 0;
    }
  }
  const quantized = new Int8Array(relative.length);
  for (let i = 0; i < relative.length; i++) {
    quantized[i] = Math.max(-127, Math.min(127, Math.round((relative[i] as number) / scale)));
  }
  const neutralBias = bias[1] as number;
  return {
    quantized,
    scale,
    bias: [(bias[0] as number) - neutralBias, (bias[2] as number) - neutralBias] as [
      number,
      number,
    ],
  };
};

const range = (from: number, to: number, step: number): number[] => {
  const values: number[] = [];
  for (let value = from; value <= to + 1e-9; value += step) {
    values.push(Math.round(value * 1000) / 1000);
  }
  return values;
};

/** The model alone makes a complaint only where at least this share of such posts is negative. */
const COMPLAINT_PRECISION = 2 / 3;

/**
 * Chooses, on held-out social posts, how much the model weighs against the rules and the score
 * thresholds of the blended sentiment: the smallest model weight whose best thresholds come
 * within one standard error of the best macro-F1 (the rules explain themselves; the model must
 * earn its weight). Then the P(negative) from which the model alone makes a complaint: the lowest
 * at which held-out posts are negative with COMPLAINT_PRECISION.
 */
const chooseBlend = (
  heldOut: readonly { label: Label; rules: number; negative: number; positive: number }[],
): { blend: BlendSettings; macroF1: number; complaintRecall: number } => {
  const gold = heldOut.map((row) => row.label);
  const bestByWeight: { blend: BlendSettings; macroF1: number }[] = [];
  for (const modelWeight of range(0, 1, 0.05)) {
    const weighting = { modelWeight, positiveFrom: 0, negativeFrom: 0, complaintFrom: 0 };
    const scores = heldOut.map((row) =>
      blendSentiment(row.rules, { ...row, neutral: 1 - row.negative - row.positive }, weighting),
    );
    let best = { blend: weighting, macroF1: -1 };
    for (const positiveFrom of range(0.05, 0.6, 0.025)) {
      for (const negativeFrom of range(-0.6, -0.05, 0.025)) {
        const predicted = scores.map(
          (score): Label =>
            score >= positiveFrom ? 'positive' : score <= negativeFrom ? 'negative' : 'neutral',
        );
        const f1 = macroF1(gold, predicted, CLASSES);
        if (f1 > best.macroF1)
          best = { blend: { ...weighting, positiveFrom, negativeFrom }, macroF1: f1 };
      }
    }
    bestByWeight.push(best);
  }
  const top = Math.max(...bestByWeight.map((entry) => entry.macroF1));
  const standardError = Math.sqrt((top * (1 - top)) / heldOut.length);
  const chosen = bestByWeight.find((entry) => entry.macroF1 >= top - standardError);
  if (!chosen) throw new TrainingDataError('no held-out social posts to choose the blend on');
  const isNegative = gold.map((label) => label === 'negative');
  for (const from of range(0.2, 0.95, 0.01)) {
    const { precision, recall } = scoreClass(
      isNegative,
      heldOut.map((row) => row.negative >= from),
      true,
    );
    if (precision >= COMPLAINT_PRECISION) {
      return {
        blend: { ...chosen.blend, complaintFrom: from },
        macroF1: chosen.macroF1,
        complaintRecall: recall,
      };
    }
  }
  throw new TrainingDataError(
    `the model never reaches ${COMPLAINT_PRECISION} precision on negatives`,
  );
};

/**
 * Tweets, sentences and review snippets. The Pros and Cons phrases ("battery life", "price")
 * and the objective movie-plot sentences are left out by default: they made the model worse
 * on social posts.
 */
const DEFAULT_SOURCES = ['semeval', 'nltk-sent', 'vader-amaz', 'vader-movi', 'vader-nytE'];

const CHUNK = 1000;

const numberList = (values: readonly number[]) => values.map((value) => `${value}`).join(', ');

/** The generated module: weights as base64 int8, the blend, and how they were made. */
const weightsModule = (model: TrainedSentimentModel, recipe: string) => {
  const lines: string[] = [];
  for (let at = 0; at < model.encoded.length; at += CHUNK) {
    lines.push(model.encoded.slice(at, at + CHUNK));
  }
  const blend = Object.entries(model.blend)
    .map(([key, value]) => `  ${key}: ${value},`)
    .join('\n');
  return `// Generated by scripts/train-sentiment.ts: do not edit; retrain instead (docs/triage.md).
// ${recipe}
// Learned from the permissive training pool credited in NOTICE; no training text is stored here.
import type { BlendSettings } from './blend';

export const SENTIMENT_MODEL_HEADER = {
  bits: ${model.header.bits},
  scale: ${model.header.scale},
  bias: [${numberList(model.header.bias)}] as const,
};

export const SENTIMENT_BLEND: BlendSettings = {
${blend}
};

export const SENTIMENT_MODEL_INT8 = [
${lines.map((line) => `  '${line}',`).join('\n')}
].join('');
`;
};

export interface TrainedSentimentModel {
  /** Sparse int8 weights as base64, the form `decodeWeights` reads. */
  readonly encoded: string;
  readonly header: {
    readonly bits: number;
    readonly scale: number;
    readonly bias: [number, number];
  };
  readonly blend: BlendSettings;
  readonly report: string[];
}

/** Trains on the pool, keeps a held-out tenth for choosing the blend, and reports both. */
export const trainSentimentModel = (
  examples: readonly Example[],
  options: TrainOptions,
): TrainedSentimentModel => {
  const training = examples.filter((example) => !isHeldOut(example.text));
  const heldOut = examples.filter((example) => example.social && isHeldOut(example.text));
  const report = [
    `pool ${examples.length} texts: training on ${training.length}, choosing the blend on ${heldOut.length} held-out social posts`,
  ];
  const trained = train(training, options);
  const model = quantize(trained.weights, trained.bias, options.bits, options.keep);
  const encoded = encodeWeights(model.quantized);
  const header = { bits: options.bits, scale: model.scale, bias: model.bias };
  const weights = decodeWeights(encoded, header);
  const scored = heldOut.map((example) => {
    const prepared = prepareText(example.text, isKnown);
    const p = predictSentiment(prepared.tokens, weights, ENGLISH_LEXICON.negators);
    return {
      label: CLASSES[example.label] as Label,
      rules: rulesOnlyClassifyText(example.text).sentimentScore,
      negative: p.negative,
      positive: p.positive,
      neutral: p.neutral,
    };
  });
  const modelOnly = scored.map(
    (row): Label =>
      row.negative >= row.positive && row.negative >= row.neutral
        ? 'negative'
        : row.positive >= row.neutral
          ? 'positive'
          : 'neutral',
  );
  const gold = scored.map((row) => row.label);
  const chosen = chooseBlend(scored);
  report.push(
    `held-out macro-F1: model alone ${macroF1(gold, modelOnly, CLASSES).toFixed(3)}, blended ${chosen.macroF1.toFixed(3)}`,
    `blend: ${JSON.stringify(chosen.blend)} (the model alone finds ${(chosen.complaintRecall * 100).toFixed(0)}% of held-out negatives)`,
  );
  return { encoded, header, blend: chosen.blend, report };
};

/** Reads the pool (only the chosen sources) and labelled mentions into training examples. */
export const readExamples = (
  pool: string,
  sources: ReadonlySet<string>,
  labelFiles: readonly string[],
): Example[] => {
  const examples: Example[] = readJsonl(pool, PoolRow)
    .filter((row) => sources.has(row.source ?? ''))
    .map((row) => ({
      text: row.text,
      label: CLASSES.indexOf(row.sentiment),
      social: row.source === 'semeval',
    }));
  for (const file of labelFiles) {
    for (const row of readJsonl(file, LabelRow)) {
      if (row.sentiment) {
        examples.push({ text: row.text, label: CLASSES.indexOf(row.sentiment), social: true });
      }
    }
  }
  return examples;
};

const main = () => {
  const repoRoot = resolve(__dirname, '..');
  const { values } = parseArgs({
    options: {
      pool: {
        type: 'string',
        default: join(repoRoot, '..', 'shared', 'train', 'sentiment-train.jsonl'),
      },
      labels: { type: 'string', multiple: true, default: [] },
      out: {
        type: 'string',
        default: join(repoRoot, 'shared', 'domain', 'triage', 'model', 'weights.ts'),
      },
      sources: { type: 'string', default: DEFAULT_SOURCES.join(',') },
      seed: { type: 'string', default: '17' },
    },
  });
  const options: TrainOptions = { ...DEFAULT_OPTIONS, seed: Number(values.seed) };
  const sources = new Set(values.sources.split(','));
  const examples = readExamples(values.pool, sources, values.labels);
  const started = Date.now();
  const model = trainSentimentModel(examples, options);
  for (const line of model.report) console.log(line);
  console.log(`trained in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  const recipe = `${[...sources].join(', ')}${values.labels.length > 0 ? ' and labelled mentions' : ''}: ${options.epochs} epochs of AdaGrad (rate ${options.learningRate}, seed ${options.seed}), 2^${options.bits} buckets, ${options.keep} kept.`;
  writeFileSync(values.out, weightsModule(model, recipe));
  console.log(`wrote ${values.out}`);
};

if (require.main === module) main();
