import type { Token } from './text';

/** What the scorer needs to know about one language. */
export interface SentimentLexicon {
  /** Word → valence on VADER's -4 … 4 scale. */
  readonly valence: ReadonlyMap<string, number>;
  readonly negators: ReadonlySet<string>;
  /** Word → scalar added to (boosters) or taken from (dampeners) the next sentiment word. */
  readonly boosters: ReadonlyMap<string, number>;
  /** Words after which the rest of the post weighs more ("but", "aber", "pero"). */
  readonly contrast: ReadonlySet<string>;
}

export interface LexiconScore {
  /** Sum of the adjusted positive valences. */
  readonly positive: number;
  /** Sum of the adjusted negative valences (zero or below). */
  readonly negative: number;
  /** The words that carried sentiment, as `word(+1.9)`, for `reasons`. */
  readonly hits: readonly string[];
}

// The constants below are VADER's published ones (Hutto & Gilbert 2014).
const CAPS_EMPHASIS = 0.733;
const NEGATION_SCALAR = -0.74;
const BOOSTER_DECAY = [1, 0.95, 0.9] as const;
const BEFORE_CONTRAST = 0.5;
const AFTER_CONTRAST = 1.5;
const ELONGATED = /(.)\1{2,}/;
const ELONGATION = /(.)\1{2,}/g;

/** Finds a word's valence, trying "soooo" as "soo" and "so" as people stretch words for effect. */
const valenceOf = (word: string, lexicon: SentimentLexicon): number | undefined => {
  const direct = lexicon.valence.get(word);
  if (direct !== undefined || word.length < 4) return direct;
  if (!ELONGATED.test(word)) return undefined;
  return (
    lexicon.valence.get(word.replace(ELONGATION, '$1$1')) ??
    lexicon.valence.get(word.replace(ELONGATION, '$1'))
  );
};

/**
 * Scores tokens the VADER way: lexicon valence, capitals emphasis, boosters and dampeners within
 * three words, negation within three words, and "but" shifting weight to what follows.
 */
export const scoreLexicon = (tokens: readonly Token[], lexicon: SentimentLexicon): LexiconScore => {
  let contrastAt = -1;
  for (let i = 0; i < tokens.length; i++) {
    if (lexicon.contrast.has((tokens[i] as Token).word)) {
      contrastAt = i;
      break;
    }
  }
  let positive = 0;
  let negative = 0;
  const hits: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i] as Token;
    if (lexicon.boosters.has(token.word)) continue;
    const base = valenceOf(token.word, lexicon);
    if (base === undefined || base === 0) continue;
    let valence = base;
    if (token.shouted) valence += Math.sign(base) * CAPS_EMPHASIS;
    let negated = false;
    for (let back = 1; back <= 3 && i - back >= 0; back++) {
      const before = tokens[i - back] as Token;
      if (before.clause !== token.clause) break;
      const previous = before.word;
      const boost = lexicon.boosters.get(previous);
      if (boost !== undefined) valence += Math.sign(base) * boost * (BOOSTER_DECAY[back - 1] ?? 0);
      if (lexicon.negators.has(previous) || previous.endsWith("n't")) negated = true;
    }
    if (negated) valence *= NEGATION_SCALAR;
    if (contrastAt >= 0) valence *= i < contrastAt ? BEFORE_CONTRAST : AFTER_CONTRAST;
    if (valence > 0) positive += valence;
    else negative += valence;
    hits.push(`${token.word}(${valence > 0 ? '+' : ''}${valence.toFixed(1)})`);
  }
  return { positive, negative, hits };
};

/** VADER's normalisation of a raw sum into -1 … 1. */
export const normaliseScore = (sum: number): number => {
  if (sum === 0) return 0;
  const score = sum / Math.sqrt(sum * sum + 15);
  return Math.max(-1, Math.min(1, score));
};

/** VADER's punctuation emphasis: "!" and repeated "?" push the score further from zero. */
export const punctuationEmphasis = (exclamations: number, questionMarks: number): number => {
  const bang = Math.min(exclamations, 4) * 0.292;
  const query = questionMarks > 1 ? Math.min(questionMarks * 0.18, 0.96) : 0;
  return bang + query;
};
