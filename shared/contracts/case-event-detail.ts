import type { Case } from './case';
import { caseHeadline } from './case-headline';
import type { CaseEventDetail } from './events';

/** The detail every case event carries, for the case as it is after the change. */
export const caseEventDetail = (subject: Case, now: Date): CaseEventDetail => ({
  ...caseHeadline(subject),
  urgency: subject.urgency,
  ...(subject.url ? { url: subject.url } : {}),
  ...(subject.paged ? { paged: subject.paged } : {}),
  occurredAt: now.toISOString(),
});
