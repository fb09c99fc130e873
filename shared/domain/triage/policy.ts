import * as z from 'zod';
import { Urgency } from '../../contracts/triage';
import { HostedModelSettings } from './hosted-model';

/** The situations a suggested first reply is written for, most serious first. */
export const ReplySituation = z.enum([
  'safety',
  'privacy',
  'legal',
  'outage',
  'churn',
  'press',
  'complaintPrivate',
  'complaint',
  'question',
  'request',
  'praise',
  'venting',
]);
export type ReplySituation = z.infer<typeof ReplySituation>;

/**
 * Reply templates by situation. `{name}` is replaced by the author's name or handle. Partial: a
 * brand overrides only the situations it wants worded its own way.
 */
export const ReplyTemplates = z.partialRecord(ReplySituation, z.string().min(1));
export type ReplyTemplates = z.infer<typeof ReplyTemplates>;

const policyFields = {
  /** Followers from which an author counts as high reach. */
  highReachFollowers: z.number().int().nonnegative().default(10_000),
  /** Customer mentions within `chronicWindowDays` after which an author counts as a chronic ranter. */
  chronicMentions: z.number().int().positive().default(8),
  chronicWindowDays: z.number().int().positive().default(7),
  /** A customer's new mention joins their open case within this many hours. */
  threadWindowHours: z.number().positive().default(72),
  /** Reposts from which a mention counts as spreading; raises its priority one level. */
  viralReposts: z.number().int().nonnegative().default(50),
  /** Likes from which a mention counts as spreading. */
  viralLikes: z.number().int().nonnegative().default(500),
  /** Urgency signals that make a mention P1 on their own. */
  criticalUrgency: z.array(Urgency).default(['safety', 'legal', 'privacy']),
  /** Urgency signals that make a mention at least P2. */
  highUrgency: z.array(Urgency).default(['outage', 'churn', 'press']),
  /** Whether praise needs a human reply (it is flagged for amplification either way). */
  answerPraise: z.boolean().default(false),
  /** Below this confidence a mention goes to a human even when it looks harmless. */
  reviewBelowConfidence: z.number().min(0).max(1).default(0.4),
  /** The brand's own wording of suggested first replies; built-in wording fills the rest. */
  replies: ReplyTemplates.default({}),
};

/** Per-brand changes to the triage policy: any field above; a misspelt field is refused. */
export const TriagePolicyOverride = z.strictObject(
  Object.fromEntries(
    Object.entries(policyFields).map(([key, schema]) => [key, schema.removeDefault().optional()]),
  ) as {
    [K in keyof typeof policyFields]: z.ZodOptional<
      ReturnType<(typeof policyFields)[K]['removeDefault']>
    >;
  },
);
export type TriagePolicyOverride = z.infer<typeof TriagePolicyOverride>;

/** How triage turns a classification and the author's standing into a priority; per brand. */
export const TriagePolicy = z.strictObject({
  ...policyFields,
  /** The optional hosted model asked about mentions the built-in classifier is unsure of. */
  hostedModel: HostedModelSettings.default(HostedModelSettings.parse({})),
  /** Brand id → the settings that differ for that brand. */
  brands: z.record(z.string(), TriagePolicyOverride).default({}),
});
export type TriagePolicy = z.infer<typeof TriagePolicy>;

/** The policy that applies to one brand: its overrides on top of the shared settings. */
export const policyForBrand = (policy: TriagePolicy, brand: string): TriagePolicy => {
  const override = policy.brands[brand];
  if (!override) return policy;
  const defined = Object.fromEntries(
    Object.entries(override).filter(([, value]) => value !== undefined),
  ) as Partial<TriagePolicy>;
  return {
    ...policy,
    ...defined,
    replies: { ...policy.replies, ...override.replies },
  };
};
