/**
 * CPU time per mention of the built-in classifier (shared/triage) and of three lexicon peers —
 * vader-sentiment, sentiment (AFINN) and wink-sentiment — on the same generated posts.
 */
import { classifyText } from '../../shared/domain/triage/classifier';
import { mentionTexts } from './mention-texts';

// The peers ship without type declarations; these are the parts used here.
const vader = require('vader-sentiment') as {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
};
const Afinn = require('sentiment') as new () => { analyze(text: string): { score: number } };
const wink = require('wink-sentiment') as (text: string) => { score: number };

export interface ClassifyCost {
  readonly usPerMention: number;
  readonly peers: { readonly vader: number; readonly afinn: number; readonly wink: number };
  readonly texts: number;
}

const PASSES = 3;

/**
 * Microseconds of CPU time (user + system) per text of `classify`, the best of PASSES passes after
 * one warm-up pass: what a warm function instance spends on a mention when it has a core to
 * itself, as a Lambda sandbox does, whatever else this machine is running.
 */
const microsPerText = (texts: readonly string[], classify: (text: string) => unknown): number => {
  for (const text of texts) classify(text);
  let best = Number.POSITIVE_INFINITY;
  for (let pass = 0; pass < PASSES; pass++) {
    const start = process.cpuUsage();
    for (const text of texts) classify(text);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / texts.length);
  }
  return Number(best.toFixed(1));
};

export const measureClassify = (count = 5_000): ClassifyCost => {
  const texts = mentionTexts(count);
  const afinn = new Afinn();
  return {
    usPerMention: microsPerText(texts, (text) => classifyText(text)),
    peers: {
      vader: microsPerText(texts, (text) => vader.SentimentIntensityAnalyzer.polarity_scores(text)),
      afinn: microsPerText(texts, (text) => afinn.analyze(text)),
      wink: microsPerText(texts, (text) => wink(text)),
    },
    texts: texts.length,
  };
};
