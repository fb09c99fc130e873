/**
 * One reply to every open case of an incident (a public acknowledgement or a status update),
 * posted through each case's own platform in its turn under the platform's rate limit. The
 * idempotency key is kept until the API has answered, so sending again after a lost answer
 * never gives a customer the reply twice; each case keeps its own history.
 */
import { useState } from 'preact/hooks';
import { postJson } from '../api/client';
import type { IncidentReplied } from '../api/types';
import { useSubmission } from '../api/use-submission';

type Visibility = 'public' | 'private';

const newKey = () => crypto.randomUUID();

const summary = (result: IncidentReplied) =>
  `Sent to the reply queue: ${result.queued} queued, ${result.alreadyRequested} already requested, ${result.skipped} skipped.`;

export const IncidentReplyForm = (props: {
  incidentId: string;
  /** Whether any case of the incident may still be open. */
  anyOpen: boolean;
  onReplied: () => Promise<void>;
}) => {
  const [text, setText] = useState('');
  const [visibility, setVisibility] = useState<Visibility>('public');
  const [key, setKey] = useState(newKey);
  const { state, submit } = useSubmission<IncidentReplied>();
  if (!props.anyOpen && state.kind !== 'done') return null;
  const skipped =
    state.kind === 'done'
      ? state.result.cases.flatMap((each) => (each.outcome === 'skipped' ? [each] : []))
      : [];
  return (
    <form
      class="response incident-reply"
      onSubmit={async (event) => {
        event.preventDefault();
        // On an error the key stays: cases already given this reply are not given it again.
        await submit(
          () =>
            postJson<IncidentReplied>(`/incidents/${encodeURIComponent(props.incidentId)}/reply`, {
              text: text.trim(),
              visibility,
              idempotencyKey: key,
            }),
          async () => {
            // Answered: the next text is a new reply with a key of its own.
            setKey(newKey());
            setText('');
            await props.onReplied();
          },
        );
      }}
    >
      <fieldset class="reply-modes">
        <legend>Answer every open case at once</legend>
        <label class="choice">
          <input
            type="radio"
            name="incident-reply-visibility"
            checked={visibility === 'public'}
            onChange={() => setVisibility('public')}
          />{' '}
          Publicly, where each customer posted
        </label>
        <label class="choice">
          <input
            type="radio"
            name="incident-reply-visibility"
            checked={visibility === 'private'}
            onChange={() => setVisibility('private')}
          />{' '}
          Privately (direct message)
        </label>
      </fieldset>
      <label for="incident-reply-text">Reply or status update</label>
      <textarea
        id="incident-reply-text"
        rows={3}
        value={text}
        placeholder="We know the app is down and are working on it; we will post here when it is back."
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={state.kind === 'busy' || !text.trim()}>
        Reply to every open case
      </button>
      <p class={state.kind === 'error' ? 'status-line error' : 'status-line'} role="status">
        {state.kind === 'busy' ? 'Sending…' : null}
        {state.kind === 'done' ? summary(state.result) : null}
        {state.kind === 'error'
          ? `Reply failed: ${state.message}. Sending again is safe: no case gets it twice.`
          : null}
      </p>
      {skipped.length > 0 ? (
        <ul class="skipped" aria-label="Cases skipped">
          {skipped.map((each) => (
            <li key={each.caseId}>
              <a href={`/cases/${encodeURIComponent(each.caseId)}`}>{each.caseId}</a>: {each.reason}
            </li>
          ))}
        </ul>
      ) : null}
    </form>
  );
};
