import {
  classifyText,
  classifyTextWith,
  rulesOnlyClassifyText,
} from '../../../shared/domain/triage/classifier';
import { ENGLISH_LEXICON } from '../../../shared/domain/triage/knowledge/english';
import { blendSentiment } from '../../../shared/domain/triage/model/blend';
import {
  continueHash,
  featureBuckets,
  hashText,
} from '../../../shared/domain/triage/model/features';
import {
  decodeWeights,
  encodeWeights,
  predictSentiment,
  SentimentWeightsError,
} from '../../../shared/domain/triage/model/sentiment-model';
import { shippedSentimentModel } from '../../../shared/domain/triage/model/shipped';
import {
  SENTIMENT_BLEND,
  SENTIMENT_MODEL_HEADER,
} from '../../../shared/domain/triage/model/weights';
import { prepareText } from '../../../shared/domain/triage/text';

const preparedOf = (text: string) => prepareText(text, (word) => ENGLISH_LEXICON.valence.has(word));
const probabilitiesOf = (text: string) =>
  predictSentiment(preparedOf(text), shippedSentimentModel().weights, ENGLISH_LEXICON.negators);

describe('featureBuckets', () => {
  const space = { bits: 20, negators: ENGLISH_LEXICON.negators };

  it('marks the words after a negation, up to the end of the clause', () => {
    const plain = featureBuckets(preparedOf('the food was good'), space);
    const negated = featureBuckets(preparedOf('the food was not good'), space);
    const afterClause = featureBuckets(preparedOf('not today, the food was good'), space);
    // "good" inside the scope adds a feature plain "good" never has.
    expect(negated.filter((bucket) => !plain.includes(bucket)).length).toBeGreaterThan(2);
    expect(afterClause.filter((bucket) => !plain.includes(bucket))).not.toEqual(
      expect.arrayContaining(negated.filter((bucket) => !plain.includes(bucket))),
    );
  });

  it('with character n-grams, a misspelt word shares most features with the word', () => {
    const grams = { ...space, charGrams: { min: 3, max: 5 } };
    const right = featureBuckets(preparedOf('terrible'), grams);
    const wrong = featureBuckets(preparedOf('terible'), grams);
    // `<te`, `ter`, `ble`, `le>`, `<ter`, `ible`, `ble>`, `ible>`: 8 of terible's 17 features.
    const shared = wrong.filter((bucket) => right.includes(bucket));
    expect(shared.length).toBeGreaterThanOrEqual(8);
    expect(featureBuckets(preparedOf('terible'), space).some((b) => right.includes(b))).toBe(false);
    // Edges count: 3 to 5 letters of "<ok>" are `<ok`, `ok>` and `<ok>`, plus the word and its pair.
    expect(featureBuckets(preparedOf('ok'), grams)).toHaveLength(2 + 3);
  });

  it('normalised, reads a stretched word as the word and counts links and users', () => {
    const normalised = { ...space, squeeze: true, placeholders: true };
    const stretched = featureBuckets(preparedOf('sooooo goooood'), normalised);
    const plain = featureBuckets(preparedOf('soo good'), normalised);
    expect(plain.every((bucket) => stretched.includes(bucket))).toBe(true);
    expect(stretched).toHaveLength(plain.length + 2);
    const linked = featureBuckets(preparedOf('@acme see https://example.com/x'), normalised);
    expect(linked).toHaveLength(featureBuckets(preparedOf('see'), normalised).length + 2);
  });

  it('with a negation reach, stops marking after that many words or at "but"', () => {
    const reach = { ...space, negationWords: 3 };
    const negatedOf = (text: string, within: typeof space) =>
      featureBuckets(preparedOf(text), within).length - 2 * preparedOf(text).tokens.length;
    expect(negatedOf('not at all good or nice really', space)).toBe(6);
    expect(negatedOf('not at all good or nice really', reach)).toBe(3);
    expect(negatedOf('not great but good', reach)).toBe(1);
  });

  it('hashes each feature as the text it stands for, without building that text', () => {
    // The committed weights were trained on these strings: a pair is `previous \u0001 word`
    // (`\u0003` before a clause's first word), a negated word `\u0002 word`.
    const hashed = (text: string) => hashText(text) & (2 ** 20 - 1);
    expect(featureBuckets(preparedOf("don't care"), space)).toEqual([
      hashed("don't"),
      hashed("\u0003\u0001don't"),
      hashed('care'),
      hashed("don't\u0001care"),
      hashed('\u0002care'),
    ]);
    expect(continueHash(continueHash(0x811c9dc5, 'still '), 'waiting') >>> 0).toBe(
      hashText('still waiting'),
    );
  });

  it('gives the same buckets for the same text, within the space', () => {
    const first = featureBuckets(preparedOf("I can't believe it, still no refund"), space);
    expect(featureBuckets(preparedOf("I can't believe it, still no refund"), space)).toEqual(first);
    expect(first.every((bucket) => bucket >= 0 && bucket < 2 ** 20)).toBe(true);
  });
});

describe('the committed sentiment weights', () => {
  it('load into the feature space they were trained for', () => {
    const { weights } = shippedSentimentModel();
    expect(weights.bits).toBe(SENTIMENT_MODEL_HEADER.bits);
    expect(weights.quantized).toHaveLength(2 << weights.bits);
    const kept = weights.quantized.filter((value) => value !== 0).length;
    expect(kept).toBeGreaterThan(50_000);
  });

  it.each([
    ['the worst airline ever, cancelled my flight and nobody will help', 'negative'],
    ['my order never arrived and support keeps ignoring me', 'negative'],
    ['absolutely love the new app, thank you so much', 'positive'],
    ['great crew and a smooth flight, see you next time', 'positive'],
  ])('scores "%s" as %s', (text, expected) => {
    const probabilities = probabilitiesOf(text);
    const top = (['negative', 'neutral', 'positive'] as const).reduce((best, label) =>
      probabilities[label] > probabilities[best] ? label : best,
    );
    expect(top).toBe(expected);
  });

  it('reads a negation: "not good" is less positive than "good"', () => {
    expect(probabilitiesOf('the service was not good').positive).toBeLessThan(
      probabilitiesOf('the service was good').positive,
    );
  });

  it('pins the blend chosen on the blend tenth of the training pool', () => {
    expect(SENTIMENT_BLEND).toEqual({
      modelWeight: 0.75,
      positiveFrom: 0.25,
      negativeFrom: -0.175,
      complaintFrom: 0.55,
    });
  });

  it('reads a misspelt or stretched word much like the word', () => {
    expect(probabilitiesOf('the service was terible').negative).toBeGreaterThan(
      probabilitiesOf('the service was').negative + 0.1,
    );
    expect(probabilitiesOf('loooove the new app').positive).toBeGreaterThan(
      probabilitiesOf('the new app').positive + 0.1,
    );
    expect(probabilitiesOf('awsome crew').positive).toBeGreaterThan(
      probabilitiesOf('crew').positive + 0.05,
    );
  });
});

describe('blendSentiment', () => {
  it('weighs the model polarity against the rules score', () => {
    const model = { negative: 0.7, neutral: 0.2, positive: 0.1 };
    const settings = {
      modelWeight: 0.6,
      positiveFrom: 0.25,
      negativeFrom: -0.2,
      complaintFrom: 0.5,
    };
    expect(blendSentiment(0.5, model, settings)).toBeCloseTo(0.6 * -0.6 + 0.4 * 0.5, 10);
    expect(blendSentiment(0.5, model, { ...settings, modelWeight: 0 })).toBe(0.5);
  });
});

describe('classifyText with the learned model', () => {
  it('says in its reasons what the model contributed', () => {
    const result = classifyText('@NorthwindAir thanks for the smooth flight, lovely crew');
    expect(result.reasons.some((reason) => reason.startsWith('learned model: P(negative)'))).toBe(
      true,
    );
  });

  it('finds a complaint the rules miss', () => {
    const text = '@Contoso what a joke of a company';
    expect(rulesOnlyClassifyText(text).complaint).toBe(false);
    expect(probabilitiesOf(text).negative).toBeGreaterThan(0.5);
    const result = classifyText(text);
    expect(result.complaint).toBe(true);
    expect(result.sentiment).toBe('negative');
    expect(result.reasons).toContainEqual(
      'complaint: negative once the learned model is blended in',
    );
  });

  it('makes a complaint from P(negative) exactly from complaintFrom, where the rules find none', () => {
    // Negative to the model, neutral to the rules and to the blend: only the threshold decides.
    const text = '@Contoso the seats are so cramped';
    const shipped = shippedSentimentModel();
    const { negative } = probabilitiesOf(text);
    const withThreshold = (complaintFrom: number) =>
      classifyTextWith({ ...shipped, blend: { ...shipped.blend, complaintFrom } }, text);
    expect(rulesOnlyClassifyText(text).complaint).toBe(false);
    expect(withThreshold(1).complaint).toBe(false);
    const at = withThreshold(negative);
    expect(at.complaint).toBe(true);
    expect(at.reasons).toContainEqual(
      expect.stringMatching(
        /^complaint: the learned model finds it negative \(P\(negative\) 0\.\d+ ≥ /,
      ),
    );
    expect(withThreshold(negative + 0.001).complaint).toBe(false);
  });

  it('leaves other languages to the rules', () => {
    const text = 'Muy contento con el servicio, gracias';
    const result = classifyText(text, 'es');
    expect(result.reasons.some((reason) => reason.startsWith('learned model'))).toBe(false);
    expect(result).toEqual(rulesOnlyClassifyText(text, 'es'));
  });
});

describe('encodeWeights / decodeWeights', () => {
  it('round-trips int8 weights, both extremes included', () => {
    const quantized = new Int8Array(2 << 12);
    quantized[0] = -127;
    quantized[1] = 5;
    quantized[2 * 300 + 1] = 127;
    quantized[2 * 4095] = -1;
    const decoded = decodeWeights(encodeWeights(quantized), { bits: 12, scale: 1, bias: [0, 0] });
    expect(decoded.quantized).toEqual(quantized);
  });

  it('rejects weights with more buckets than the header says', () => {
    const quantized = new Int8Array(2 << 12);
    quantized[2 * 4000] = 3;
    expect(() =>
      decodeWeights(encodeWeights(quantized), { bits: 8, scale: 1, bias: [0, 0] }),
    ).toThrow(/corrupt or larger than 2\^8 buckets/);
  });

  it('rejects weights with fewer buckets than the header says', () => {
    expect(() =>
      decodeWeights(encodeWeights(new Int8Array(2 << 8)), { bits: 12, scale: 1, bias: [0, 0] }),
    ).toThrow('sentiment weights hold 256 buckets where the header says 2^12');
  });

  it('rejects weights that are not DEFLATE data', () => {
    expect(() =>
      decodeWeights(Buffer.from('not weights').toString('base64'), {
        bits: 8,
        scale: 1,
        bias: [0, 0],
      }),
    ).toThrow(SentimentWeightsError);
  });
});
