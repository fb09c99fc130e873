import * as z from 'zod';
import { Actor, CaseAuthor, CaseStatus } from './case';
import { IncidentSample, IncidentStatus } from './incident';
import { Intent, Priority, Urgency } from './triage';

/** The `source` of every event this product publishes. */
export const EVENT_SOURCE = 'social-responder';

/** What every case event carries: enough for a notifier to render an alert without a read. */
export const CaseEventDetail = z.object({
  caseId: z.string(),
  version: z.number().int().positive(),
  brand: z.string(),
  source: z.string(),
  status: CaseStatus,
  priority: Priority,
  author: CaseAuthor,
  intents: z.array(Intent),
  urgency: z.array(Urgency),
  excerpt: z.string(),
  url: z.string().optional(),
  dueAt: z.string().optional(),
  paged: z.boolean().optional(),
  occurredAt: z.string().datetime({ offset: true }),
});
export type CaseEventDetail = z.infer<typeof CaseEventDetail>;

/** An SLA step that fired: the level (0 for the warning) and the channels it names. */
export const SlaEventDetail = CaseEventDetail.extend({
  level: z.number().int().nonnegative(),
  clock: z.enum(['first_response', 'next_response', 'resolution']),
  channels: z.array(z.string()),
  overdueSeconds: z.number(),
});
export type SlaEventDetail = z.infer<typeof SlaEventDetail>;

export const CaseActionDetail = CaseEventDetail.extend({
  actor: z.object({ type: z.enum(['agent', 'platform', 'system']), id: z.string() }),
});
export type CaseActionDetail = z.infer<typeof CaseActionDetail>;

/** What every incident event carries: enough to render the alert, and the channels it goes to. */
export const IncidentEventDetail = z.object({
  incidentId: z.string(),
  brand: z.string(),
  topic: z.string(),
  status: IncidentStatus,
  caseCount: z.number().int().nonnegative(),
  openedAt: z.string().datetime({ offset: true }),
  samples: z.array(IncidentSample),
  channels: z.array(z.string()),
  resolvedBy: Actor.optional(),
  occurredAt: z.string().datetime({ offset: true }),
});
export type IncidentEventDetail = z.infer<typeof IncidentEventDetail>;

/** One event type: its source, detail-type and detail schema, written once. */
export interface EventDefinition<S extends z.ZodType> {
  readonly source: typeof EVENT_SOURCE;
  readonly detailType: string;
  readonly detail: S;
}

const defineEvent = <S extends z.ZodType>(detailType: string, detail: S): EventDefinition<S> => ({
  source: EVENT_SOURCE,
  detailType,
  detail,
});

/**
 * No longer published (no rule or subscriber consumes them); still defined so an outbox an earlier
 * release left on a seen item is published when its message is redelivered.
 */
export const CaseOpened = defineEvent('Case Opened', CaseEventDetail);
export const CaseUpdated = defineEvent('Case Updated', CaseEventDetail);
export const CaseAcknowledged = defineEvent('Case Acknowledged', CaseActionDetail);
export const CaseResponded = defineEvent('Case Responded', CaseActionDetail);
export const CaseResolved = defineEvent('Case Resolved', CaseActionDetail);
export const CaseReopened = defineEvent('Case Reopened', CaseActionDetail);
export const CaseSlaWarning = defineEvent('Case SLA Warning', SlaEventDetail);
export const CaseSlaBreached = defineEvent('Case SLA Breached', SlaEventDetail);
export const IncidentOpened = defineEvent('Incident Opened', IncidentEventDetail);
export const IncidentGrown = defineEvent('Incident Grown', IncidentEventDetail);
export const IncidentResolved = defineEvent('Incident Resolved', IncidentEventDetail);

/** Every event the product publishes. */
export const EVENTS = [
  CaseOpened,
  CaseUpdated,
  CaseAcknowledged,
  CaseResponded,
  CaseResolved,
  CaseReopened,
  CaseSlaWarning,
  CaseSlaBreached,
  IncidentOpened,
  IncidentGrown,
  IncidentResolved,
] as const;

/** An event as EventBridge delivers it to a target. */
export const BusEvent = z.object({
  version: z.string().default('0'),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()).default([]),
  detail: z.unknown(),
});
export type BusEvent = z.infer<typeof BusEvent>;

/** Parses the detail of a delivered event against its definition; throws a ZodError when it does not fit. */
export const parseDetail = <S extends z.ZodType>(
  definition: EventDefinition<S>,
  event: BusEvent,
): z.infer<S> => definition.detail.parse(event.detail);

/** What an event rule hands the notifier function: the channel the rule names and the event. */
export const NotifierInvocation = z.object({
  channel: z.string().min(1),
  event: BusEvent,
});
export type NotifierInvocation = z.infer<typeof NotifierInvocation>;
