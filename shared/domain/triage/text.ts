/** One word or emoticon of a post, as the sentiment scorer sees it. */
export interface Token {
  /** Lower-cased form used for lexicon look-ups. */
  readonly word: string;
  /** Written in capitals inside a post that is not all capitals (VADER's emphasis rule). */
  readonly shouted: boolean;
  /** Index of the clause (text between , . ; : ! ?) the word stands in; negation stays inside it. */
  readonly clause: number;
}

/** A post with platform noise removed, ready for the rules and the lexicon. */
export interface PreparedText {
  /** Entities decoded, links and @handles removed, `#` dropped, apostrophes normalised. */
  readonly clean: string;
  /** `clean`, lower-cased, with single spaces: what phrase rules match against. */
  readonly lower: string;
  readonly tokens: readonly Token[];
  readonly exclamations: number;
  readonly questionMarks: number;
  readonly links: number;
  readonly handles: number;
  readonly hashtags: number;
}

const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
  '&apos;': "'",
};
const ENTITY = /&(?:amp|lt|gt|quot|#39|apos);/g;
const LINK = /\bhttps?:\/\/\S+|\bwww\.\S+/g;
const HANDLE = /(^|[^\w])@\w+/g;
const HASHTAG = /#(\w)/g;
const CURLY_APOSTROPHE = /[\u2018\u2019\u02bc]/g;
const WHITESPACE = /\s+/;
const WORD_SPLIT = /[^\p{L}\p{N}']+/u;
const ASCII_WORD_SPLIT = /[^a-z0-9']+/;
const NON_ASCII = /[^\t-~]/;
const EDGE_APOSTROPHES = /^'+|'+$/g;
const CLAUSE_END = /[,.;:!?]$/;
const EMOJI = /\p{Extended_Pictographic}/gu;

const count = (text: string, pattern: RegExp): number => text.match(pattern)?.length ?? 0;

/**
 * Splits a raw token into look-up words. Emoticons such as `:(` survive whole when the lexicon
 * knows them; anything else is cut at punctuation, so `great...thanks` gives two words.
 */
const wordsOf = (raw: string, isKnown: (word: string) => boolean): string[] => {
  const lower = raw.toLowerCase();
  if (isKnown(lower)) return [lower];
  // Most tokens are plain ASCII: the Unicode-aware patterns are only worth their cost otherwise.
  const ascii = !NON_ASCII.test(raw);
  const words: string[] = [];
  for (const part of lower.split(ascii ? ASCII_WORD_SPLIT : WORD_SPLIT)) {
    const word =
      part.charCodeAt(0) === 39 || part.endsWith("'") ? part.replace(EDGE_APOSTROPHES, '') : part;
    if (word) words.push(word);
  }
  if (!ascii) for (const emoji of raw.match(EMOJI) ?? []) words.push(emoji);
  return words;
};

/** Cleans a post and splits it into tokens; `isKnown` lets emoticons stay whole. */
export const prepareText = (raw: string, isKnown: (word: string) => boolean): PreparedText => {
  const decoded = raw.replace(ENTITY, (entity) => ENTITIES[entity] ?? entity);
  const clean = decoded
    .replace(LINK, ' ')
    .replace(HANDLE, '$1 ')
    .replace(HASHTAG, '$1')
    .replace(CURLY_APOSTROPHE, "'")
    .trim();
  const rawTokens = clean.split(WHITESPACE).filter(Boolean);
  // Capitals only signal emphasis when the rest of the post is not shouted too.
  const mixedCase = clean !== clean.toUpperCase() && clean !== clean.toLowerCase();
  const tokens: Token[] = [];
  let clause = 0;
  for (const rawToken of rawTokens) {
    const shouted =
      mixedCase &&
      rawToken.length > 1 &&
      rawToken === rawToken.toUpperCase() &&
      rawToken !== rawToken.toLowerCase();
    for (const word of wordsOf(rawToken, isKnown)) tokens.push({ word, shouted, clause });
    if (CLAUSE_END.test(rawToken)) clause++;
  }
  return {
    clean,
    lower: ` ${clean.toLowerCase().split(WHITESPACE).join(' ')} `,
    tokens,
    exclamations: count(decoded, /!/g),
    questionMarks: count(decoded, /\?/g),
    links: count(decoded, LINK),
    handles: count(decoded, HANDLE),
    hashtags: count(decoded, /#\w/g),
  };
};
