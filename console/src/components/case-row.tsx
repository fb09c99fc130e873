/** One case in a list (the queue, an incident's cases): a link to its page with what triage found. */
import type { CaseSummary } from '../api/types';
import { AuthorLine } from './author-line';
import { BreachedBadge, Countdown, PriorityBadge, SourceBadge, StatusBadge } from './badges';

export const CaseRow = ({ item }: { item: CaseSummary }) => (
  <li>
    <a
      class={`case-row${item.breached ? ' is-breached' : ''}`}
      href={`/cases/${encodeURIComponent(item.caseId)}`}
    >
      <span class="row-priority">
        <PriorityBadge priority={item.priority} />
      </span>
      <span class="row-deadline">
        {item.breached ? <BreachedBadge /> : null}
        {item.dueAt ? <Countdown dueAt={item.dueAt} /> : <span class="muted">no deadline</span>}
      </span>
      <span class="row-author">
        <AuthorLine author={item.author} />
      </span>
      <span class="row-excerpt">{item.excerpt}</span>
      <span class="row-meta">
        <SourceBadge source={item.source} />
        <StatusBadge status={item.status} />
        {item.incidentId ? <span class="badge incident">Incident</span> : null}
        {item.assignee ? <span class="muted">→ {item.assignee}</span> : null}
      </span>
    </a>
  </li>
);
