import type { Classification } from '../../../shared/contracts/triage';
import { parseConfig } from '../../../shared/domain/config/responder-config';
import { classifyMention } from '../../../shared/domain/triage/classifier';
import {
  HostedModelSettings,
  needsHostedModel,
  withHostedAnswer,
} from '../../../shared/domain/triage/hosted-model';
import { mentionWith } from './support';

const SETTINGS = HostedModelSettings.parse({ enabled: true });

const unsure: Classification = {
  sentiment: 'neutral',
  sentimentScore: 0.05,
  intents: ['irrelevant'],
  complaint: false,
  urgency: ['outage'],
  language: 'en',
  confidence: 0.48,
  reasons: ['language en from its words'],
};

describe('HostedModelSettings', () => {
  it('is off by default, with a small model, a budget and a timeout', () => {
    expect(parseConfig({}).triage.hostedModel).toEqual({
      enabled: false,
      modelId: 'amazon.nova-micro-v1:0',
      belowConfidence: 0.6,
      dailyBudget: 1000,
      timeoutMs: 2000,
    });
  });

  it('names a bad field in the configuration', () => {
    expect(() => parseConfig({ triage: { hostedModel: { enabled: true, timeoutMs: 5 } } })).toThrow(
      /triage\.hostedModel\.timeoutMs/,
    );
  });
});

describe('needsHostedModel', () => {
  it('asks only when enabled and the built-in confidence is below the threshold', () => {
    expect(needsHostedModel(unsure, SETTINGS)).toBe(true);
    expect(needsHostedModel({ ...unsure, confidence: 0.6 }, SETTINGS)).toBe(false);
    expect(needsHostedModel(unsure, HostedModelSettings.parse({}))).toBe(false);
  });

  it('leaves a clear complaint to the built-in classifier', () => {
    const clear = classifyMention(
      mentionWith({ text: 'Worst airline ever, you lost my bag and nobody answers. Furious!' }),
    );
    expect(needsHostedModel(clear, SETTINGS)).toBe(false);
  });
});

describe('withHostedAnswer', () => {
  it('takes sentiment and intents from the model, keeps every urgency, and says what changed', () => {
    const result = withHostedAnswer(
      unsure,
      { sentiment: 'negative', intents: ['complaint', 'complaint'], urgency: ['churn'] },
      SETTINGS,
    );

    expect(result).toMatchObject({
      sentiment: 'negative',
      sentimentScore: -0.5,
      intents: ['complaint'],
      complaint: true,
      urgency: ['outage', 'churn'],
      confidence: 0.48,
    });
    expect(result.hostedModel).toBe(
      'hosted model amazon.nova-micro-v1:0 asked (built-in confidence 0.48 < 0.6): sentiment negative (built-in neutral); intents complaint (built-in irrelevant); urgency churn',
    );
  });

  it('keeps the built-in score when the model agrees on the sentiment', () => {
    const result = withHostedAnswer(
      unsure,
      { sentiment: 'neutral', intents: ['irrelevant'], urgency: [] },
      SETTINGS,
    );
    expect(result.sentimentScore).toBe(0.05);
    expect(result.complaint).toBe(false);
    expect(result.hostedModel).toBe(
      'hosted model amazon.nova-micro-v1:0 asked (built-in confidence 0.48 < 0.6): sentiment neutral; intents irrelevant; urgency none',
    );
  });
});
