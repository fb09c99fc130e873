/**
 * Time per mention of the built-in classifier (shared/triage) and of three lexicon peers —
 * vader-sentiment, sentiment (AFINN) and wink-sentiment — on the same generated posts.
 */
import { performance } from 'node:perf_hooks';
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

/** Microseconds per text of `classify`, after one warm-up pass over the texts. */
const microsPerText = (texts: readonly string[], classify: (text: string) => unknown): number => {
  for (const text of texts) classify(text);
  const start = performance.now();
  for (const text of texts) classify(text);
  return Number((((performance.now() - start) * 1000) / texts.length).toFixed(1));
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
