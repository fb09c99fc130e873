/**
 * The business metrics the functions emit (Powertools Metrics, CloudWatch embedded metric format)
 * and the dashboard and alarms read. A metric name is written here once.
 *
 * Emit with Powertools, e.g. in the triage function:
 *   metrics.addMetric(METRICS.casesOpened.name, METRICS.casesOpened.unit, 1)
 * and, for a metric with a `dimension`, one value per dimension value:
 *   const single = metrics.singleMetric();
 *   single.addDimension(METRICS.casesOpened.dimension, priority);
 *   single.addMetric(METRICS.casesOpened.name, METRICS.casesOpened.unit, 1);
 */

/** CloudWatch namespace of every product metric (POWERTOOLS_METRICS_NAMESPACE). */
export const METRICS_NAMESPACE = 'SocialResponder';

/** The Powertools service name of every function (POWERTOOLS_SERVICE_NAME): one `service` dimension. */
export const METRICS_SERVICE = 'social-responder';

/** CloudWatch units used here (the values of Powertools' MetricUnit). */
export type BusinessMetricUnit = 'Count' | 'Seconds';

export interface BusinessMetric {
  readonly name: string;
  readonly unit: BusinessMetricUnit;
  /** The one extra dimension the metric is emitted with, besides `service`. */
  readonly dimension?: 'source' | 'priority' | 'channel';
  readonly description: string;
  /** Set on a metric that must never count anything: why an operator is alarmed when it does. */
  readonly alarm?: string;
}

const defineMetrics = <M extends Record<string, BusinessMetric>>(metrics: M): M => metrics;

export const METRICS = defineMetrics({
  mentionsReceived: {
    name: 'MentionsReceived',
    unit: 'Count',
    dimension: 'source',
    description: 'Mentions accepted by ingest and enqueued',
  },
  webhooksRejected: {
    name: 'WebhooksRejected',
    unit: 'Count',
    dimension: 'source',
    description: 'Webhook requests refused (bad signature, malformed, unknown account)',
  },
  webhooksFailed: {
    name: 'WebhooksFailed',
    unit: 'Count',
    dimension: 'source',
    description: 'Webhook requests answered 5xx (queue unavailable, source not configured)',
  },
  eventsIgnored: {
    name: 'EventsIgnored',
    unit: 'Count',
    dimension: 'source',
    description: 'Platform events in accepted webhooks that are not mentions (likes, follows…)',
  },
  entriesSkipped: {
    name: 'EntriesSkipped',
    unit: 'Count',
    dimension: 'source',
    description:
      'Entries of accepted webhooks that could not be read (the other entries were kept; each is logged with its fields)',
  },
  accountsRefused: {
    name: 'AccountsRefused',
    unit: 'Count',
    dimension: 'source',
    description: 'Accounts in webhooks that no configured brand owns',
  },
  challengesAnswered: {
    name: 'ChallengesAnswered',
    unit: 'Count',
    dimension: 'source',
    description: 'Webhook subscription handshakes answered (GET challenges)',
  },
  casesOpened: {
    name: 'CasesOpened',
    unit: 'Count',
    dimension: 'priority',
    description: 'Cases opened by triage',
  },
  mentionsTriaged: {
    name: 'MentionsTriaged',
    unit: 'Count',
    description: 'Mentions written to a case (new or existing)',
  },
  slaWarnings: {
    name: 'SlaWarnings',
    unit: 'Count',
    dimension: 'priority',
    description: 'SLA warnings raised by the sweeper',
  },
  slaBreaches: {
    name: 'SlaBreaches',
    unit: 'Count',
    dimension: 'priority',
    description: 'Escalation levels raised by the sweeper (level 1 is the breach)',
  },
  firstResponseSeconds: {
    name: 'FirstResponseSeconds',
    unit: 'Seconds',
    dimension: 'priority',
    description: 'Time from a case opening to its first response (agent or brand reply)',
  },
  caseEventsUnpublished: {
    name: 'CaseEventsUnpublished',
    unit: 'Count',
    description: 'Case events of a stored cases API change that PutEvents refused after retries',
    alarm:
      'A case change was stored but its event was not published: no alert or PagerDuty follow-up for it',
  },
  alertsDelivered: {
    name: 'AlertsDelivered',
    unit: 'Count',
    dimension: 'channel',
    description: 'Notifications accepted by their channel',
  },
  alertsHeld: {
    name: 'AlertsHeld',
    unit: 'Count',
    dimension: 'channel',
    description: 'Alerts held for a digest because their channel was at its pace or rate limit',
  },
  alertDeliveryFailures: {
    name: 'AlertDeliveryFailures',
    unit: 'Count',
    dimension: 'channel',
    description: 'Notifications that failed after the notifier’s own retries',
    alarm: 'Alerts are not reaching their channel: on-call may miss breaches until it is fixed',
  },
});

export type MetricKey = keyof typeof METRICS;
