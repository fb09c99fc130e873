/** The queue: unresolved cases by priority then deadline, filtered by the URL, refreshed on its own. */
import { useEffect, useMemo, useRef } from 'preact/hooks';
import { getJson } from '../api/client';
import {
  type CaseList,
  type CaseSummary,
  INTENTS,
  type ListCasesQuery,
  PRIORITIES,
  STATUSES,
} from '../api/types';
import { useResource } from '../api/use-resource';
import { authorMatches } from '../components/author-line';
import { CaseRow } from '../components/case-row';
import { navigate } from '../router';
import { syncClock } from '../time';

/** The filters the API applies; `q` (author search) is applied here to the loaded queue. */
export const API_FILTERS: readonly (keyof ListCasesQuery)[] = [
  'status',
  'priority',
  'source',
  'brand',
  'assignee',
  'intent',
  'breached',
];
const PAGE_SIZE = 100;
/** The queue shows at most this many cases; narrow the filters to see others. */
export const QUEUE_LIMIT = 1000;
/**
 * Pages read per refresh at most: a page answered by filters the index keys do not cover (brand,
 * assignee, breached…) may hold few cases, or none, and still point to the next.
 */
const QUEUE_PAGES = 20;
const REFRESH_MS = 10_000;

/** Every page of the filtered case list, up to QUEUE_LIMIT cases or QUEUE_PAGES pages. */
export const loadQueue = async (
  filters: URLSearchParams,
  signal?: AbortSignal,
): Promise<{ items: CaseSummary[]; truncated: boolean }> => {
  const items: CaseSummary[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    pages += 1;
    const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
    for (const name of API_FILTERS) {
      const value = filters.get(name);
      if (value) query.set(name, value);
    }
    if (cursor) query.set('cursor', cursor);
    const page = await getJson<CaseList>(`/cases?${query}`, signal);
    if (page.now) syncClock(page.now);
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor && items.length < QUEUE_LIMIT && pages < QUEUE_PAGES);
  return { items, truncated: cursor !== undefined };
};

const withFilter = (query: URLSearchParams, name: string, value: string): string => {
  const next = new URLSearchParams(query);
  if (value) next.set(name, value);
  else next.delete(name);
  const text = next.toString();
  return text ? `/?${text}` : '/';
};

const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** j/k or the arrow keys move between cases, Enter opens one, `/` jumps to the author search. */
const useQueueKeys = (
  list: { current: HTMLElement | null },
  search: { current: HTMLInputElement | null },
) => {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === '/' && !isTyping(event.target)) {
        event.preventDefault();
        search.current?.focus();
        return;
      }
      const step = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1 }[event.key];
      if (!step || isTyping(event.target) || !list.current) return;
      const rows = [...list.current.querySelectorAll<HTMLAnchorElement>('a.case-row')];
      if (rows.length === 0) return;
      event.preventDefault();
      const at = rows.indexOf(document.activeElement as HTMLAnchorElement);
      const next = at === -1 ? (step > 0 ? 0 : rows.length - 1) : at + step;
      rows[Math.max(0, Math.min(rows.length - 1, next))]?.focus();
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  }, [list, search]);
};

const Select = (props: {
  label: string;
  name: string;
  query: URLSearchParams;
  options: readonly (readonly [string, string])[];
}) => (
  <label class="field">
    <span>{props.label}</span>
    <select
      value={props.query.get(props.name) ?? ''}
      onChange={(event) =>
        navigate(withFilter(props.query, props.name, event.currentTarget.value), { replace: true })
      }
    >
      {props.options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  </label>
);

const TextFilter = (props: {
  label: string;
  name: string;
  query: URLSearchParams;
  placeholder?: string;
  inputRef?: { current: HTMLInputElement | null };
}) => (
  <label class="field">
    <span>{props.label}</span>
    <input
      ref={props.inputRef}
      type="search"
      value={props.query.get(props.name) ?? ''}
      placeholder={props.placeholder}
      onChange={(event) =>
        navigate(withFilter(props.query, props.name, event.currentTarget.value.trim()), {
          replace: true,
        })
      }
    />
  </label>
);

const Filters = ({
  query,
  searchRef,
}: {
  query: URLSearchParams;
  searchRef: { current: HTMLInputElement | null };
}) => {
  const priorities = (query.get('priority') ?? '').split(',').filter(Boolean);
  const toggle = (priority: string) => {
    const next = priorities.includes(priority)
      ? priorities.filter((each) => each !== priority)
      : [...priorities, priority].sort();
    navigate(withFilter(query, 'priority', next.join(',')), { replace: true });
  };
  return (
    <form class="filters" aria-label="Filters" onSubmit={(event) => event.preventDefault()}>
      <TextFilter
        label="Author"
        name="q"
        query={query}
        placeholder="name or @handle  ( / )"
        inputRef={searchRef}
      />
      <fieldset class="field">
        <legend>Priority</legend>
        <div class="toggles">
          {PRIORITIES.map((priority) => (
            <button
              key={priority}
              type="button"
              class="toggle"
              aria-pressed={priorities.includes(priority)}
              onClick={() => toggle(priority)}
            >
              {priority}
            </button>
          ))}
        </div>
      </fieldset>
      <Select
        label="Status"
        name="status"
        query={query}
        options={[
          ['', 'Unresolved'],
          ...STATUSES.map((status) => [status, status] as const),
          ['open,acknowledged,responded,resolved', 'All'],
        ]}
      />
      <Select
        label="Deadline"
        name="breached"
        query={query}
        options={[
          ['', 'Any'],
          ['true', 'Breached'],
          ['false', 'Within deadline'],
        ]}
      />
      <Select
        label="Intent"
        name="intent"
        query={query}
        options={[['', 'Any'], ...INTENTS.map((intent) => [intent, intent] as const)]}
      />
      <TextFilter label="Source" name="source" query={query} placeholder="x, facebook…" />
      <TextFilter label="Brand" name="brand" query={query} />
      <TextFilter label="Assignee" name="assignee" query={query} />
    </form>
  );
};

export const QueueView = ({ query }: { query: URLSearchParams }) => {
  const filters = useMemo(() => {
    const kept = new URLSearchParams();
    for (const name of API_FILTERS) {
      const value = query.get(name);
      if (value) kept.set(name, value);
    }
    return kept;
  }, [query.toString()]);
  const queue = useResource((signal) => loadQueue(filters, signal), filters.toString(), REFRESH_MS);
  const search = query.get('q') ?? '';
  const shown = useMemo(
    () => (queue.data?.items ?? []).filter((item) => authorMatches(item.author, search)),
    [queue.data, search],
  );
  const list = useRef<HTMLUListElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  useQueueKeys(list, searchRef);
  const breached = shown.filter((item) => item.breached).length;

  return (
    <section aria-labelledby="queue-title">
      <div class="view-head">
        <h1 id="queue-title">Queue</h1>
        <p class="muted" aria-live="polite">
          {queue.data
            ? `${shown.length} case${shown.length === 1 ? '' : 's'}${breached ? ` · ${breached} breached` : ''}${queue.data.truncated ? ' · more match: narrow the filters' : ''}`
            : 'Loading…'}
        </p>
      </div>
      <Filters query={query} searchRef={searchRef} />
      {queue.error ? (
        <p class="error" role="alert">
          Could not load the queue: {queue.error.message}
        </p>
      ) : null}
      {queue.data && shown.length === 0 ? (
        <p class="empty">No cases match. Nothing is waiting for an answer.</p>
      ) : null}
      <ul class="queue" ref={list} aria-label="Cases by deadline">
        {shown.map((item) => (
          <CaseRow key={item.caseId} item={item} />
        ))}
      </ul>
      <p class="hint muted">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>Enter</kbd> opens · <kbd>/</kbd> searches authors
      </p>
    </section>
  );
};
