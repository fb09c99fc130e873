/**
 * One case, the whole customer story at a glance: every mention in order with links to the posts,
 * the timeline, the author, why triage ranked it so, the suggested reply, and every action.
 */
import { useEffect, useState } from 'preact/hooks';
import { ApiError, getJson, postJson } from '../api/client';
import type { Case, CaseDetail, CaseMention } from '../api/types';
import { useResource } from '../api/use-resource';
import { AuthorLine, authorLabel } from '../components/author-line';
import {
  BreachedBadge,
  Countdown,
  PriorityBadge,
  SourceBadge,
  StatusBadge,
} from '../components/badges';
import { isNotFound, NotLoaded } from '../components/not-loaded';
import type { Session } from '../session';
import { clockNow, compactNumber, formatTime } from '../time';
import { AuthorCaseList } from './author-cases';
import type { CaseAction } from './case-action';
import { caseChanges } from './case-changes';
import { incidentLink } from './incidents';
import { ReplyBox, ReplyList } from './reply-box';
import { Timeline } from './timeline';
import { TriageCorrectionForm } from './triage-correction';

const REFRESH_MS = 15_000;
/** While a reply is on its way, its state is read more often. */
const REPLY_PENDING_REFRESH_MS = 2_000;

type Outcome =
  | { kind: 'idle' }
  | { kind: 'busy'; label: string }
  | { kind: 'done'; label: string }
  | { kind: 'error'; label: string; message: string }
  | { kind: 'conflict'; action: CaseAction; before: Case; detail: CaseDetail; message: string };

const caseLink = (caseId: string) => `/cases/${encodeURIComponent(caseId)}`;

const MentionItem = ({ mention }: { mention: CaseMention }) => {
  const brand = mention.kind === 'brand_reply';
  return (
    <li class={brand ? 'mention from-brand' : 'mention'}>
      <div class="mention-head">
        <SourceBadge source={mention.source} />
        <span class="muted">{mention.kind.replace('_', ' ')}</span>
        <strong>
          {brand ? 'Brand' : authorLabel({ key: '', source: mention.source, ...mention.author })}
        </strong>
        <time class="muted" dateTime={mention.createdAt}>
          {formatTime(mention.createdAt)}
        </time>
        {mention.rating !== undefined ? (
          <span class="muted">{'★'.repeat(Math.round(mention.rating))}</span>
        ) : null}
      </div>
      <p class="mention-text">
        {mention.deleted || mention.text === undefined ? (
          <em class="muted">Deleted by the author</em>
        ) : (
          mention.text
        )}
      </p>
      <div class="mention-foot">
        {mention.url ? (
          <a href={mention.url} target="_blank" rel="noopener noreferrer">
            Open on {mention.source}
          </a>
        ) : null}
        {mention.triage ? (
          <span class="muted">
            {mention.triage.priority} · {mention.triage.classification.sentiment} ·{' '}
            {mention.triage.classification.intents.join(', ') || 'no intent'}
          </span>
        ) : null}
      </div>
    </li>
  );
};

const ConflictPanel = (props: {
  outcome: Extract<Outcome, { kind: 'conflict' }>;
  onRedo: () => void;
  onDismiss: () => void;
}) => {
  const { before, detail, action, message } = props.outcome;
  const changes = caseChanges(before, detail.case, detail.timeline);
  return (
    <div class="conflict" role="alert">
      <h2>Someone changed this case first</h2>
      <p>
        {message} You acted on version {before.version}; it is now at version {detail.case.version}.
      </p>
      {changes.fields.length > 0 ? (
        <ul>
          {changes.fields.map((field) => (
            <li key={field.name}>
              {field.name}: <s>{field.before}</s> → <strong>{field.after}</strong>
            </li>
          ))}
        </ul>
      ) : null}
      {changes.entries.length > 0 ? <Timeline entries={changes.entries} /> : null}
      <div class="actions">
        <button type="button" class="primary" onClick={props.onRedo}>
          Redo “{action.label}” on version {detail.case.version}
        </button>
        <button type="button" onClick={props.onDismiss}>
          Keep the new state
        </button>
      </div>
    </div>
  );
};

const TextAction = (props: {
  label: string;
  field: string;
  initial?: string;
  multiline?: boolean;
  disabled?: boolean;
  onSubmit: (text: string) => Promise<boolean>;
}) => {
  const [text, setText] = useState(props.initial ?? '');
  const id = `field-${props.label.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <form
      class="text-action"
      onSubmit={async (event) => {
        event.preventDefault();
        if (text.trim() && (await props.onSubmit(text.trim()))) setText('');
      }}
    >
      <label for={id}>{props.field}</label>
      {props.multiline ? (
        <textarea
          id={id}
          rows={4}
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
        />
      ) : (
        <input id={id} value={text} onInput={(event) => setText(event.currentTarget.value)} />
      )}
      <button type="submit" disabled={props.disabled || !text.trim()}>
        {props.label}
      </button>
    </form>
  );
};

/** A reply made on the platform itself (not from here), recorded as the brand's response. */
const ResponseForm = (props: {
  disabled: boolean;
  onRespond: (text: string, url: string) => Promise<boolean>;
}) => {
  const [text, setText] = useState('');
  const [url, setUrl] = useState('');
  return (
    <form
      class="response"
      onSubmit={async (event) => {
        event.preventDefault();
        if (await props.onRespond(text.trim(), url.trim())) {
          setText('');
          setUrl('');
        }
      }}
    >
      <fieldset>
        <legend>Replied on the platform itself? Record it</legend>
        <label for="response-text">Text as posted</label>
        <textarea
          id="response-text"
          rows={2}
          value={text}
          onInput={(event) => setText(event.currentTarget.value)}
        />
        <label for="response-url">Link to the reply (optional)</label>
        <input
          id="response-url"
          type="url"
          inputMode="url"
          value={url}
          placeholder="https://…"
          onInput={(event) => setUrl(event.currentTarget.value)}
        />
      </fieldset>
      <div class="actions">
        <button type="submit" disabled={props.disabled || (!text.trim() && !url.trim())}>
          Record response
        </button>
      </div>
    </form>
  );
};

export const CaseView = ({ caseId, session }: { caseId: string; session: Session }) => {
  const [refreshMs, setRefreshMs] = useState(REFRESH_MS);
  const resource = useResource(
    (signal) => getJson<CaseDetail>(`/cases/${encodeURIComponent(caseId)}`, signal),
    caseId,
    refreshMs,
  );
  // A reply waiting on a platform's rate limit or on its public half says so; no need to hurry.
  const replyPending =
    resource.data?.replies.some((reply) => reply.state === 'queued' && !reply.problem) ?? false;
  useEffect(
    () => setRefreshMs(replyPending ? REPLY_PENDING_REFRESH_MS : REFRESH_MS),
    [replyPending],
  );
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'idle' });
  const [assignee, setAssignee] = useState('');

  const detail = resource.data;
  if (!detail || isNotFound(resource.error)) {
    return (
      <NotLoaded
        what="case"
        id={caseId}
        error={resource.error}
        back={{ href: '/', label: 'Back to the queue' }}
      />
    );
  }
  const stored = detail.case;
  const busy = outcome.kind === 'busy';

  /** Runs an action against `current`; a 409 shows what changed and offers to redo it. */
  const run = async (action: CaseAction, current: Case = stored): Promise<boolean> => {
    setOutcome({ kind: 'busy', label: action.label });
    try {
      await postJson(`/cases/${encodeURIComponent(caseId)}/${action.verb}`, action.body(current));
      await resource.reload();
      setOutcome({ kind: 'done', label: action.label });
      return true;
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        const fresh = await getJson<CaseDetail>(`/cases/${encodeURIComponent(caseId)}`);
        await resource.reload();
        setOutcome({
          kind: 'conflict',
          action,
          before: current,
          detail: fresh,
          message: error.message,
        });
      } else {
        setOutcome({ kind: 'error', label: action.label, message: (error as Error).message });
      }
      return false;
    }
  };
  const simple = (
    label: string,
    verb: string,
    extra: Record<string, unknown> = {},
  ): CaseAction => ({
    label,
    verb,
    body: (current) => ({ version: current.version, ...extra }),
  });

  const mentions = [...detail.mentions].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt),
  );
  const profileUrl = mentions.find(
    (mention) => mention.kind !== 'brand_reply' && mention.author.profileUrl,
  )?.author.profileUrl;
  const resolved = stored.status === 'resolved';
  const owing = stored.status === 'open' || stored.status === 'acknowledged';

  return (
    <article class="case" aria-labelledby="case-title">
      <p class="crumbs">
        <a href="/">← Queue</a>
      </p>
      <header class="case-head">
        <h1 id="case-title">{authorLabel(stored.author)}</h1>
        <div class="badges">
          <PriorityBadge priority={stored.priority} />
          <StatusBadge status={stored.status} />
          <SourceBadge source={stored.source} />
          {stored.sla?.breachedAt ||
          (owing && stored.sla && Date.parse(stored.sla.dueAt) < clockNow()) ? (
            <BreachedBadge />
          ) : null}
          {owing && stored.sla ? <Countdown dueAt={stored.sla.dueAt} /> : null}
          {stored.chronic ? <span class="badge chronic">Chronic</span> : null}
          {stored.amplify ? <span class="badge amplify">Amplify</span> : null}
        </div>
        <p class="muted">
          {stored.brand} · opened {formatTime(stored.openedAt)} · {stored.mentionCount} mention
          {stored.mentionCount === 1 ? '' : 's'}
          {stored.assignee ? ` · assigned to ${stored.assignee}` : ' · unassigned'} · version{' '}
          {stored.version}
          {stored.incidentId ? (
            <>
              {' '}
              · part of <a href={incidentLink(stored.incidentId)}>an incident</a>
            </>
          ) : null}
          {stored.mergedInto ? (
            <>
              {' '}
              · merged into <a href={caseLink(stored.mergedInto)}>{stored.mergedInto}</a>
            </>
          ) : null}
        </p>
      </header>

      <div class="toolbar" role="toolbar" aria-label="Case actions">
        <button
          type="button"
          class="primary"
          disabled={busy || stored.status !== 'open'}
          onClick={() => run(simple('Acknowledge', 'acknowledge'))}
        >
          Acknowledge
        </button>
        <button
          type="button"
          disabled={busy || stored.assignee === session.operator}
          onClick={() => run(simple('Assign to me', 'assign', { assignee: session.operator }))}
        >
          Assign to me
        </button>
        {resolved ? (
          <button
            type="button"
            disabled={busy || Boolean(stored.mergedInto)}
            onClick={() => run(simple('Reopen', 'reopen'))}
          >
            Reopen
          </button>
        ) : (
          <button type="button" disabled={busy} onClick={() => run(simple('Resolve', 'resolve'))}>
            Resolve
          </button>
        )}
      </div>

      {outcome.kind === 'conflict' ? (
        <ConflictPanel
          outcome={outcome}
          onRedo={() => run(outcome.action, outcome.detail.case)}
          onDismiss={() => setOutcome({ kind: 'idle' })}
        />
      ) : null}
      <p class={outcome.kind === 'error' ? 'status-line error' : 'status-line'} role="status">
        {outcome.kind === 'busy' ? `${outcome.label}…` : null}
        {outcome.kind === 'done' ? `${outcome.label}: done.` : null}
        {outcome.kind === 'error' ? `${outcome.label} failed: ${outcome.message}` : null}
      </p>

      <div class="case-grid">
        <section class="story" aria-labelledby="story-title">
          <h2 id="story-title">Conversation</h2>
          <ol class="mentions">
            {mentions.map((mention) => (
              <MentionItem key={mention.id} mention={mention} />
            ))}
          </ol>
          <h2>Respond</h2>
          <ReplyBox
            key={stored.caseId}
            stored={stored}
            disabled={busy || resolved || Boolean(stored.mergedInto)}
            run={(action) => run(action)}
          />
          <ReplyList replies={detail.replies} />
          <ResponseForm
            key={`response-${stored.caseId}`}
            disabled={busy || resolved}
            onRespond={(text, url) =>
              run({
                label: 'Record response',
                verb: 'respond',
                body: (current) => ({
                  version: current.version,
                  ...(text ? { text } : {}),
                  ...(url ? { url } : {}),
                }),
              })
            }
          />
          <h2>Timeline</h2>
          <Timeline entries={detail.timeline} replies={detail.replies} />
        </section>

        <aside class="side">
          <section aria-labelledby="why-title">
            <h2 id="why-title">Why {stored.priority}</h2>
            <ul class="reasons">
              {stored.reasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
            <p class="muted">
              {stored.sentiment} · {stored.intents.join(', ') || 'no intent'}
              {stored.urgency.length ? ` · urgent: ${stored.urgency.join(', ')}` : ''}
            </p>
            <TriageCorrectionForm
              key={`${stored.caseId}-${stored.version}`}
              stored={stored}
              disabled={busy || Boolean(stored.mergedInto)}
              run={(action) => run(action)}
            />
          </section>

          <section aria-labelledby="author-title">
            <h2 id="author-title">Customer</h2>
            <p>
              <AuthorLine author={stored.author} />
            </p>
            <p class="muted">
              {stored.author.source} id {stored.author.id}
              {stored.author.followers !== undefined
                ? ` · reach ${compactNumber(stored.author.followers)}`
                : ''}
              {stored.chronic ? ' · chronic: vents often, recorded not escalated' : ''}
            </p>
            {profileUrl ? (
              <p>
                <a href={profileUrl} target="_blank" rel="noopener noreferrer">
                  Profile on {stored.author.source}
                </a>
              </p>
            ) : null}
            <h3>Other cases</h3>
            <AuthorCaseList stored={stored} />
            <LinkIdentityForm stored={stored} disabled={busy} />
          </section>

          <section aria-labelledby="work-title">
            <h2 id="work-title">Work</h2>
            <form
              class="text-action"
              onSubmit={async (event) => {
                event.preventDefault();
                if (
                  await run(
                    simple(`Assign to ${assignee || 'nobody'}`, 'assign', {
                      assignee: assignee.trim() || null,
                    }),
                  )
                )
                  setAssignee('');
              }}
            >
              <label for="assignee">Assign to someone (empty unassigns)</label>
              <input
                id="assignee"
                value={assignee}
                onInput={(event) => setAssignee(event.currentTarget.value)}
              />
              <button type="submit" disabled={busy}>
                Assign
              </button>
            </form>
            <TextAction
              label="Add note"
              field="Internal note"
              multiline
              disabled={busy}
              onSubmit={(text) =>
                run({
                  label: 'Add note',
                  verb: 'notes',
                  body: (current) => ({ version: current.version, text }),
                })
              }
            />
            <MergeForm
              stored={stored}
              disabled={busy || resolved}
              onMerge={(source) => run(source)}
            />
          </section>
        </aside>
      </div>
    </article>
  );
};

/** Merge another case of this customer into this one; both versions are read just before. */
const MergeForm = (props: {
  stored: Case;
  disabled: boolean;
  onMerge: (action: CaseAction) => Promise<boolean>;
}) => (
  <TextAction
    label="Merge into this case"
    field="Merge another case of this customer (case id)"
    disabled={props.disabled}
    onSubmit={async (sourceCaseId) => {
      // The merge names both versions; a missing case is the API's 404, shown like any error.
      const source = await getJson<CaseDetail>(`/cases/${encodeURIComponent(sourceCaseId)}`).catch(
        () => undefined,
      );
      return props.onMerge({
        label: `Merge ${sourceCaseId}`,
        verb: 'merge',
        body: (current) => ({
          version: current.version,
          sourceCaseId,
          sourceVersion: source?.case.version ?? 1,
        }),
      });
    }}
  />
);

const LinkIdentityForm = ({ stored, disabled }: { stored: Case; disabled: boolean }) => {
  const [source, setSource] = useState('');
  const [id, setId] = useState('');
  const [message, setMessage] = useState('');
  return (
    <form
      class="text-action"
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          const { linked } = await postJson<{ linked: string[] }>('/authors/links', {
            authors: [
              { source: stored.author.source, id: stored.author.id },
              { source: source.trim(), id: id.trim() },
            ],
          });
          setMessage(`Linked: ${linked.join(', ')}`);
          setSource('');
          setId('');
        } catch (error) {
          setMessage(`Not linked: ${(error as Error).message}`);
        }
      }}
    >
      <fieldset>
        <legend>Same person elsewhere</legend>
        <label for="link-source">Source</label>
        <input
          id="link-source"
          value={source}
          placeholder="facebook"
          onInput={(event) => setSource(event.currentTarget.value)}
        />
        <label for="link-id">Author id there</label>
        <input id="link-id" value={id} onInput={(event) => setId(event.currentTarget.value)} />
        <button type="submit" disabled={disabled || !source.trim() || !id.trim()}>
          Link identities
        </button>
      </fieldset>
      {message ? <p role="status">{message}</p> : null}
    </form>
  );
};
