/** Scores of one class: precision, recall and F1 against gold labels. */
export interface ClassScore {
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  readonly support: number;
}

export class EvaluationError extends Error {
  override name = 'EvaluationError';
}

const ratio = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);

/** Precision, recall and F1 of `label`, treating every other label as "not it". */
export const scoreClass = <L>(
  gold: readonly L[],
  predicted: readonly L[],
  label: L,
): ClassScore => {
  if (gold.length !== predicted.length) {
    throw new EvaluationError(`${gold.length} gold labels but ${predicted.length} predictions`);
  }
  let truePositive = 0;
  let predictedCount = 0;
  let support = 0;
  for (let i = 0; i < gold.length; i++) {
    const isGold = gold[i] === label;
    const isPredicted = predicted[i] === label;
    if (isGold) support++;
    if (isPredicted) predictedCount++;
    if (isGold && isPredicted) truePositive++;
  }
  const precision = ratio(truePositive, predictedCount);
  const recall = ratio(truePositive, support);
  return { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
};

/** Unweighted mean of the per-class F1 over `labels`: every class counts the same. */
export const macroF1 = <L>(
  gold: readonly L[],
  predicted: readonly L[],
  labels: readonly L[],
): number =>
  labels.reduce((sum, label) => sum + scoreClass(gold, predicted, label).f1, 0) / labels.length;

/**
 * The VADER tweets carry a mean human valence from -4 to 4; within half a point of zero the
 * raters did not agree on a direction, so that band counts as neutral.
 */
const VALENCE_NEUTRAL_BAND = 0.5;

/** Maps a -4 … 4 mean valence to three sentiment classes with the band above. */
export const sentimentOfValence = (valence: number): 'negative' | 'neutral' | 'positive' =>
  valence > VALENCE_NEUTRAL_BAND
    ? 'positive'
    : valence < -VALENCE_NEUTRAL_BAND
      ? 'negative'
      : 'neutral';
