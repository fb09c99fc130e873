import type { IncidentEventDetail } from '../../contracts/events';

/** What every incident alert says, before any target's escaping (samples are raw user text). */
export interface IncidentAlert {
  readonly incidentId: string;
  readonly stage: 'opened' | 'grown' | 'resolved';
  /** `Incident: outage` or `Incident: "checkout"`. */
  readonly headline: string;
  readonly brand: string;
  /** `2,000 cases since 22:01 UTC`, `resolved by priya after 2,000 cases`. */
  readonly status: string;
  readonly caseCount: number;
  /** Urgency incidents (outage, safety…) are critical; a rise of a word is an error. */
  readonly critical: boolean;
  readonly samples: IncidentEventDetail['samples'];
  readonly incidentUrl?: string;
  readonly occurredAt: string;
}

/** The incident page an alert links to. */
export const incidentUrlOf = (
  publicUrl: string | undefined,
  incidentId: string,
): string | undefined =>
  publicUrl
    ? `${publicUrl.replace(/\/+$/, '')}/incidents/${encodeURIComponent(incidentId)}`
    : undefined;

/** `urgency:outage` → `outage`; `term:checkout` → `"checkout"`. */
const topicName = (topic: string): string =>
  topic.startsWith('urgency:')
    ? topic.slice('urgency:'.length)
    : `"${topic.replace(/^term:/, '')}"`;

/** The facts of an incident event, ready for a target to render. */
export const incidentAlert = (
  stage: IncidentAlert['stage'],
  detail: IncidentEventDetail,
  publicUrl?: string,
): IncidentAlert => {
  const cases = `${detail.caseCount.toLocaleString('en-US')} case${detail.caseCount === 1 ? '' : 's'}`;
  const since = `${detail.openedAt.slice(11, 16)} UTC`;
  const incidentUrl = incidentUrlOf(publicUrl, detail.incidentId);
  return {
    incidentId: detail.incidentId,
    stage,
    headline: `Incident: ${topicName(detail.topic)}`,
    brand: detail.brand,
    status:
      stage === 'resolved'
        ? `resolved${detail.resolvedBy ? ` by ${detail.resolvedBy.id}` : ''} after ${cases}`
        : `${cases} since ${since}`,
    caseCount: detail.caseCount,
    critical: detail.topic.startsWith('urgency:'),
    samples: detail.samples,
    ...(incidentUrl ? { incidentUrl } : {}),
    occurredAt: detail.occurredAt,
  };
};
