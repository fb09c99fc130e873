import type { LearnedSentiment } from './blend';
import { decodeWeights } from './sentiment-model';
import { SENTIMENT_BLEND, SENTIMENT_MODEL_HEADER, SENTIMENT_MODEL_INT8 } from './weights';

let shipped: LearnedSentiment | undefined;

/**
 * The sentiment model committed with the product, decoded on first use (once per process), so
 * loading the module — or retraining a model in another format — costs nothing until it is used.
 */
export const shippedSentimentModel = (): LearnedSentiment => {
  shipped ??= {
    weights: decodeWeights(SENTIMENT_MODEL_INT8, SENTIMENT_MODEL_HEADER),
    blend: SENTIMENT_BLEND,
  };
  return shipped;
};
