import type { Logger } from '@aws-lambda-powertools/logger';
import type { TimelineEntry } from '../../contracts/case';
import type { SlaStore } from '../dynamodb/sla-store';

/** Who the notifier's timeline entries are from. */
export const NOTIFIER_ACTOR = { type: 'system', id: 'notifier' } as const;

/**
 * Records what happened to an alert on its case's timeline. A delivery happened whether or not it
 * is recorded, so a failed record is logged, not thrown.
 */
export const recordOnTimeline = async (
  deps: { store: Pick<SlaStore, 'appendTimeline'>; logger: Logger },
  caseId: string,
  entry: TimelineEntry,
): Promise<void> => {
  try {
    await deps.store.appendTimeline(caseId, entry);
  } catch (error) {
    deps.logger.error('timeline entry not recorded', { caseId, entry, error });
  }
};
