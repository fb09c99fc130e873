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
import { hourOf } from '../domain/cases/reports';
import type { IncidentPolicy } from '../domain/incidents/policy';
import {
  assessSpike,
  growthChannels,
  openingChannels,
  type SpikePeriods,
  spikePeriods,
} from '../domain/incidents/spike';
import type { EventSink } from './ports/event-sink';
import type { IncidentRecords, IncidentState } from './ports/incident-records';

const INCIDENT_ACTOR: Actor = { type: 'system', id: 'incidents' };
/** Cases joined at once when an incident opens with the cases of its window. */
const JOIN_CONCURRENCY = 10;
/** Cases of a spiking window looked at to tell whether an open incident already holds them. */
const OVERLAP_SAMPLE = 40;
/**
 * How long an incident's opener has to gather its window before another function takes it
 * over: twice the triage function's timeout, so the opener is certainly gone.
 */
const GATHER_LEASE_MS = 60_000;

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
   * Called after mention `mentionId` with `topics`, counted at `countedAt`, was committed to
   * `caseId`, and again whenever it is delivered again: every step is idempotent. A mention that
   * is not `counted` (a later mention of its case's burst) only joins an open incident.
   */
  async observe(input: {
    brand: string;
    topics: readonly string[];
    counted: boolean;
    mentionId: string;
    caseId: string;
    countedAt: Date;
    now: Date;
  }): Promise<IncidentObservation> {
    const { store, policy } = this.deps;
    if (input.topics.length === 0) return { outcome: 'none' };
    const hourCounts = input.counted
      ? await store.recordMention({
          brand: input.brand,
          topics: input.topics,
          mentionId: input.mentionId,
          caseId: input.caseId,
          at: input.countedAt,
        })
      : new Map<string, number>();
    if (!policy.enabled) return { outcome: 'none' };
    const open = await store.openIncidents(input.brand);
    for (const topic of input.topics) {
      const incidentId = open.get(topic);
      if (incidentId) {
        await this.joinOpen(incidentId, input.caseId, input.now);
        return { outcome: 'joined', incidentId };
      }
    }
    if (!input.counted) return { outcome: 'none' };
    const periods = spikePeriods(input.now, policy);
    for (const topic of input.topics) {
      // The cheap checks first: the hour counts, the baseline, then the window itself.
      const recorded = hourCounts.get(topic);
      const known =
        recorded === undefined ? undefined : { hour: hourOf(input.countedAt), recorded };
      if ((await this.windowBound(input.brand, topic, periods, known)) < policy.minCount) continue;
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
      const draft: Omit<Incident, 'incidentId'> = {
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
      };
      const { incidentId, opened } = await store.open(draft);
      if (!opened) {
        await this.joinOpen(incidentId, input.caseId, input.now);
        return { outcome: 'joined', incidentId };
      }
      await this.gather({ ...draft, incidentId }, input.now, input.caseId);
      return { outcome: 'opened', incidentId };
    }
    return { outcome: 'none' };
  }

  /**
   * At most how many mentions the window holds: the hour counts of the hours it spans (`known`
   * is the count this mention's own record returned). Most topics stay far below `minCount`, so
   * their mentions read no window at all.
   */
  private async windowBound(
    brand: string,
    topic: string,
    periods: SpikePeriods,
    known: { hour: string; recorded: number } | undefined,
  ): Promise<number> {
    const hours = new Set([periods.firstMinute.slice(0, 13), periods.lastMinute.slice(0, 13)]);
    const counts = await Promise.all(
      [...hours].map((hour) =>
        hour === known?.hour ? known.recorded : this.deps.store.hourCount(brand, topic, hour),
      ),
    );
    return counts.reduce((sum, count) => sum + count, 0);
  }

  /**
   * A case joins an open incident; and when the incident's opener stopped before gathering its
   * window (a crash, a timeout) and its claim has lapsed, this function gathers it instead.
   */
  private async joinOpen(incidentId: string, caseId: string, now: Date): Promise<void> {
    const { store } = this.deps;
    const state = (await this.join(incidentId, caseId, now)) ?? (await store.state(incidentId));
    const claimedAt = state?.gatherClaimedAt;
    if (!state || !claimedAt || now.getTime() - Date.parse(claimedAt) < GATHER_LEASE_MS) return;
    if (await store.claimGather(incidentId, claimedAt, now)) await this.gather(state.incident, now);
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

  /**
   * A new incident takes in the cases of its window (as it was when the incident opened, whenever
   * this runs), keeps samples, is announced, and is marked gathered. Every step is idempotent, so
   * a gatherer taking over from one that stopped repeats it safely (the announcement at least once).
   */
  private async gather(incident: Incident, now: Date, openerCaseId?: string): Promise<void> {
    const { store, policy } = this.deps;
    const { incidentId } = incident;
    // Read once the incident is open: a case committed since the opener's first read looked for
    // open incidents before this one existed and may have found none.
    const members = await store.windowCount(
      incident.brand,
      incident.topic,
      spikePeriods(new Date(incident.openedAt), policy),
    );
    const caseIds = [...new Set([...(openerCaseId ? [openerCaseId] : []), ...members.caseIds])];
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
    const current = await store.get(incidentId);
    if (current) await this.announce(IncidentOpened, current, current.channels, now);
    await store.finishGather(incidentId);
  }

  /**
   * Puts a case in the incident; the case that takes the count past a milestone announces it.
   * Returns the incident after the join, or undefined when the case was in an incident already.
   */
  private async join(
    incidentId: string,
    caseId: string,
    now: Date,
    options: { announce: boolean } = { announce: true },
  ): Promise<IncidentState | undefined> {
    const { store, policy } = this.deps;
    const joined = await store.join(incidentId, caseId, {
      at: now.toISOString(),
      type: 'incident_joined',
      actor: INCIDENT_ACTOR,
      detail: { incidentId },
    });
    if (!joined) return undefined;
    const state = await store.countJoin(incidentId, now);
    const { incident } = state;
    if (!options.announce || incident.status !== 'open') return state;
    const channels = growthChannels(
      policy.ladder,
      incident.topic,
      incident.openedWith,
      incident.caseCount - 1,
      incident.caseCount,
    ).filter((channel) => incident.channels.includes(channel));
    if (channels.length > 0) await this.announce(IncidentGrown, incident, channels, now);
    return state;
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
