import type { Urgency } from '../../contracts/triage';

/** What a matched phrase says about a post. */
export type CueKind =
  /** Something went wrong for the customer: the core of a complaint. */
  | 'problem'
  /** Weak evidence of a problem: counts towards a complaint only together with more. */
  | 'hint'
  /** Thanks or compliments meant sincerely. */
  | 'praise'
  /** Asks the brand to do something. */
  | 'request'
  /** Asks the brand something. */
  | 'question'
  /** Emotional outburst with nothing to act on. */
  | 'vent'
  /** Praise words used ironically ("thanks for nothing"); only counts next to a problem. */
  | 'sarcasm'
  /** Promotion, bait or bots. */
  | 'spam'
  | 'urgency';

/** A phrase rule: a regular-expression source matched against the lower-cased, cleaned post. */
export interface CueRule {
  readonly kind: CueKind;
  /** Regular-expression source; groups must be non-capturing `(?:…)`. */
  readonly pattern: string;
  /** Valence added to the lexicon sum when the phrase is found (VADER scale). */
  readonly valence?: number;
  readonly urgency?: Urgency;
  /** Human-readable finding, e.g. "still waiting". */
  readonly reason: string;
}

export interface CueHit {
  readonly rule: CueRule;
  readonly text: string;
}

/** Many rules compiled into one regular expression, so a post is scanned once per rule set. */
export interface CompiledRules {
  readonly pattern: RegExp;
  readonly rules: readonly CueRule[];
}

export class RuleDefinitionError extends Error {
  override name = 'RuleDefinitionError';
}

const CAPTURING_GROUP = /(?<!\\)\((?!\?)/;
const ASCII_BOUNDARY = /\\b/g;
// JavaScript's \b only knows ASCII letters, so "não\b" never matches; languages with accented
// letters get a boundary built from Unicode letter classes instead.
const UNICODE_BOUNDARY =
  '(?:(?<=[\\p{L}\\p{N}])(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}])(?=[\\p{L}\\p{N}]))';

/**
 * Compiles rules into one alternation; refuses a rule whose own groups would shift the indexes.
 * `unicodeWords` makes `\b` respect accented letters (slower; English does not need it).
 */
export const compileRules = (rules: readonly CueRule[], unicodeWords = false): CompiledRules => {
  for (const rule of rules) {
    if (CAPTURING_GROUP.test(rule.pattern)) {
      throw new RuleDefinitionError(
        `rule "${rule.reason}" has a capturing group; write (?:…) instead: ${rule.pattern}`,
      );
    }
    try {
      new RegExp(rule.pattern, 'u');
    } catch (cause) {
      throw new RuleDefinitionError(`rule "${rule.reason}" is not a valid pattern`, { cause });
    }
  }
  // Rules that start at a word boundary share one leading \b, so the engine tries them only
  // where a word starts instead of at every character: several times faster on long posts.
  const boundary = unicodeWords ? UNICODE_BOUNDARY : '\\b';
  const atWordStart: CueRule[] = [];
  const elsewhere: CueRule[] = [];
  for (const rule of rules) (rule.pattern.startsWith('\\b') ? atWordStart : elsewhere).push(rule);
  const body = (pattern: string) =>
    `(${unicodeWords ? pattern.replace(ASCII_BOUNDARY, UNICODE_BOUNDARY) : pattern})`;
  const alternatives: string[] = [];
  if (atWordStart.length > 0) {
    alternatives.push(
      `${boundary}(?:${atWordStart.map((rule) => body(rule.pattern.slice(2))).join('|')})`,
    );
  }
  alternatives.push(...elsewhere.map((rule) => body(rule.pattern)));
  return {
    pattern: new RegExp(alternatives.join('|'), unicodeWords ? 'gu' : 'g'),
    rules: [...atWordStart, ...elsewhere],
  };
};

/** Finds every non-overlapping rule match in `text`, left to right. */
export const matchRules = (text: string, compiled: CompiledRules): CueHit[] => {
  const hits: CueHit[] = [];
  const { pattern, rules } = compiled;
  // exec with lastIndex rather than matchAll: matchAll clones the expression on every call.
  pattern.lastIndex = 0;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    for (let group = 1; group < match.length; group++) {
      if (match[group] !== undefined) {
        const rule = rules[group - 1];
        if (rule) hits.push({ rule, text: match[0].trim() });
        break;
      }
    }
    if (match[0].length === 0) pattern.lastIndex++;
  }
  return hits;
};
