import type { SlaEventDetail } from '../../contracts/events';
import { humanCount, humanDuration } from './alert-text';

/** What every SLA alert says, before any target's escaping: the parts are still raw user text. */
export interface SlaAlert {
  readonly caseId: string;
  /** `SLA warning` or `SLA breached · level N`. */
  readonly headline: string;
  readonly priority: SlaEventDetail['priority'];
  readonly source: string;
  readonly brand: string;
  /** The author as agents know them: name, handle. Raw user text. */
  readonly author: string;
  /** `18.4k followers`, when the platform says. */
  readonly reach?: string;
  /** Raw user text. */
  readonly excerpt: string;
  /** `12 min overdue` or `3 min left`. */
  readonly overdue: string;
  readonly caseUrl?: string;
}

/** The case page an alert links to: the cases API under the configured public URL. */
export const caseUrlOf = (publicUrl: string | undefined, caseId: string): string | undefined =>
  publicUrl ? `${publicUrl.replace(/\/+$/, '')}/cases/${encodeURIComponent(caseId)}` : undefined;

const CLOCK_NAMES: Record<SlaEventDetail['clock'], string> = {
  first_response: 'first response',
  next_response: 'next response',
  resolution: 'resolution',
};

/** The facts of an SLA warning or escalation level, ready for a target to render. */
export const slaAlert = (detail: SlaEventDetail, publicUrl?: string): SlaAlert => {
  const { author } = detail;
  const handle = author.handle ? `@${author.handle.replace(/^@/, '')}` : undefined;
  const name = [author.name, handle].filter(Boolean).join(' ') || author.id;
  const clock = CLOCK_NAMES[detail.clock];
  const caseUrl = caseUrlOf(publicUrl, detail.caseId);
  return {
    caseId: detail.caseId,
    headline:
      detail.level === 0
        ? `SLA warning: ${clock} due soon`
        : `SLA breached: ${clock} · level ${detail.level}`,
    priority: detail.priority,
    source: detail.source,
    brand: detail.brand,
    author: name,
    ...(author.followers !== undefined
      ? { reach: `${humanCount(author.followers)} followers` }
      : {}),
    excerpt: detail.excerpt,
    overdue:
      detail.overdueSeconds >= 0
        ? `${humanDuration(detail.overdueSeconds)} overdue`
        : `${humanDuration(detail.overdueSeconds)} left`,
    ...(caseUrl ? { caseUrl } : {}),
  };
};
