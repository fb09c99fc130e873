/**
 * Incidents from triage's point of view: after a mention is committed, its case joins the open
 * incident of one of its topics, or its topics' windows are checked for a spike that opens one.
 */

import type { Actor, Case } from '../contracts/case';
import {
  type EventDefinition,
  type IncidentEventDetail,
  IncidentGrown,
  IncidentOpened,
} from '../contracts/events';
import type { Incident, IncidentSample } from '../contracts/incident';
import type { IncidentPolicy } from '../domain/incidents/policy';
import {
  assessSpike,
  growthChannels,
  openingChannels,
  spikePeriods,
} from '../domain/incidents/spike';
import type { EventSink } from './ports/event-sink';
import type { IncidentRecords } from './ports/incident-records';

const INCIDENT_ACTOR: Actor = { type: 'system', id: 'incidents' };
/** Cases joined at once when an incident opens with the cases of its window. */
const JOIN_CONCURRENCY = 10;
/** Cases of a spiking window looked at to tell whether an open incident already holds them. */
const OVERLAP_SAMPLE = 40;

/** The detail of an incident event, sent to `channels`. */
export const incidentEventDetail = (
  incident: Incident,
  channels: readonly string[],
  now: Date,
): IncidentEventDetail => ({
  incidentId: incident.incidentId,
  brand: incident.brand,
  topic: incident.topic,
  status: incident.status,
  caseCount: incident.caseCount,
  openedAt: incident.openedAt,
  samples: incident.samples,
  channels: [...channels],
  ...(incident.resolvedBy ? { resolvedBy: incident.resolvedBy } : {}),
  occurredAt: now.toISOString(),
});

/** A case as an example on its incident: who said what, where. */
export const incidentSample = (subject: Case): IncidentSample => ({
  caseId: subject.caseId,
  source: subject.source,
  author: subject.author.handle ?? subject.author.name ?? subject.author.id,
  excerpt: subject.excerpt,
  ...(subject.url ? { url: subject.url } : {}),
});

/** What observing a committed mention did. */
export type IncidentObservation =
  | { readonly outcome: 'none' }
  | { readonly outcome: 'opened' | 'joined'; readonly incidentId: string };

export class IncidentTracker {
  constructor(
    private readonly deps: {
      readonly store: IncidentRecords;
      readonly events: Pick<EventSink, 'publish'>;
      readonly policy: IncidentPolicy;
      /** An example mention of a case, for an incident's samples. */
      readonly sampleOf: (caseId: string) => Promise<IncidentSample | undefined>;
    },
  ) {}

  /**
   * Called after a mention with `topics`, counted at `countedAt`, was committed to `caseId`
   * (`firstSeen`), and again when it is redelivered: every step but the baseline count is
   * idempotent, and that one runs only the first time.
   */
  async observe(input: {
    brand: string;
    topics: readonly string[];
    caseId: string;
    countedAt: Date;
    firstSeen: boolean;
    now: Date;
  }): Promise<IncidentObservation> {
    const { store, policy } = this.deps;
    if (input.topics.length === 0) return { outcome: 'none' };
    if (input.firstSeen) await store.countHour(input.brand, input.topics, input.countedAt);
    if (!policy.enabled) return { outcome: 'none' };
    const open = await store.openIncidents(input.brand);
    for (const topic of input.topics) {
      const incidentId = open.get(topic);
      if (incidentId) {
        await this.join(incidentId, input.caseId, input.now);
        return { outcome: 'joined', incidentId };
      }
    }
    const periods = spikePeriods(input.now, policy);
    for (const topic of input.topics) {
      // The cheap checks first: the baseline, then whether the window reaches the bar at all.
      const baselineCount = await store.baselineCount(input.brand, topic, periods);
      const bar = Math.max(
        policy.minCount,
        Math.ceil(
          assessSpike({ windowCount: 0, baselineCount }, policy).baselinePerWindow *
            policy.baselineFactor,
        ),
      );
      if (!(await store.windowReaches(input.brand, topic, periods, bar))) continue;
      const window = await store.windowCount(input.brand, topic, periods);
      const assessment = assessSpike({ windowCount: window.count, baselineCount }, policy);
      if (!assessment.spike || (await this.heldElsewhere(window.caseIds))) continue;
      const { incidentId, opened } = await store.open({
        brand: input.brand,
        topic,
        status: 'open',
        openedAt: input.now.toISOString(),
        openedWith: assessment.windowCount,
        baselinePerWindow: assessment.baselinePerWindow,
        caseCount: 0,
        counts: {},
        samples: [],
        channels: openingChannels(policy.ladder, topic),
      });
      if (!opened) {
        await this.join(incidentId, input.caseId, input.now);
        return { outcome: 'joined', incidentId };
      }
      // The window read again now that the incident is open: a case committed since the first
      // read looked for open incidents before this one existed and may have found none.
      const members = await store.windowCount(input.brand, topic, periods);
      await this.gather(incidentId, [...new Set([input.caseId, ...members.caseIds])], input.now);
      return { outcome: 'opened', incidentId };
    }
    return { outcome: 'none' };
  }

  /**
   * Whether most cases of a spiking window are already in an incident: the same storm seen
   * through another topic, not a new problem.
   */
  private async heldElsewhere(caseIds: readonly string[]): Promise<boolean> {
    const sample = caseIds.slice(0, OVERLAP_SAMPLE);
    const held = await this.deps.store.countInIncidents(sample);
    return held * 2 > sample.length;
  }

  /** A new incident takes in the cases of its window, keeps samples, then is announced. */
  private async gather(incidentId: string, caseIds: readonly string[], now: Date): Promise<void> {
    const { store, policy } = this.deps;
    for (let start = 0; start < caseIds.length; start += JOIN_CONCURRENCY) {
      await Promise.all(
        caseIds
          .slice(start, start + JOIN_CONCURRENCY)
          .map((caseId) => this.join(incidentId, caseId, now, { announce: false })),
      );
    }
    const samples = await Promise.all(
      caseIds.slice(0, policy.samples).map((caseId) => this.deps.sampleOf(caseId)),
    );
    await store.setSamples(
      incidentId,
      samples.filter((sample) => sample !== undefined),
    );
    const incident = await store.get(incidentId);
    if (incident) await this.announce(IncidentOpened, incident, incident.channels, now);
  }

  /** Puts a case in the incident; the case that takes the count past a milestone announces it. */
  private async join(
    incidentId: string,
    caseId: string,
    now: Date,
    options: { announce: boolean } = { announce: true },
  ): Promise<void> {
    const { store, policy } = this.deps;
    const joined = await store.join(incidentId, caseId, {
      at: now.toISOString(),
      type: 'incident_joined',
      actor: INCIDENT_ACTOR,
      detail: { incidentId },
    });
    if (!joined) return;
    const incident = await store.countJoin(incidentId, now);
    if (!options.announce || incident.status !== 'open') return;
    const channels = growthChannels(
      policy.ladder,
      incident.topic,
      incident.openedWith,
      incident.caseCount - 1,
      incident.caseCount,
    ).filter((channel) => incident.channels.includes(channel));
    if (channels.length > 0) await this.announce(IncidentGrown, incident, channels, now);
  }

  private async announce(
    definition: EventDefinition<typeof IncidentOpened.detail>,
    incident: Incident,
    channels: readonly string[],
    now: Date,
  ): Promise<void> {
    await this.deps.events.publish(definition, incidentEventDetail(incident, channels, now));
  }
}
