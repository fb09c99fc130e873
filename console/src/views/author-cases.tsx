/** The customer's other cases, on every linked identity, so nobody asks them to tell it again. */
import { useState } from 'preact/hooks';
import { getJson } from '../api/client';
import type { AuthorCases, Case, CaseSummary } from '../api/types';
import { useResource } from '../api/use-resource';
import { PriorityBadge, SourceBadge, StatusBadge } from '../components/badges';
import { formatTime } from '../time';

const PAGE_SIZE = 20;

export const AuthorCaseList = ({ stored }: { stored: Case }) => {
  const path = `/authors/${encodeURIComponent(stored.author.source)}/${encodeURIComponent(stored.author.id)}/cases`;
  const resource = useResource(
    (signal) => getJson<AuthorCases>(`${path}?limit=${PAGE_SIZE}`, signal),
    path,
  );
  // Older pages, read on demand with the cursor of the page before.
  const [older, setOlder] = useState<{ path: string; items: CaseSummary[]; cursor?: string }>({
    path,
    items: [],
  });
  const [problem, setProblem] = useState('');
  if (resource.error) {
    return <p class="muted">Earlier cases could not be loaded: {resource.error.message}</p>;
  }
  if (!resource.data) return <p class="muted">Loading earlier cases…</p>;
  const loaded = older.path === path ? older : { path, items: [] };
  const cursor = loaded.items.length > 0 ? loaded.cursor : resource.data.cursor;
  const others = [...resource.data.items, ...loaded.items].filter(
    (item) => item.caseId !== stored.caseId,
  );
  const more = async (from: string) => {
    try {
      const page = await getJson<AuthorCases>(
        `${path}?${new URLSearchParams({ limit: String(PAGE_SIZE), cursor: from })}`,
      );
      setOlder({
        path,
        items: [...loaded.items, ...page.items],
        ...(page.cursor ? { cursor: page.cursor } : {}),
      });
      setProblem('');
    } catch (error) {
      setProblem((error as Error).message);
    }
  };
  if (others.length === 0 && !cursor)
    return <p class="muted">No other cases from this customer.</p>;
  return (
    <>
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
      {cursor ? (
        <button type="button" class="link" onClick={() => void more(cursor)}>
          Older cases
        </button>
      ) : null}
      {problem ? <p class="error">Older cases could not be loaded: {problem}</p> : null}
    </>
  );
};
