/** What the incident tracker reads and writes: the port the DynamoDB incident store implements. */
import type { Actor, TimelineEntry } from '../../contracts/case';
import type { Incident, IncidentSample } from '../../contracts/incident';
import type { SpikePeriods } from '../../domain/incidents/spike';

export interface IncidentRecords {
  /** Adds a newly committed mention to its topics' hour counters, the baseline. */
  countHour(brand: string, topics: readonly string[], at: Date): Promise<void>;
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
  /** Puts a case in the incident, once: false when it already is in one. */
  join(incidentId: string, caseId: string, entry: TimelineEntry): Promise<boolean>;
  /** Counts a case that joined; the incident as it is after the count. */
  countJoin(incidentId: string, at: Date): Promise<Incident>;
}

/** What answering and resolving an incident reads and writes. */
export interface IncidentCases {
  get(incidentId: string): Promise<Incident | undefined>;
  /** The ids of the incident's cases. */
  caseIds(incidentId: string): Promise<string[]>;
  /** Marks an open incident resolved and frees its topic; undefined when it was not open. */
  resolve(incident: Incident, actor: Actor, at: Date): Promise<Incident | undefined>;
}
