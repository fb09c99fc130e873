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
 * Decodes weights stored sparsely as base64: for each kept bucket, in ascending order, the gap
 * from the previous kept bucket as an unsigned LEB128 varint, then its two int8 weights. Buckets
 * not stored weigh zero. Expanded into a dense table once, so a look-up is one index.
 */
export const decodeWeights = (
  encoded: string,
  header: Omit<SentimentWeights, 'quantized'>,
): SentimentWeights => {
  const bytes = Buffer.from(encoded, 'base64');
  const buckets = 1 << header.bits;
  const quantized = new Int8Array(buckets * 2);
  let bucket = -1;
  let at = 0;
  while (at < bytes.length) {
    let gap = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[at++] ?? 0;
      gap += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && at < bytes.length);
    bucket += gap;
    if (bucket >= buckets || at + 2 > bytes.length) {
      throw new SentimentWeightsError(
        `sentiment weights are corrupt at byte ${at}: bucket ${bucket} of 2^${header.bits}`,
      );
    }
    quantized[bucket * 2] = ((bytes[at] ?? 0) << 24) >> 24;
    quantized[bucket * 2 + 1] = ((bytes[at + 1] ?? 0) << 24) >> 24;
    at += 2;
  }
  return { ...header, quantized };
};

/** Encodes int8 weights (interleaved per bucket) in the sparse form `decodeWeights` reads. */
export const encodeWeights = (quantized: Int8Array): string => {
  const bytes: number[] = [];
  let previous = -1;
  for (let bucket = 0; bucket * 2 < quantized.length; bucket++) {
    const negative = quantized[bucket * 2] ?? 0;
    const positive = quantized[bucket * 2 + 1] ?? 0;
    if (negative === 0 && positive === 0) continue;
    let gap = bucket - previous;
    while (gap >= 0x80) {
      bytes.push((gap & 0x7f) | 0x80);
      gap = Math.floor(gap / 0x80);
    }
    bytes.push(gap);
    bytes.push(negative & 0xff, positive & 0xff);
    previous = bucket;
  }
  return Buffer.from(bytes).toString('base64');
};

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
