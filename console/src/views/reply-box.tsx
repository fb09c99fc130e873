/**
 * Replying from the case where the customer posted: publicly, privately, or "take it private"
 * (a public acknowledgement, then a direct message). The reply sender posts it; its state
 * (queued, sent, failed, unknown) shows in the list below and in the timeline.
 */
import { useState } from 'preact/hooks';
import type { Case, CaseReply, ReplyState } from '../api/types';
import { formatTime } from '../time';
import type { RunCaseAction } from './case-action';

type Mode = 'public' | 'private' | 'take-private';

const MODES: readonly { mode: Mode; label: (source: string) => string }[] = [
  { mode: 'public', label: (source) => `Publicly on ${source}` },
  { mode: 'private', label: () => 'Privately (direct message)' },
  { mode: 'take-private', label: () => 'Take it private: public reply, then a direct message' },
];

const STATE_TEXT: Record<ReplyState, string> = {
  queued: 'Queued',
  sent: 'Sent',
  failed: 'Failed',
  unknown: 'Outcome unknown',
};

/** A reply's state as a badge; the same words in the reply list and the timeline. */
export const ReplyStateBadge = ({ state }: { state: ReplyState }) => (
  <span class={`badge reply-state ${state}`}>{STATE_TEXT[state]}</span>
);

export const ReplyBox = (props: { stored: Case; disabled: boolean; run: RunCaseAction }) => {
  const { stored } = props;
  const [mode, setMode] = useState<Mode>('public');
  const [text, setText] = useState(stored.suggestedReply ?? '');
  const [privateText, setPrivateText] = useState('');
  const send = async () => {
    const done =
      mode === 'take-private'
        ? await props.run({
            label: 'Take it private',
            verb: 'take-offline',
            body: (current) => ({
              version: current.version,
              publicText: text.trim(),
              ...(privateText.trim() ? { privateText: privateText.trim() } : {}),
            }),
          })
        : await props.run({
            label: mode === 'public' ? 'Send public reply' : 'Send private reply',
            verb: 'reply',
            body: (current) => ({ version: current.version, visibility: mode, text: text.trim() }),
          });
    if (done) {
      setText('');
      setPrivateText('');
    }
  };
  return (
    <form
      class="response reply-box"
      onSubmit={(event) => {
        event.preventDefault();
        void send();
      }}
    >
      <fieldset class="reply-modes">
        <legend>Reply where the customer posted</legend>
        {MODES.map((each) => (
          <label key={each.mode} class="choice">
            <input
              type="radio"
              name="reply-mode"
              value={each.mode}
              checked={mode === each.mode}
              onChange={() => setMode(each.mode)}
            />{' '}
            {each.label(stored.source)}
          </label>
        ))}
      </fieldset>
      <label for="reply-text">
        {mode === 'take-private' ? 'Public reply' : 'Reply'}
        {stored.suggestedReply ? ' (suggested, edit before sending)' : ''}
      </label>
      <textarea
        id="reply-text"
        rows={4}
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      {mode === 'take-private' ? (
        <>
          <label for="private-text">Then privately (empty: the brand's template)</label>
          <textarea
            id="private-text"
            rows={3}
            value={privateText}
            onInput={(event) => setPrivateText(event.currentTarget.value)}
          />
        </>
      ) : null}
      <button type="submit" class="primary" disabled={props.disabled || !text.trim()}>
        {mode === 'take-private' ? 'Send both' : 'Send reply'}
      </button>
    </form>
  );
};

/** The replies sent from the case, newest first, each with its state and what went wrong. */
export const ReplyList = ({ replies }: { replies: readonly CaseReply[] }) =>
  replies.length === 0 ? null : (
    <ol class="replies" aria-label="Replies from this case">
      {[...replies].reverse().map((reply) => (
        <li key={reply.replyId} class={`reply ${reply.state}`}>
          <div class="mention-head">
            <ReplyStateBadge state={reply.state} />
            <span class="muted">
              {reply.visibility} on {reply.source} · {reply.requestedBy.id} ·{' '}
              {formatTime(reply.sentAt ?? reply.requestedAt)}
            </span>
          </div>
          <p class="mention-text">{reply.text}</p>
          {reply.problem ? <p class="reply-problem">{reply.problem.message}</p> : null}
          {reply.followsReplyId && reply.state === 'queued' ? (
            <p class="muted">Goes once the public reply is posted.</p>
          ) : null}
          {reply.url ? (
            <a href={reply.url} target="_blank" rel="noopener noreferrer">
              Open on {reply.source}
            </a>
          ) : null}
        </li>
      ))}
    </ol>
  );
