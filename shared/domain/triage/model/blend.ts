import type { SentimentProbabilities, SentimentWeights } from './sentiment-model';

/**
 * How the learned model and the rules are combined; chosen by the training script on held-out
 * posts of the training pool, stored next to the weights.
 */
export interface BlendSettings {
  /** Weight of the model's P(positive) − P(negative) against the rules' score (0 … 1). */
  readonly modelWeight: number;
  /** Blended scores at or above this are positive. */
  readonly positiveFrom: number;
  /** Blended scores at or below this are negative. */
  readonly negativeFrom: number;
  /** From this P(negative) the model alone makes a complaint, where the rules found none. */
  readonly complaintFrom: number;
}

/** The blended sentiment score, -1 … 1: the model's polarity mixed with the rules' score. */
export const blendSentiment = (
  rulesScore: number,
  model: SentimentProbabilities,
  settings: BlendSettings,
): number =>
  settings.modelWeight * (model.positive - model.negative) +
  (1 - settings.modelWeight) * rulesScore;

/** A learned sentiment model for English and how it is blended with the rules. */
export interface LearnedSentiment {
  readonly weights: SentimentWeights;
  readonly blend: BlendSettings;
}
