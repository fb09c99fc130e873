/**
 * The optional hosted model (for example a small model on Amazon Bedrock): its settings, the
 * answer it must give, and how that answer is folded into the built-in classification.
 */
import * as z from 'zod';
import {
  type Classification,
  Intent,
  Sentiment,
  type Urgency,
  Urgency as UrgencySchema,
} from '../../contracts/triage';

/** Off by default; when on, asked only about mentions the built-in classifier is unsure of. */
export const HostedModelSettings = z.strictObject({
  enabled: z.boolean().default(false),
  /** A Bedrock model id or inference profile id that supports the Converse API. */
  modelId: z.string().min(1).default('amazon.nova-micro-v1:0'),
  /** Where the model runs; the function's own region when absent. */
  region: z
    .string()
    .regex(/^[a-z]{2}(-[a-z]+)+-\d$/, 'an AWS region such as us-east-1')
    .optional(),
  /** The hosted model is asked only when the built-in confidence is below this. */
  belowConfidence: z.number().min(0).max(1).default(0.6),
  /** Calls per UTC day across every function instance; beyond it the built-in result stands. */
  dailyBudget: z.number().int().nonnegative().default(1000),
  /** How long one call may take before the built-in result stands. */
  timeoutMs: z.number().int().min(100).max(30_000).default(2000),
});
export type HostedModelSettings = z.infer<typeof HostedModelSettings>;

/** What the hosted model must answer; anything else is refused and the built-in result stands. */
export const HostedAnswer = z.strictObject({
  sentiment: Sentiment,
  intents: z.array(Intent).min(1),
  urgency: z.array(UrgencySchema),
});
export type HostedAnswer = z.infer<typeof HostedAnswer>;

/** Whether the built-in classification is unsure enough to ask the hosted model. */
export const needsHostedModel = (
  classification: Classification,
  settings: HostedModelSettings,
): boolean => settings.enabled && classification.confidence < settings.belowConfidence;

const SCORE_OF: Record<Classification['sentiment'], number> = {
  negative: -0.5,
  neutral: 0,
  positive: 0.5,
};

const listed = (values: readonly string[]): string =>
  values.length > 0 ? values.join(', ') : 'none';

/**
 * The built-in classification with the hosted model's sentiment and intents; urgency is the union
 * of both, so a safety signal the rules found is never dropped. The confidence stays the built-in
 * one, so a mention the rules were unsure of still goes to a human for review.
 */
export const withHostedAnswer = (
  builtIn: Classification,
  answer: HostedAnswer,
  settings: Pick<HostedModelSettings, 'modelId' | 'belowConfidence'>,
): Classification => {
  const intents = [...new Set(answer.intents)];
  const urgency = [...new Set<Urgency>([...builtIn.urgency, ...answer.urgency])];
  const sentimentScore =
    answer.sentiment === builtIn.sentiment ? builtIn.sentimentScore : SCORE_OF[answer.sentiment];
  const changes = [
    `sentiment ${answer.sentiment}${answer.sentiment === builtIn.sentiment ? '' : ` (built-in ${builtIn.sentiment})`}`,
    `intents ${listed(intents)}${listed(intents) === listed(builtIn.intents) ? '' : ` (built-in ${listed(builtIn.intents)})`}`,
    `urgency ${listed(answer.urgency)}`,
  ];
  return {
    ...builtIn,
    sentiment: answer.sentiment,
    sentimentScore,
    intents,
    complaint: intents.includes('complaint'),
    urgency,
    hostedModel: `hosted model ${settings.modelId} asked (built-in confidence ${builtIn.confidence} < ${settings.belowConfidence}): ${changes.join('; ')}`,
  };
};
