import type { CaseFigures } from './case';

/** What every outward view of a case leads with, the list row and the event detail alike. */
export const caseHeadline = (subject: CaseFigures) => ({
  caseId: subject.caseId,
  version: subject.version,
  brand: subject.brand,
  source: subject.source,
  status: subject.status,
  priority: subject.priority,
  author: subject.author,
  intents: subject.intents,
  excerpt: subject.excerpt,
  ...(subject.sla ? { dueAt: subject.sla.dueAt } : {}),
});
