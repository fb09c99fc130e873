import type { Token } from '../text';

/**
 * Hashed features of a post for the sentiment model, the same at training and at inference:
 * every word, every pair of adjacent words, and — inside the scope of a negation, up to the end
 * of its clause — the word marked as negated ("not good" gives `good` and `¬good`, so the model
 * learns what a negated word means instead of confusing it with the plain one).
 */
export interface FeatureSpace {
  /** log2 of the number of hash buckets. */
  readonly bits: number;
  readonly negators: ReadonlySet<string>;
}

// FNV-1a, 32 bits: fast, stable across platforms, and well spread for short strings.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a hash of a string, as an unsigned 32-bit number. */
export const hashText = (text: string): number => {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash >>> 0;
};

/** Separators that cannot occur in a token, so `a b` as a pair never equals a word `a b`. */
const PAIR = '\u0001';
const NEGATED = '\u0002';
const START = '\u0003';

const isNegator = (word: string, negators: ReadonlySet<string>): boolean =>
  negators.has(word) || word.endsWith("n't");

/**
 * The bucket of every feature of `tokens`, repeats included (a word said twice counts twice).
 * Tokens come from `prepareText`, which already lower-cases them and numbers their clauses.
 */
export const featureBuckets = (tokens: readonly Token[], space: FeatureSpace): number[] => {
  const mask = (1 << space.bits) - 1;
  const buckets: number[] = [];
  let previous = START;
  let negatedClause = -1;
  let previousClause = -1;
  for (const token of tokens) {
    const { word, clause } = token;
    if (clause !== previousClause) previous = START;
    buckets.push(hashText(word) & mask);
    buckets.push(hashText(`${previous}${PAIR}${word}`) & mask);
    if (negatedClause === clause) buckets.push(hashText(`${NEGATED}${word}`) & mask);
    if (isNegator(word, space.negators)) negatedClause = clause;
    previous = word;
    previousClause = clause;
  }
  return buckets;
};
