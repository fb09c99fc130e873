/** What the incident tracker reads and writes: the port the DynamoDB incident store implements. */
import type { Actor, TimelineEntry } from '../../contracts/case';
import type { Incident, IncidentSample } from '../../contracts/incident';
import type { SpikePeriods } from '../../domain/incidents/spike';

/** An incident, and while its window is still being gathered, when the gatherer claimed it. */
export interface IncidentState {
  readonly incident: Incident;
  readonly gatherClaimedAt?: string;
}

export interface IncidentRecords {
  /**
   * Records a committed mention under its topics at `at`, once however often it is delivered:
   * each topic's hour count after it, undefined where it was already recorded.
   */
  recordMention(input: {
    brand: string;
    topics: readonly string[];
    mentionId: string;
    caseId: string;
    at: Date;
  }): Promise<Map<string, number | undefined>>;
  /** Mentions of a topic counted in one UTC hour (`YYYY-MM-DDTHH`). */
  hourCount(brand: string, topic: string, hour: string): Promise<number>;
  /** The open incidents of a brand, by topic. */
  openIncidents(brand: string): Promise<Map<string, string>>;
  /** Mentions of a topic in the baseline hours. */
  baselineCount(brand: string, topic: string, periods: SpikePeriods): Promise<number>;
  /** Whether a topic holds at least `atLeast` mentions in the window, reading no more than that. */
  windowReaches(
    brand: string,
    topic: string,
    periods: SpikePeriods,
    atLeast: number,
  ): Promise<boolean>;
  /** Mentions of a topic in the window and the cases they belong to. */
  windowCount(
    brand: string,
    topic: string,
    periods: SpikePeriods,
  ): Promise<{ count: number; caseIds: string[] }>;
  /** Opens an incident unless one is open on its brand and topic: the id of the open one either way. */
  open(draft: Omit<Incident, 'incidentId'>): Promise<{ incidentId: string; opened: boolean }>;
  /** How many of these cases are already in an incident. */
  countInIncidents(caseIds: readonly string[]): Promise<number>;
  setSamples(incidentId: string, samples: readonly IncidentSample[]): Promise<void>;
  get(incidentId: string): Promise<Incident | undefined>;
  /** The incident and whether its window is still being gathered. */
  state(incidentId: string): Promise<IncidentState | undefined>;
  /** Takes over gathering from the gatherer that claimed it at `claimedAt`; false if another did. */
  claimGather(incidentId: string, claimedAt: string, now: Date): Promise<boolean>;
  /** The incident's window is gathered. */
  finishGather(incidentId: string): Promise<void>;
  /** Puts a case in the incident, once: false when it already is in one. */
  join(incidentId: string, caseId: string, entry: TimelineEntry): Promise<boolean>;
  /** Counts a case that joined; the incident as it is after the count. */
  countJoin(incidentId: string, at: Date): Promise<IncidentState>;
}

/** What answering and resolving an incident reads and writes. */
export interface IncidentCases {
  get(incidentId: string): Promise<Incident | undefined>;
  /** The ids of the incident's cases. */
  caseIds(incidentId: string): Promise<string[]>;
  /** Marks an open incident resolved and frees its topic; undefined when it was not open. */
  resolve(incident: Incident, actor: Actor, at: Date): Promise<Incident | undefined>;
}
