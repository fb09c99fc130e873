import type { PreparedText } from '../text';

/**
 * Which features the model reads, recorded with its weights so inference always computes what
 * training did. Every variant has words, pairs of adjacent words and negated words; the rest is
 * optional so older weights keep their meaning.
 */
export interface FeatureOptions {
  /**
   * Character n-grams of every word from `min` to `max` letters, the word's edges marked, so a
   * misspelling ("terible") or a stretched word ("sooo") shares most features with the word.
   */
  readonly charGrams?: { readonly min: number; readonly max: number };
  /** Letters repeated three times or more read as two ("loooove" → "loove"), marked as stretched. */
  readonly squeeze?: boolean;
  /** Links and @handles, removed from the words, count as a `<link>` / `<user>` feature each. */
  readonly placeholders?: boolean;
  /**
   * How far a negation reaches: to the end of its clause (the default), and also no further than
   * this many words or a contrasting "but".
   */
  readonly negationWords?: number;
}

/** Hashed features of a post for the sentiment model, the same at training and at inference. */
export interface FeatureSpace extends FeatureOptions {
  /** log2 of the number of hash buckets. */
  readonly bits: number;
  readonly negators: ReadonlySet<string>;
}

// FNV-1a, 32 bits: fast, stable across platforms, and well spread for short strings.
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Continues an FNV-1a hash over the characters of `text` (the state as a signed 32-bit number):
 * the hash of a concatenation is the first part's state continued over the rest, so features
 * made of several strings are hashed without building them.
 */
export const continueHash = (state: number, text: string): number => {
  let hash = state;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, FNV_PRIME);
  }
  return hash;
};

/** FNV-1a hash of a string, as an unsigned 32-bit number. */
export const hashText = (text: string): number => continueHash(FNV_OFFSET, text) >>> 0;

/** Separators that cannot occur in a token, so `a b` as a pair never equals a word `a b`. */
const PAIR = '\u0001';
const NEGATED = '\u0002';
const START = '\u0003';
const GRAM = '\u0004';
const EDGE = 0x05;
const STRETCHED = hashText('\u0006stretched');
const LINK = hashText('\u0006link');
const USER = hashText('\u0006user');

const START_STATE = continueHash(FNV_OFFSET, START);
const NEGATED_SEED = continueHash(FNV_OFFSET, NEGATED);
const GRAM_SEED = continueHash(FNV_OFFSET, GRAM);

const STRETCH = /(.)\1\1+/g;
const CONTRAST = new Set(['but', 'however', 'although', 'though', 'yet']);

const isNegator = (word: string, negators: ReadonlySet<string>): boolean =>
  negators.has(word) || word.endsWith("n't");

/** Receives the bucket of each feature in turn. */
export type FeatureVisitor = (bucket: number) => void;

/**
 * The character n-grams of `word` with its two edges, e.g. `<go`, `goo`, `ood`, `od>` for 3: each
 * the FNV-1a hash of `GRAM` then its characters, an edge standing for `EDGE`. The grams starting at
 * one position share their prefix, so one pass per position hashes all their sizes.
 */
const visitGrams = (
  visit: FeatureVisitor,
  word: string,
  grams: { readonly min: number; readonly max: number },
  mask: number,
) => {
  // Positions run from the left edge (-1) to the right edge (word.length).
  for (let from = -1; from + grams.min <= word.length + 1; from++) {
    let hash = GRAM_SEED;
    const to = Math.min(from + grams.max, word.length + 1);
    for (let at = from; at < to; at++) {
      hash ^= at < 0 || at >= word.length ? EDGE : word.charCodeAt(at);
      hash = Math.imul(hash, FNV_PRIME);
      if (at - from + 1 >= grams.min) visit(hash & mask);
    }
  }
};

/** Whether a letter stands three times in a row: only then is the word stretched. */
const isStretched = (word: string): boolean => {
  for (let i = 2; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code === word.charCodeAt(i - 1) && code === word.charCodeAt(i - 2)) return true;
  }
  return false;
};

/**
 * Visits the bucket of every feature of a prepared post, repeats included (a word said twice
 * counts twice), building no strings: a pair is the previous word's hash continued over the
 * separator and the word. Tokens come from `prepareText`, which already lower-cases them and
 * numbers their clauses.
 */
export const visitFeatures = (
  prepared: PreparedText,
  space: FeatureSpace,
  visit: FeatureVisitor,
): void => {
  const mask = (1 << space.bits) - 1;
  const reach = space.negationWords ?? Number.POSITIVE_INFINITY;
  let previous = START_STATE;
  let negatedClause = -1;
  let negatedLeft = 0;
  let previousClause = -1;
  for (const token of prepared.tokens) {
    const { clause } = token;
    let word = token.word;
    if (space.squeeze && isStretched(word)) {
      visit(STRETCHED & mask);
      word = word.replace(STRETCH, '$1$1');
    }
    if (clause !== previousClause) previous = START_STATE;
    const hash = continueHash(FNV_OFFSET, word);
    visit(hash & mask);
    visit(continueHash(continueHash(previous, PAIR), word) & mask);
    if (space.charGrams) visitGrams(visit, word, space.charGrams, mask);
    if (negatedClause === clause && CONTRAST.has(word) && space.negationWords !== undefined) {
      negatedClause = -1;
    }
    if (negatedClause === clause && negatedLeft > 0) {
      visit(continueHash(NEGATED_SEED, word) & mask);
      negatedLeft--;
    }
    if (isNegator(word, space.negators)) {
      negatedClause = clause;
      negatedLeft = reach;
    }
    previous = hash;
    previousClause = clause;
  }
  if (space.placeholders) {
    for (let i = 0; i < prepared.links; i++) visit(LINK & mask);
    for (let i = 0; i < prepared.handles; i++) visit(USER & mask);
  }
};

/** The bucket of every feature of a prepared post, in the order `visitFeatures` visits them. */
export const featureBuckets = (prepared: PreparedText, space: FeatureSpace): number[] => {
  const buckets: number[] = [];
  visitFeatures(prepared, space, (bucket) => buckets.push(bucket));
  return buckets;
};
