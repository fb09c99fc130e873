import * as z from 'zod';

export const Priority = z.enum(['P1', 'P2', 'P3', 'P4']);
export type Priority = z.infer<typeof Priority>;

export const Sentiment = z.enum(['negative', 'neutral', 'positive']);
export type Sentiment = z.infer<typeof Sentiment>;

export const Intent = z.enum([
  'complaint',
  'question',
  'request',
  'praise',
  'venting',
  'spam',
  'irrelevant',
]);
export type Intent = z.infer<typeof Intent>;

export const Urgency = z.enum(['safety', 'legal', 'churn', 'outage', 'privacy', 'press']);
export type Urgency = z.infer<typeof Urgency>;

/** Urgency signals, most serious first: the first one a mention carries decides for it. */
export const URGENCY_BY_SEVERITY: readonly Urgency[] = [
  'safety',
  'privacy',
  'legal',
  'outage',
  'churn',
  'press',
];

/** What triage concluded about one mention, and why. */
export const Classification = z.object({
  sentiment: Sentiment,
  /** -1 (most negative) … 1 (most positive). */
  sentimentScore: z.number().min(-1).max(1),
  intents: z.array(Intent),
  complaint: z.boolean(),
  urgency: z.array(Urgency),
  language: z.string(),
  confidence: z.number().min(0).max(1),
  /** What the classifier found in the text, in words. */
  reasons: z.array(z.string()),
  /** Set when the hosted model was due: what it changed, or why it was not used. */
  hostedModel: z.string().optional(),
});
export type Classification = z.infer<typeof Classification>;

/** Triage's decision: classification plus priority and whether a human must answer. */
export const TriageDecision = z.object({
  classification: Classification,
  priority: Priority,
  needsResponse: z.boolean(),
  /** Praise worth sharing or thanking publicly. */
  amplify: z.boolean(),
  /** A chronic ranter: recorded, not escalated. */
  chronic: z.boolean(),
  reasons: z.array(z.string()),
  suggestedReply: z.string().optional(),
});
export type TriageDecision = z.infer<typeof TriageDecision>;

/**
 * What a stored mention keeps of its triage decision: the classification's figures (and the hosted
 * model's note) and the decision's, which its readers use (reports, the case page, the labels
 * export). Not the explanations in words — the decision's reasons are merged into the case's,
 * the classifier's are reproduced from the text by `npm run classify` — nor the suggested reply,
 * which the case keeps. A mention item of a post up to about 300 characters stays under 1 KB,
 * one write unit.
 */
export const MentionTriageRecord = TriageDecision.omit({
  reasons: true,
  suggestedReply: true,
}).extend({ classification: Classification.omit({ reasons: true }) });
export type MentionTriageRecord = z.infer<typeof MentionTriageRecord>;

/** The part of a decision its mention keeps. */
export const mentionTriageRecordOf = (decision: TriageDecision): MentionTriageRecord => {
  const { reasons: _onTheCase, suggestedReply: _alsoOnTheCase, classification, ...kept } = decision;
  const { reasons: _inWords, ...figures } = classification;
  return { ...kept, classification: figures };
};

/**
 * A person's correction of what triage concluded about a mention. Every field is optional; a
 * field given overrides triage. `complaint: false` is "not a complaint", `needsResponse: false`
 * is "needs no reply".
 */
export const TriageCorrection = z.object({
  sentiment: Sentiment.optional(),
  intents: z.array(Intent).min(1).optional(),
  complaint: z.boolean().optional(),
  priority: Priority.optional(),
  needsResponse: z.boolean().optional(),
});
export type TriageCorrection = z.infer<typeof TriageCorrection>;

/** A correction stored on its mention: a label for measuring and retraining the classifier. */
export const TriageLabel = TriageCorrection.extend({
  /** Who corrected it. */
  by: z.string(),
  at: z.string().datetime({ offset: true }),
});
export type TriageLabel = z.infer<typeof TriageLabel>;

/** Orders priorities: P1 is the most urgent. */
export const priorityRank = (priority: Priority): number => Number(priority.slice(1));
/** The more urgent of two priorities. */
export const mostUrgent = (a: Priority, b: Priority): Priority =>
  priorityRank(a) <= priorityRank(b) ? a : b;
