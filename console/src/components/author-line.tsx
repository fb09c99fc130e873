/** An author as agents recognise them: name, handle, and reach. */
import type { CaseSummary } from '../api/types';
import { compactNumber } from '../time';

type Author = CaseSummary['author'];

export const authorLabel = (author: Author): string =>
  author.name ?? (author.handle ? `@${author.handle.replace(/^@/, '')}` : author.id);

export const AuthorLine = ({ author }: { author: Author }) => (
  <span class="author">
    <strong>{authorLabel(author)}</strong>
    {author.handle && author.name ? (
      <span class="muted"> @{author.handle.replace(/^@/, '')}</span>
    ) : null}
    {author.verified ? (
      <span class="verified" title="Verified account">
        {' '}
        ✓
      </span>
    ) : null}
    {author.followers !== undefined ? (
      <span class="muted"> · {compactNumber(author.followers)} followers</span>
    ) : null}
  </span>
);

/** Whether an author matches a search: name, handle or platform id, case-insensitively. */
export const authorMatches = (author: Author, search: string): boolean => {
  const needle = search.trim().toLowerCase().replace(/^@/, '');
  if (!needle) return true;
  return [author.name, author.handle?.replace(/^@/, ''), author.id].some((field) =>
    field?.toLowerCase().includes(needle),
  );
};
