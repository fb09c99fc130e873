import { randomBytes } from 'node:crypto';
import type { TimelineEntry } from '../../contracts/case';
import { keys } from './table-keys';

/** The DynamoDB item of one timeline entry of a case (for a Put or a transaction). */
export const timelineItem = (caseId: string, entry: TimelineEntry): Record<string, unknown> => ({
  ...keys.timeline(caseId, entry.at, randomBytes(4).toString('hex')),
  itemType: 'timeline',
  caseId,
  ...entry,
});
