import { ENGLISH_MARKERS, LANGUAGE_PROFILES } from './knowledge/languages';

export interface DetectedLanguage {
  /** BCP 47 primary subtag (`en`, `es`, `ja`…) or `und` when nothing tells. */
  readonly code: string;
  /** How the language was found, for `reasons`. */
  readonly evidence: 'platform' | 'script' | 'words' | 'default';
}

/** Scripts that identify a language (or a close family) on their own. */
const SCRIPTS: ReadonlyArray<readonly [RegExp, string]> = [
  [/[\p{Script=Hiragana}\p{Script=Katakana}]/gu, 'ja'],
  [/\p{Script=Hangul}/gu, 'ko'],
  [/\p{Script=Han}/gu, 'zh'],
  [/\p{Script=Arabic}/gu, 'ar'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Devanagari}/gu, 'hi'],
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Cyrillic}/gu, 'ru'],
];
const UKRAINIAN_LETTERS = /[іїєґ]/iu;
const LATIN_LETTER = /\p{Script=Latin}/gu;
const NON_LATIN = /[^\p{Script=Latin}\p{Script=Common}\p{Script=Inherited}]/u;
const WORD = /[\p{L}']+/gu;

/** Marker word → the languages it marks, English included. */
const MARKERS: ReadonlyMap<string, readonly string[]> = (() => {
  const markers = new Map<string, string[]>();
  const add = (word: string, code: string) => {
    const codes = markers.get(word);
    if (codes) codes.push(code);
    else markers.set(word, [code]);
  };
  for (const word of ENGLISH_MARKERS) add(word, 'en');
  for (const profile of LANGUAGE_PROFILES)
    for (const word of profile.markers) add(word, profile.code);
  return markers;
})();

/** Platform tags such as `en-GB`, `pt_BR` or `und` reduced to a primary subtag. */
const fromPlatform = (tag: string | undefined): string | undefined => {
  const primary = tag?.trim().toLowerCase().split(/[-_]/)[0];
  if (
    !primary ||
    primary === 'und' ||
    primary === 'zxx' ||
    primary === 'qme' ||
    primary === 'qht'
  ) {
    return undefined;
  }
  return /^[a-z]{2,3}$/.test(primary) ? primary : undefined;
};

const byScript = (text: string): string | undefined => {
  if (!NON_LATIN.test(text)) return undefined;
  const latin = text.match(LATIN_LETTER)?.length ?? 0;
  for (const [pattern, code] of SCRIPTS) {
    const letters = text.match(pattern)?.length ?? 0;
    if (letters > 0 && letters >= latin / 2) {
      return code === 'ru' && UKRAINIAN_LETTERS.test(text) ? 'uk' : code;
    }
  }
  return undefined;
};

const byMarkerWords = (text: string): string | undefined => {
  const counts = new Map<string, number>();
  for (const word of text.toLowerCase().match(WORD) ?? []) {
    for (const code of MARKERS.get(word) ?? []) counts.set(code, (counts.get(code) ?? 0) + 1);
  }
  let best: string | undefined;
  let bestCount = 0;
  for (const [code, hits] of counts) {
    // English wins ties: most brand mentions are English and short posts share words.
    if (hits > bestCount || (hits === bestCount && code === 'en')) {
      best = code;
      bestCount = hits;
    }
  }
  return best;
};

/**
 * Detects a post's language: the platform's tag when it sent one, then the writing system, then
 * the function words of the languages the classifier knows. Falls back to English, the default
 * of brand accounts, and says so.
 */
export const detectLanguage = (text: string, platformTag?: string): DetectedLanguage => {
  const declared = fromPlatform(platformTag);
  if (declared) return { code: declared, evidence: 'platform' };
  const script = byScript(text);
  if (script) return { code: script, evidence: 'script' };
  const words = byMarkerWords(text);
  if (words) return { code: words, evidence: 'words' };
  return { code: 'en', evidence: 'default' };
};
