/** Praise worth sharing: cases triage flagged to amplify, with links to the posts. */
import { getJson } from '../api/client';
import type { CaseList } from '../api/types';
import { useResource } from '../api/use-resource';
import { AuthorLine } from '../components/author-line';
import { SourceBadge, StatusBadge } from '../components/badges';
import { formatTime } from '../time';

const PRAISE_QUERY =
  'intent=praise&needsReply=any&status=open,acknowledged,responded,resolved&limit=100';

export const PraiseView = () => {
  const praise = useResource(
    async (signal) => (await getJson<CaseList>(`/cases?${PRAISE_QUERY}`, signal)).items,
    'praise',
    30_000,
  );
  const worthSharing = (praise.data ?? []).filter((item) => item.amplify);
  return (
    <section aria-labelledby="praise-title">
      <div class="view-head">
        <h1 id="praise-title">Praise to amplify</h1>
        <p class="muted">
          Customers who said something good, ranked by reach: thank them, share it.
        </p>
      </div>
      {praise.error ? (
        <p class="error" role="alert">
          Could not load praise: {praise.error.message}
        </p>
      ) : null}
      {praise.data && worthSharing.length === 0 ? (
        <p class="empty">No praise to amplify yet.</p>
      ) : null}
      <ul class="cards">
        {[...worthSharing]
          .sort((a, b) => (b.author.followers ?? 0) - (a.author.followers ?? 0))
          .map((item) => (
            <li key={item.caseId} class="card">
              <div class="card-head">
                <AuthorLine author={item.author} />
                <SourceBadge source={item.source} />
              </div>
              <blockquote>{item.excerpt}</blockquote>
              <div class="card-foot">
                <time class="muted" dateTime={item.openedAt}>
                  {formatTime(item.openedAt)}
                </time>
                <StatusBadge status={item.status} />
                {item.url ? (
                  <a href={item.url} target="_blank" rel="noopener noreferrer">
                    Open post
                  </a>
                ) : null}
                <a href={`/cases/${encodeURIComponent(item.caseId)}`}>Open case</a>
              </div>
            </li>
          ))}
      </ul>
    </section>
  );
};
