import { prepareCorpus, trainSentimentModel } from '../../../scripts/train-sentiment';
import { shippedSentimentModel } from '../../../shared/domain/triage/model/shipped';
import { SENTIMENT_MODEL_HEADER } from '../../../shared/domain/triage/model/weights';

/** A small hand-written pool: templated posts whose words decide their sentiment. */
const pool = () => {
  const things = ['flight', 'app', 'order', 'crew', 'refund', 'seat', 'bag', 'update', 'driver'];
  const byLabel = [
    ['awful', 'terrible', 'broken', 'useless', 'the worst'],
    ['on tuesday', 'at noon', 'in the morning', 'today', 'again'],
    ['great', 'lovely', 'excellent', 'perfect', 'the best'],
  ];
  const examples = [];
  for (const [label, words] of byLabel.entries()) {
    for (const [i, word] of words.entries()) {
      for (const [j, thing] of things.entries()) {
        for (const opening of ['my', 'the', 'our', 'that']) {
          const text = `${opening} ${thing} was ${word} ${i + j}`;
          examples.push({ text, label, social: true });
        }
      }
    }
  }
  return examples;
};

describe('trainSentimentModel', () => {
  const corpus = prepareCorpus(pool());
  const options = {
    bits: 12,
    epochs: 3,
    learningRate: 0.1,
    seed: 3,
    keep: 2_000,
    l2: 0,
    balanced: true,
    features: { squeeze: true, charGrams: { min: 3, max: 4 } },
    blendWeight: 'best' as const,
  };

  it('keeps the blend and held-out tenths out of training', () => {
    const total = corpus.training.length + corpus.blend.length + corpus.heldOut.length;
    expect(total).toBe(pool().length);
    expect(corpus.blend.length).toBeGreaterThan(10);
    expect(corpus.heldOut.length).toBeGreaterThan(10);
  });

  it('learns the pool, records its features, and measures itself on the held-out tenth', () => {
    const model = trainSentimentModel(corpus, options);
    expect(model.header.features).toEqual(options.features);
    expect(model.heldOut.modelAlone).toBeGreaterThan(0.9);
    expect(model.heldOut.posts).toBe(corpus.heldOut.length);
    expect(model.report.join('\n')).toMatch(/held-out macro-F1: model alone 0\.9\d\d|1\.000/);
    // Confident on its own words, so the hosted model would be asked about few of them.
    expect(model.heldOut.hostedShare).toBeGreaterThanOrEqual(0);
    expect(model.heldOut.hostedShare).toBeLessThan(0.5);
    expect(model.report).toContainEqual(
      expect.stringMatching(
        /^hosted model: asked about \d+% of held-out social posts \(confidence below 0\.6\)$/,
      ),
    );
  });

  it('with averaging, ships the mean of the weights over training, which learns the pool too', () => {
    const averaged = trainSentimentModel(corpus, { ...options, average: true });
    expect(averaged.heldOut.modelAlone).toBeGreaterThan(0.9);
    expect(averaged.encoded).not.toBe(trainSentimentModel(corpus, options).encoded);
  });

  it('is deterministic: the same pool and recipe give the same weights', () => {
    const first = trainSentimentModel(corpus, options);
    const again = trainSentimentModel(corpus, options);
    expect(again.encoded).toBe(first.encoded);
    expect(again.blend).toEqual(first.blend);
    // A subsample spreads evenly over the pool and never exceeds the limit.
    const subsample = trainSentimentModel(corpus, { ...options, limit: 100 });
    const trainedOn = Number(/^pool: training on (\d+),/.exec(subsample.report[0] ?? '')?.[1]);
    expect(trainedOn).toBeGreaterThan(50);
    expect(trainedOn).toBeLessThanOrEqual(100);
  });
});

describe('the committed weights', () => {
  it('decode with the features they were trained on', () => {
    expect(shippedSentimentModel().weights.features).toEqual(
      'features' in SENTIMENT_MODEL_HEADER ? SENTIMENT_MODEL_HEADER.features : undefined,
    );
  });
});
