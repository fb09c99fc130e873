import type { Mention } from '../../contracts/mention';
import type { Classification, Intent, Sentiment, Urgency } from '../../contracts/triage';
import { ENGLISH_CUES, ENGLISH_LEXICON } from './knowledge/english';
import { LANGUAGE_PROFILES, type LanguageProfile } from './knowledge/languages';
import { type DetectedLanguage, detectLanguage } from './language';
import { blendSentiment, type LearnedSentiment } from './model/blend';
import { predictSentiment } from './model/sentiment-model';
import { shippedSentimentModel } from './model/shipped';
import type { Classifier } from './port';
import { type CompiledRules, type CueHit, type CueKind, compileRules, matchRules } from './rules';
import {
  normaliseScore,
  punctuationEmphasis,
  type SentimentLexicon,
  scoreLexicon,
} from './sentiment';
import { prepareText } from './text';

/** Everything the classifier knows of one language. */
interface LanguageModel {
  readonly lexicon: SentimentLexicon;
  readonly rules: readonly CompiledRules[];
}

const URGENCY_RULES = ENGLISH_CUES.filter((rule) => rule.kind === 'urgency');
const INTENT_KINDS: ReadonlySet<CueKind> = new Set(['question', 'request', 'spam']);

// Three passes so a phrase that is both a problem and, say, a question ("why is my order late")
// is seen by both: one regular expression only reports non-overlapping matches.
const ENGLISH: LanguageModel = {
  lexicon: ENGLISH_LEXICON,
  rules: [
    compileRules(
      ENGLISH_CUES.filter((rule) => !INTENT_KINDS.has(rule.kind) && rule.kind !== 'urgency'),
    ),
    compileRules(ENGLISH_CUES.filter((rule) => INTENT_KINDS.has(rule.kind))),
    compileRules(URGENCY_RULES),
  ],
};

const languageModel = (profile: LanguageProfile): LanguageModel => ({
  lexicon: {
    valence: new Map(profile.valence),
    negators: new Set(profile.negators),
    boosters: new Map(profile.boosters.map((word) => [word, 0.293])),
    contrast: new Set(profile.contrast),
  },
  rules: [
    compileRules(
      profile.cues.filter((rule) => !INTENT_KINDS.has(rule.kind)),
      true,
    ),
    compileRules(
      profile.cues.filter((rule) => INTENT_KINDS.has(rule.kind)),
      true,
    ),
    compileRules(URGENCY_RULES),
  ],
});

const PROFILES: ReadonlyMap<string, LanguageProfile> = new Map(
  LANGUAGE_PROFILES.map((profile) => [profile.code, profile]),
);
const MODELS = new Map<string, LanguageModel>([['en', ENGLISH]]);

/**
 * A language's model. English is built when the module loads; another language's rules are
 * compiled the first time a post in it arrives (their Unicode word boundaries make them the
 * slowest to compile), so a function that never sees a language never pays for it.
 */
const modelOf = (code: string): LanguageModel | undefined => {
  const built = MODELS.get(code);
  if (built) return built;
  const profile = PROFILES.get(code);
  if (!profile) return undefined;
  const model = languageModel(profile);
  MODELS.set(code, model);
  return model;
};

/** Sentiment scores at or beyond these count as positive or negative (VADER scale -1 … 1). */
const POSITIVE_FROM = 0.3;
const NEGATIVE_FROM = -0.2;
/** How much positive wording still counts next to a concrete problem. */
const PROBLEM_POLITENESS = 0.5;
/** Weak problem hints that together make a complaint. */
const HINTS_FOR_COMPLAINT = 2;
const SPAM_HASHTAGS = 5;
const SPAM_HANDLES = 6;

/** Emoji and emoticons mean the same in every language; the English lexicon carries them. */
const emojiOnlyLexicon: SentimentLexicon = {
  ...ENGLISH_LEXICON,
  valence: new Map([...ENGLISH_LEXICON.valence].filter(([word]) => !/^[a-z']+$/.test(word))),
};
const EMOJI_ONLY: LanguageModel = { lexicon: emojiOnlyLexicon, rules: [] };

const RULES_THRESHOLDS = { positiveFrom: POSITIVE_FROM, negativeFrom: NEGATIVE_FROM };

const labelOf = (
  score: number,
  { positiveFrom, negativeFrom }: { positiveFrom: number; negativeFrom: number },
): Sentiment =>
  score >= positiveFrom ? 'positive' : score <= negativeFrom ? 'negative' : 'neutral';

const percent = (probability: number): string => probability.toFixed(2);

const quoted = (hits: readonly CueHit[]): string =>
  [...new Set(hits.map((hit) => `"${hit.text}"`))].slice(0, 3).join(', ');

const languageReason = (language: DetectedLanguage, supported: boolean): string => {
  const how = {
    platform: 'as tagged by the platform',
    script: 'from its writing system',
    words: 'from its words',
    default: 'by default: no language-specific words found',
  }[language.evidence];
  const knowledge = supported
    ? ''
    : '; no shipped word knowledge for it, so sentiment rests on emoji, emoticons and punctuation';
  return `language ${language.code} ${how}${knowledge}`;
};

/**
 * Classifies a post's text with the rules and, for English, a learned model blended with them.
 * Pure and synchronous; `platformLanguage` is the tag the platform sent, if any.
 */
const classifyWith = (
  learned: LearnedSentiment | undefined,
  text: string,
  platformLanguage?: string,
  rating?: number,
): Classification => {
  const language = detectLanguage(text, platformLanguage);
  const model = modelOf(language.code);
  const { lexicon, rules } = model ?? EMOJI_ONLY;
  const prepared = prepareText(text, (word) => lexicon.valence.has(word));
  const lexical = scoreLexicon(prepared.tokens, lexicon);

  const byKind = new Map<CueKind, CueHit[]>();
  for (const compiled of rules) {
    for (const hit of matchRules(prepared.lower, compiled)) {
      const list = byKind.get(hit.rule.kind);
      if (list) list.push(hit);
      else byKind.set(hit.rule.kind, [hit]);
    }
  }
  const hitsOf = (kind: CueKind): readonly CueHit[] => byKind.get(kind) ?? [];
  const problems = hitsOf('problem');
  const hints = hitsOf('hint');
  // Irony needs a grievance next to it: "thanks a lot" alone is sincere. Stars are the author's
  // own verdict: on a 4–5 star review only a stated problem is a grievance, so "great service,
  // nothing other than excellent" stays praise.
  const praisingStars = rating !== undefined && rating >= 4;
  const grievanceStated = problems.length > 0 || (!praisingStars && lexical.negative < 0);
  const sarcasm = grievanceStated ? hitsOf('sarcasm') : [];
  const vents = hitsOf('vent');
  const praise = sarcasm.length > 0 ? [] : hitsOf('praise');
  const cueValence = (hits: readonly CueHit[]) =>
    hits.reduce((sum, hit) => sum + (hit.rule.valence ?? 0), 0);

  const questions = hitsOf('question');
  const requests = hitsOf('request');
  // Politeness around a problem or a question ("thanks, but my bag is still missing", "could
  // you help me please? thanks") is not praise.
  const polite =
    problems.length > 0 || (praise.length === 0 && (questions.length > 0 || requests.length > 0));
  const positiveWeight = sarcasm.length > 0 ? 0 : polite ? PROBLEM_POLITENESS : 1;
  let sum =
    lexical.positive * positiveWeight +
    lexical.negative +
    cueValence(problems) +
    cueValence(hints) +
    cueValence(sarcasm) +
    cueValence(vents) +
    cueValence(praise);
  if (sum !== 0)
    sum += Math.sign(sum) * punctuationEmphasis(prepared.exclamations, prepared.questionMarks);
  const rulesScore = normaliseScore(sum);
  const learnedModel = language.code === 'en' ? learned : undefined;
  const probabilities =
    learnedModel && predictSentiment(prepared, learnedModel.weights, lexicon.negators);
  const score = probabilities
    ? blendSentiment(rulesScore, probabilities, learnedModel.blend)
    : rulesScore;
  const tone = labelOf(score, learnedModel?.blend ?? RULES_THRESHOLDS);
  const rulesTone = labelOf(rulesScore, RULES_THRESHOLDS);
  // "Rules, or P(negative) above a threshold": the model hears complaints in words no rule knows.
  const modelComplaint =
    probabilities !== undefined &&
    learnedModel !== undefined &&
    probabilities.negative >= learnedModel.blend.complaintFrom;

  const spam = hitsOf('spam');
  const rulesComplaint =
    problems.length > 0 ||
    sarcasm.length > 0 ||
    hints.length >= HINTS_FOR_COMPLAINT ||
    (hints.length > 0 && rulesScore < 0) ||
    rulesTone === 'negative';
  const complaint =
    spam.length === 0 &&
    (praisingStars
      ? problems.length > 0
      : rulesComplaint || tone === 'negative' || (hints.length > 0 && score < 0) || modelComplaint);
  // A complaint voices dissatisfaction even in neutral words ("still waiting for my refund").
  const grievance = problems.length > 0 || sarcasm.length > 0;
  const sentiment: Sentiment = grievance && tone === 'neutral' ? 'negative' : tone;
  const asks = questions.length > 0 || prepared.questionMarks > 0;
  const promotional =
    spam.length > 0 ||
    (prepared.links > 0 && prepared.hashtags >= SPAM_HASHTAGS) ||
    prepared.handles >= SPAM_HANDLES;

  const intents: Intent[] = [];
  if (complaint) intents.push('complaint');
  if (asks) intents.push('question');
  if (requests.length > 0) intents.push('request');
  if (sentiment === 'positive' && !complaint) intents.push('praise');
  if (
    sentiment === 'negative' &&
    (vents.length > 0 || (problems.length === 0 && !asks && requests.length === 0))
  ) {
    intents.push('venting');
  }
  if (promotional) intents.push('spam');
  if (intents.length === 0) intents.push('irrelevant');

  const urgency = [...new Set(hitsOf('urgency').map((hit) => hit.rule.urgency))].filter(
    (value): value is Urgency => value !== undefined,
  );

  const reasons: string[] = [languageReason(language, model !== undefined)];
  if (lexical.hits.length > 0)
    reasons.push(`sentiment words: ${lexical.hits.slice(0, 5).join(', ')}`);
  if (probabilities && learnedModel) {
    reasons.push(
      `learned model: P(negative) ${percent(probabilities.negative)}, P(positive) ${percent(probabilities.positive)}; blended ${learnedModel.blend.modelWeight} model with rules ${rulesScore.toFixed(2)}`,
    );
  }
  reasons.push(`sentiment ${sentiment} (${score.toFixed(2)})`);
  const findings: ReadonlyArray<readonly [readonly CueHit[], string]> = [
    [problems, 'problem'],
    [hints, 'hint'],
    [sarcasm, 'irony'],
    [vents, 'venting'],
    [praise, 'praise'],
    [questions, 'question'],
    [requests, 'request'],
    [spam, 'promotion'],
  ];
  for (const [hits, label] of findings) {
    if (hits.length > 0) {
      const what = [...new Set(hits.map((hit) => hit.rule.reason))].join('; ');
      reasons.push(`${label}: ${what} (${quoted(hits)})`);
    }
  }
  if (complaint && rulesComplaint && problems.length === 0 && sarcasm.length === 0) {
    reasons.push('complaint: strongly negative about the brand');
  } else if (complaint && !rulesComplaint && probabilities && learnedModel) {
    reasons.push(
      modelComplaint
        ? `complaint: the learned model finds it negative (P(negative) ${percent(probabilities.negative)} ≥ ${learnedModel.blend.complaintFrom})`
        : 'complaint: negative once the learned model is blended in',
    );
  }
  for (const hit of hitsOf('urgency')) reasons.push(`urgent, ${hit.rule.reason}: "${hit.text}"`);

  const evidence = Math.abs(score) + 0.15 * byKind.size;
  const knowledge = model === undefined ? 0.5 : language.evidence === 'default' ? 0.8 : 1;
  const confidence = Math.round((0.45 + 0.5 * Math.min(1, evidence)) * knowledge * 100) / 100;

  return {
    sentiment,
    sentimentScore: Math.round(score * 1000) / 1000,
    intents,
    complaint,
    urgency,
    language: language.code,
    confidence,
    reasons,
  };
};

/** Classifies a post's text with the rules blended with the shipped learned model. */
export const classifyText = (text: string, platformLanguage?: string): Classification =>
  classifyWith(shippedSentimentModel(), text, platformLanguage);

/** Classifies a post's text with the rules blended with a given learned model (a retrained one). */
export const classifyTextWith = (
  learned: LearnedSentiment,
  text: string,
  platformLanguage?: string,
): Classification => classifyWith(learned, text, platformLanguage);

/** The rules alone, without the learned model: for training the blend and for comparison. */
export const rulesOnlyClassifyText = (text: string, platformLanguage?: string): Classification =>
  classifyWith(undefined, text, platformLanguage);

/** Review stars speak louder than words: 1–2 is a complaint, 4–5 is praise. */
const withRating = (classification: Classification, rating: number | undefined): Classification => {
  if (rating === undefined) return classification;
  if (rating <= 2 && !classification.complaint) {
    return {
      ...classification,
      sentiment: 'negative',
      sentimentScore: Math.min(classification.sentimentScore, -0.5),
      complaint: true,
      intents: [
        'complaint',
        ...classification.intents.filter(
          (intent) => intent !== 'praise' && intent !== 'irrelevant',
        ),
      ],
      reasons: [...classification.reasons, `complaint: a ${rating}-star review`],
    };
  }
  if (rating >= 4 && classification.sentiment !== 'negative' && !classification.complaint) {
    return {
      ...classification,
      sentiment: 'positive',
      sentimentScore: Math.max(classification.sentimentScore, 0.5),
      intents: [
        ...new Set<Intent>([
          ...classification.intents.filter((intent) => intent !== 'irrelevant'),
          'praise',
        ]),
      ],
      reasons: [...classification.reasons, `praise: a ${rating}-star review`],
    };
  }
  return classification;
};

/** Classifies one mention with the built-in rules and lexicons. */
export const classifyMention = (mention: Mention): Classification =>
  withRating(
    classifyWith(shippedSentimentModel(), mention.text, mention.language, mention.rating),
    mention.rating,
  );

/** The built-in classifier behind the `Classifier` port: the default, and every fallback. */
export const builtInClassifier: Classifier = {
  classify: async (mention) => classifyMention(mention),
};
