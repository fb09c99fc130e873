/**
 * One description of the system — functions, routes, queue settings, schedules, event rules —
 * read by both the CDK stack (infra/aws) and the local runtime (infra/local), so they cannot drift.
 */
import type { z } from 'zod';
import { TABLE_INDEXES, type TableIndex } from '../shared/adapters/dynamodb/table-keys';
import { type ApiRoute, CASES_API_ROUTES } from '../shared/contracts/cases-api-routes';
import {
  CaseAcknowledged,
  CaseResolved,
  CaseResponded,
  CaseSlaBreached,
  CaseSlaWarning,
  EVENT_SOURCE,
  type EventDefinition,
  IncidentGrown,
  IncidentOpened,
  IncidentResolved,
} from '../shared/contracts/events';
import { REPLY_SENDER_TIMEOUT_SECONDS } from '../shared/use-cases/reply-sender';

export type FunctionName =
  | 'ingest'
  | 'triage'
  | 'slaSweeper'
  | 'notifier'
  | 'casesApi'
  | 'replySender'
  | 'caseStream';

export interface FunctionSpec {
  /** Entry file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
}

export const FUNCTIONS: Readonly<Record<FunctionName, FunctionSpec>> = {
  ingest: {
    entry: 'functions/ingest.ts',
    description: 'Verifies, normalizes and enqueues platform webhooks',
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  triage: {
    entry: 'functions/triage.ts',
    description: 'Classifies mentions and threads them into cases',
    timeoutSeconds: 30,
    memoryMb: 512,
  },
  slaSweeper: {
    entry: 'functions/sla-sweeper.ts',
    description: 'Raises SLA warnings and escalation levels that are due',
    timeoutSeconds: 50,
    memoryMb: 256,
  },
  notifier: {
    entry: 'functions/notifier.ts',
    description: 'Delivers alerts to Slack, PagerDuty, SNS and webhooks',
    timeoutSeconds: 30,
    memoryMb: 256,
  },
  casesApi: {
    entry: 'functions/cases-api.ts',
    description: 'The cases API and Slack actions',
    timeoutSeconds: 10,
    memoryMb: 512,
  },
  replySender: {
    entry: 'functions/reply-sender.ts',
    description: 'Sends replies from cases to the platforms, once each',
    // Room for a batch of platform calls of at most 10 s each; an older unrecorded attempt was cut short.
    timeoutSeconds: REPLY_SENDER_TIMEOUT_SECONDS,
    memoryMb: 256,
  },
  caseStream: {
    entry: 'functions/case-stream.ts',
    description: 'Sums the case table stream into the report counters',
    timeoutSeconds: 30,
    memoryMb: 256,
  },
};

export interface RouteSpec extends ApiRoute {
  readonly function: FunctionName;
}

export const ROUTES: readonly RouteSpec[] = [
  { method: 'GET', path: '/webhooks/{source}', function: 'ingest', auth: 'none' },
  { method: 'POST', path: '/webhooks/{source}', function: 'ingest', auth: 'none' },
  ...Object.values(CASES_API_ROUTES).map(
    (route): RouteSpec => ({ ...route, function: 'casesApi' }),
  ),
];

/** The single table (see shared/adapters/dynamodb/table-keys.ts); every key attribute is a string. */
export const CASE_TABLE = {
  partitionKey: 'PK',
  sortKey: 'SK',
  /** Epoch seconds after which DynamoDB removes an item (mention text retention). */
  ttlAttribute: 'expiresAt',
  indexes: [
    TABLE_INDEXES.slaDue,
    TABLE_INDEXES.byStatus,
    TABLE_INDEXES.byAuthor,
    TABLE_INDEXES.byAssignee,
  ] as readonly TableIndex[],
  /** Every change, before and after: the stream function derives counters and events from it. */
  streamViewType: 'NEW_AND_OLD_IMAGES',
} as const;

/**
 * The table stream's event source mapping (Lambda's parameters of the same names). One batch per
 * shard at a time (ParallelizationFactor 1), so the changes of an item arrive in order. A tumbling
 * window sums a shard's changes into its state; the window's last invocation adds the sums to the
 * report counters, each counter item remembering the last window of each shard it added.
 */
export const CASE_STREAM = {
  function: 'caseStream',
  startingPosition: 'TRIM_HORIZON',
  batchSize: 100,
  maxBatchingWindowSeconds: 1,
  parallelizationFactor: 1,
  /** Reports lag the cases by at most this much. */
  tumblingWindowSeconds: 60,
  // Summing in memory fails for no single record: a failed invocation is retried whole.
  reportBatchItemFailures: false,
  bisectBatchOnFunctionError: false,
  /** Then the batch's position goes to the stream DLQ and the shard moves on. */
  maximumRetryAttempts: 10,
} as const satisfies { function: FunctionName } & Record<string, unknown>;

/** Queue names (suffixed with the stage in AWS). */
export const QUEUES = {
  mentions: 'mentions',
  mentionsDlq: 'mentions-dlq',
  /** Notifications that failed every retry. */
  notifyDlq: 'notify-dlq',
  /** Replies to send: `{replyId}` of a case's outbox. */
  replies: 'replies',
  repliesDlq: 'replies-dlq',
  /** Where the case stream mapping records the position of batches it gave up on. */
  caseStreamDlq: 'case-stream-dlq',
} as const;

/** The mentions queue and its event source mapping. */
export const MENTION_QUEUE = {
  /** Six times the triage timeout, as AWS recommends for SQS event sources. */
  visibilityTimeoutSeconds: 6 * FUNCTIONS.triage.timeoutSeconds,
  /** Receives before a message moves to the dead-letter queue. */
  maxReceiveCount: 5,
  retentionDays: 14,
  batchSize: 10,
  maxBatchingWindowSeconds: 1,
} as const;

/** The replies queue and its event source mapping. */
export const REPLY_QUEUE = {
  visibilityTimeoutSeconds: 6 * FUNCTIONS.replySender.timeoutSeconds,
  /** A reply whose sending keeps failing (not its platform call: that happens once) goes here. */
  maxReceiveCount: 5,
  retentionDays: 14,
  batchSize: 5,
  maxBatchingWindowSeconds: 0,
} as const;

export interface ScheduleSpec {
  readonly name: string;
  readonly everySeconds: number;
  readonly function: FunctionName;
}

export const SCHEDULES: readonly ScheduleSpec[] = [
  { name: 'sla-sweep', everySeconds: 60, function: 'slaSweeper' },
  // Sends what Slack and PagerDuty held while at their pace, grouped (HeldAlertFlusher).
  { name: 'held-alerts', everySeconds: 60, function: 'notifier' },
];

/** An EventBridge event pattern (the JSON object a rule matches with). */
export type EventPattern = Record<string, unknown>;

/**
 * What a rule hands its target, in EventBridge's terms: the whole event, the part an `InputPath`
 * selects, or an input transformer (`InputPathsMap` and `InputTemplate`, with EventBridge's
 * predefined variables such as `<aws.events.event.json>`). The CDK stack writes it into the rule;
 * the local bus renders it as EventBridge does (infra/local/target-input.ts).
 */
export type TargetInput =
  | { readonly kind: 'event' }
  | { readonly kind: 'path'; readonly inputPath: string }
  | {
      readonly kind: 'transformer';
      readonly inputPathsMap?: Readonly<Record<string, string>>;
      readonly inputTemplate: string;
    };

export interface EventRuleSpec {
  readonly name: string;
  readonly description: string;
  readonly pattern: EventPattern;
  /** The notifier is invoked with `{ channel, event }` (see NotifierInvocation). */
  readonly target: {
    readonly function: 'notifier';
    readonly channel: string;
    readonly input: TargetInput;
  };
}

/**
 * `{ "channel": <channel>, "event": <the whole event> }`, the NotifierInvocation the notifier
 * parses. The whole event is `aws.events.event.json`; `aws.events.event` is the event without
 * its `detail`.
 */
const notifierTarget = (channel: string): EventRuleSpec['target'] => ({
  function: 'notifier',
  channel,
  input: {
    kind: 'transformer',
    inputTemplate: `{"channel":${JSON.stringify(channel)},"event":<aws.events.event.json>}`,
  },
});

const ofTypes = (...definitions: EventDefinition<z.ZodType>[]): EventPattern => ({
  source: [EVENT_SOURCE],
  'detail-type': definitions.map((definition) => definition.detailType),
});

/** SLA steps name their channels; one rule per channel delivers to it. */
const slaStepsTo = (channel: string): EventRuleSpec => ({
  name: `sla-to-${channel}`,
  description: `SLA warnings and escalation levels that name ${channel}`,
  pattern: { ...ofTypes(CaseSlaWarning, CaseSlaBreached), detail: { channels: [channel] } },
  target: notifierTarget(channel),
});

/** Incident events name the channels of the incident ladder; one rule per channel. */
const incidentsTo = (channel: string): EventRuleSpec => ({
  name: `incidents-to-${channel}`,
  description: `Incidents opened, grown and resolved that name ${channel}`,
  pattern: {
    ...ofTypes(IncidentOpened, IncidentGrown, IncidentResolved),
    detail: { channels: [channel] },
  },
  target: notifierTarget(channel),
});

export const ESCALATION_CHANNELS = ['slack', 'pagerduty', 'sns', 'webhook'] as const;

export const EVENT_RULES: readonly EventRuleSpec[] = [
  ...ESCALATION_CHANNELS.map(slaStepsTo),
  ...ESCALATION_CHANNELS.map(incidentsTo),
  {
    name: 'case-handled-to-pagerduty',
    description: 'Acknowledge or resolve the PagerDuty incident of a case that was paged',
    // Only cases that were paged have an incident to close.
    pattern: {
      ...ofTypes(CaseAcknowledged, CaseResponded, CaseResolved),
      detail: { paged: [true] },
    },
    target: notifierTarget('pagerduty'),
  },
];
