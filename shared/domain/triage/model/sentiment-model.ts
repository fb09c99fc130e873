import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { PreparedText } from '../text';
import { type FeatureOptions, type FeatureSpace, visitFeatures } from './features';

/**
 * A multinomial logistic regression over hashed features, stored relative to the neutral class:
 * for each bucket one weight towards negative and one towards positive (neutral's logit is 0).
 */
export interface SentimentWeights {
  readonly bits: number;
  /** The features beyond words, pairs and negated words that the weights were trained on. */
  readonly features?: FeatureOptions;
  /** Interleaved per bucket: [towards negative, towards positive], quantized to int8. */
  readonly quantized: Int8Array;
  /** Multiplier that turns a quantized weight back into a logit contribution. */
  readonly scale: number;
  /** Logit offsets of negative and positive against neutral. */
  readonly bias: readonly [number, number];
}

export interface SentimentProbabilities {
  readonly negative: number;
  readonly neutral: number;
  readonly positive: number;
}

export class SentimentWeightsError extends Error {
  override name = 'SentimentWeightsError';
}

/**
 * Decodes weights stored as base64 of the dense int8 table (two weights a bucket) compressed with
 * raw DEFLATE: pruned, most buckets weigh zero, so the table of 2^20 buckets (2 MB) compresses to
 * about a quarter. Inflating is zlib's work, not a loop in JavaScript, and the table is then a
 * view of the inflated bytes, so a look-up is one index.
 */
export const decodeWeights = (
  encoded: string,
  header: Omit<SentimentWeights, 'quantized'>,
): SentimentWeights => {
  const length = (1 << header.bits) * 2;
  let table: Buffer;
  try {
    table = inflateRawSync(Buffer.from(encoded, 'base64'), { maxOutputLength: length });
  } catch (error) {
    throw new SentimentWeightsError(
      `sentiment weights are corrupt or larger than 2^${header.bits} buckets: ${error instanceof Error ? error.message : String(error)}`,
      { cause: error },
    );
  }
  if (table.length !== length) {
    throw new SentimentWeightsError(
      `sentiment weights hold ${table.length / 2} buckets where the header says 2^${header.bits}`,
    );
  }
  return { ...header, quantized: new Int8Array(table.buffer, table.byteOffset, table.length) };
};

/** Encodes int8 weights (interleaved per bucket) in the form `decodeWeights` reads. */
export const encodeWeights = (quantized: Int8Array): string =>
  deflateRawSync(new Uint8Array(quantized.buffer, quantized.byteOffset, quantized.length), {
    level: 9,
  }).toString('base64');

/** Scores a prepared post with a model: the probability of each sentiment class. */
export const predictSentiment = (
  prepared: PreparedText,
  weights: SentimentWeights,
  negators: ReadonlySet<string>,
): SentimentProbabilities => {
  const space: FeatureSpace = { ...weights.features, bits: weights.bits, negators };
  const table = weights.quantized;
  let negative = 0;
  let positive = 0;
  visitFeatures(prepared, space, (bucket) => {
    negative += table[bucket * 2] ?? 0;
    positive += table[bucket * 2 + 1] ?? 0;
  });
  const towardsNegative = weights.bias[0] + negative * weights.scale;
  const towardsPositive = weights.bias[1] + positive * weights.scale;
  // Softmax with neutral's logit at 0, shifted by the largest for numerical safety.
  const top = Math.max(0, towardsNegative, towardsPositive);
  const eNegative = Math.exp(towardsNegative - top);
  const eNeutral = Math.exp(-top);
  const ePositive = Math.exp(towardsPositive - top);
  const total = eNegative + eNeutral + ePositive;
  return { negative: eNegative / total, neutral: eNeutral / total, positive: ePositive / total };
};
