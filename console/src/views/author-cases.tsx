/** The customer's other cases, on every linked identity, so nobody asks them to tell it again. */
import { getJson } from '../api/client';
import type { AuthorCases, Case } from '../api/types';
import { useResource } from '../api/use-resource';
import { PriorityBadge, SourceBadge, StatusBadge } from '../components/badges';
import { formatTime } from '../time';

export const AuthorCaseList = ({ stored }: { stored: Case }) => {
  const path = `/authors/${encodeURIComponent(stored.author.source)}/${encodeURIComponent(stored.author.id)}/cases?limit=20`;
  const resource = useResource((signal) => getJson<AuthorCases>(path, signal), path);
  if (resource.error) {
    return <p class="muted">Earlier cases could not be loaded: {resource.error.message}</p>;
  }
  if (!resource.data) return <p class="muted">Loading earlier cases…</p>;
  const others = resource.data.items.filter((item) => item.caseId !== stored.caseId);
  if (others.length === 0) return <p class="muted">No other cases from this customer.</p>;
  return (
    <ol class="author-cases" aria-label="Other cases of this customer">
      {others.map((item) => (
        <li key={item.caseId} class="author-case">
          <a href={`/cases/${encodeURIComponent(item.caseId)}`}>{formatTime(item.openedAt)}</a>{' '}
          <PriorityBadge priority={item.priority} /> <StatusBadge status={item.status} />{' '}
          <SourceBadge source={item.source} />
          <p class="muted excerpt">{item.excerpt}</p>
        </li>
      ))}
    </ol>
  );
};
