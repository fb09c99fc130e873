import type { HeldGroup } from '../../domain/alerts/held-alerts';
import { plainLine, truncate } from '../alerts/alert-text';
import type { IncidentAlert } from '../alerts/incident-alert';
import type { SlaAlert } from '../alerts/sla-alert';

/** PagerDuty Events API v2 limits the summary to 1024 characters. */
export const PAGERDUTY_SUMMARY_MAX = 1024;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

const SEVERITY: Record<SlaAlert['priority'], PagerDutySeverity> = {
  P1: 'critical',
  P2: 'error',
  P3: 'warning',
  P4: 'info',
};

/** An Events API v2 event (the routing key is added by the notifier, it is a secret). */
export type PagerDutyEvent =
  | {
      readonly event_action: 'trigger';
      readonly dedup_key: string;
      readonly payload: {
        readonly summary: string;
        readonly source: string;
        readonly severity: PagerDutySeverity;
        readonly timestamp: string;
        readonly component: string;
        readonly group: string;
        readonly class: string;
        readonly custom_details: Record<string, unknown>;
      };
      readonly links?: readonly { href: string; text: string }[];
      readonly client: string;
      readonly client_url?: string;
    }
  | { readonly event_action: 'acknowledge' | 'resolve'; readonly dedup_key: string };

/** Who sends the events, as PagerDuty shows it. */
const CLIENT = 'Social responder';

/**
 * The incident of an escalated case: `dedup_key` is the case id, so later levels update the same
 * incident and handling the case resolves it. User text is flattened to plain text and the
 * summary is cut to PagerDuty's limit.
 */
export const pagerDutyTrigger = (alert: SlaAlert, occurredAt: string): PagerDutyEvent => ({
  event_action: 'trigger',
  dedup_key: alert.caseId,
  payload: {
    summary: truncate(
      `${alert.priority} ${alert.headline} (${alert.overdue}): ${plainLine(alert.author, 120)} on ${alert.source}: "${plainLine(alert.excerpt, PAGERDUTY_SUMMARY_MAX)}"`,
      PAGERDUTY_SUMMARY_MAX,
    ),
    source: `social-responder/${alert.source}`,
    severity: SEVERITY[alert.priority],
    timestamp: occurredAt,
    component: alert.source,
    group: alert.brand,
    class: 'sla',
    custom_details: {
      case_id: alert.caseId,
      priority: alert.priority,
      author: plainLine(alert.author, 200),
      ...(alert.reach ? { reach: alert.reach } : {}),
      excerpt: plainLine(alert.excerpt, 2_000),
      overdue: alert.overdue,
      ...(alert.caseUrl ? { case_url: alert.caseUrl } : {}),
    },
  },
  ...(alert.caseUrl ? { links: [{ href: alert.caseUrl, text: 'Open case' }] } : {}),
  client: CLIENT,
  ...(alert.caseUrl ? { client_url: alert.caseUrl } : {}),
});

/** Acknowledges or resolves the incident of a case (its dedup_key is the case id). */
export const pagerDutyFollowUp = (
  action: 'acknowledge' | 'resolve',
  caseId: string,
): PagerDutyEvent => ({ event_action: action, dedup_key: caseId });

/** The dedup_key of an incident: every update and the resolve address the same PagerDuty alert. */
export const incidentDedupKey = (incidentId: string): string => `incident:${incidentId}`;

/**
 * An incident as one PagerDuty alert: opening triggers it, growth re-triggers it with the same
 * `dedup_key` (PagerDuty updates the alert instead of opening another), resolving resolves it.
 */
export const pagerDutyIncidentEvent = (alert: IncidentAlert): PagerDutyEvent => {
  const dedupKey = incidentDedupKey(alert.incidentId);
  if (alert.stage === 'resolved') return { event_action: 'resolve', dedup_key: dedupKey };
  return {
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: truncate(
        `${alert.headline} at ${alert.brand}: ${alert.status}`,
        PAGERDUTY_SUMMARY_MAX,
      ),
      source: 'social-responder/incidents',
      severity: alert.critical ? 'critical' : 'error',
      timestamp: alert.occurredAt,
      component: 'incidents',
      group: alert.brand,
      class: 'incident',
      custom_details: {
        incident_id: alert.incidentId,
        case_count: alert.caseCount,
        samples: alert.samples.map(
          (sample) =>
            `${plainLine(sample.author, 80)} on ${sample.source}: ${plainLine(sample.excerpt, 300)}`,
        ),
        ...(alert.incidentUrl ? { incident_url: alert.incidentUrl } : {}),
      },
    },
    ...(alert.incidentUrl ? { links: [{ href: alert.incidentUrl, text: 'Open incident' }] } : {}),
    client: CLIENT,
    ...(alert.incidentUrl ? { client_url: alert.incidentUrl } : {}),
  };
};

/**
 * The alerts held about one `dedup_key`, as the one event that brings PagerDuty to where they
 * stand: the newest of them. A trigger says how many updates it stands for and since when.
 */
export const pagerDutyHeldUpdate = (group: HeldGroup<PagerDutyEvent>): PagerDutyEvent => {
  const event = group.latest.payload as PagerDutyEvent;
  if (event.event_action !== 'trigger') return event;
  return {
    ...event,
    payload: {
      ...event.payload,
      custom_details: {
        ...event.payload.custom_details,
        held_updates: group.alerts.length,
        held_since: group.alerts[0]?.heldAt,
      },
    },
  };
};
