import {
  EvaluationError,
  macroF1,
  scoreClass,
  sentimentOfValence,
} from '../../../shared/domain/triage/evaluation';

describe('scoreClass', () => {
  it('computes precision, recall and F1 of one class', () => {
    const gold = [true, true, true, false, false];
    const predicted = [true, true, false, true, false];
    const score = scoreClass(gold, predicted, true);
    expect(score.precision).toBeCloseTo(2 / 3);
    expect(score.recall).toBeCloseTo(2 / 3);
    expect(score.f1).toBeCloseTo(2 / 3);
    expect(score.support).toBe(3);
  });

  it('scores zero rather than dividing by zero when a class is never predicted', () => {
    expect(scoreClass(['a', 'b'], ['b', 'b'], 'a')).toEqual({
      precision: 0,
      recall: 0,
      f1: 0,
      support: 1,
    });
  });

  it('refuses gold and predictions of different lengths', () => {
    expect(() => scoreClass([1, 2], [1], 1)).toThrow(
      new EvaluationError('2 gold labels but 1 predictions'),
    );
  });
});

describe('macroF1', () => {
  it('weighs every class the same, however rare', () => {
    const gold = ['neg', 'neg', 'neg', 'pos'];
    const predicted = ['neg', 'neg', 'neg', 'neg'];
    // neg: P 0.75 R 1 → F1 6/7; pos: F1 0.
    expect(macroF1(gold, predicted, ['neg', 'pos'])).toBeCloseTo(3 / 7);
  });
});

describe('sentimentOfValence', () => {
  it('maps mean valence to three classes with a half-point neutral band', () => {
    expect([-2.1, -0.51, -0.5, 0, 0.5, 0.51, 3].map(sentimentOfValence)).toEqual([
      'negative',
      'negative',
      'neutral',
      'neutral',
      'neutral',
      'positive',
      'positive',
    ]);
  });
});
