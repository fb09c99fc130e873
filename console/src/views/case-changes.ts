/** What changed in a case between the version an agent acted on and the current one. */
import type { Case, TimelineEntry } from '../api/types';

const WATCHED = ['status', 'priority', 'assignee', 'mentionCount', 'excerpt'] as const;

export interface CaseChanges {
  readonly fields: readonly { name: string; before: string; after: string }[];
  /** Timeline entries recorded after the version the agent saw. */
  readonly entries: readonly TimelineEntry[];
}

const shown = (value: unknown): string =>
  value === undefined || value === null ? '—' : String(value);

export const caseChanges = (
  before: Case,
  after: Case,
  timeline: readonly TimelineEntry[],
): CaseChanges => ({
  fields: WATCHED.filter((name) => before[name] !== after[name]).map((name) => ({
    name,
    before: shown(before[name]),
    after: shown(after[name]),
  })),
  entries: timeline.filter((entry) => Date.parse(entry.at) > Date.parse(before.updatedAt)),
});
