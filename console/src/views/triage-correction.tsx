/**
 * Correcting triage where it got the case wrong: priority, sentiment, intents (a complaint or
 * not among them), and whether it needs a reply. Only the fields changed are sent; the deadline follows the new
 * priority, and the correction is kept as a label on the customer's latest mention.
 */
import { useState } from 'preact/hooks';
import { type Case, INTENTS, type Intent, PRIORITIES, SENTIMENTS } from '../api/types';
import type { RunCaseAction } from './case-action';

type YesNo = 'yes' | 'no';

/** What the form shows for the case: its current triage. */
const triageOf = (stored: Case) => ({
  priority: stored.priority,
  sentiment: stored.sentiment,
  intents: stored.intents,
  needsResponse: (stored.needsResponse ? 'yes' : 'no') as YesNo,
});

const sameIntents = (a: readonly Intent[], b: readonly Intent[]) =>
  a.length === b.length && a.every((intent) => b.includes(intent));

/** Keyed by the case version by its parent, so it starts again from each new triage. */
export const TriageCorrectionForm = (props: {
  stored: Case;
  disabled: boolean;
  run: RunCaseAction;
}) => {
  const shown = triageOf(props.stored);
  const [draft, setDraft] = useState(shown);
  const correction = {
    ...(draft.priority !== shown.priority ? { priority: draft.priority } : {}),
    ...(draft.sentiment !== shown.sentiment ? { sentiment: draft.sentiment } : {}),
    ...(!sameIntents(draft.intents, shown.intents) && draft.intents.length > 0
      ? { intents: draft.intents }
      : {}),
    ...(draft.needsResponse !== shown.needsResponse
      ? { needsResponse: draft.needsResponse === 'yes' }
      : {}),
  };
  const changed = Object.keys(correction);
  const select = <K extends 'priority' | 'sentiment' | 'needsResponse'>(
    name: K,
    label: string,
    options: readonly (typeof shown)[K][],
  ) => (
    <>
      <label for={`correct-${name}`}>{label}</label>
      <select
        id={`correct-${name}`}
        value={draft[name]}
        onChange={(event) =>
          setDraft({ ...draft, [name]: event.currentTarget.value as (typeof shown)[K] })
        }
      >
        {options.map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </>
  );
  return (
    <form
      class="text-action correction"
      onSubmit={async (event) => {
        event.preventDefault();
        await props.run({
          label: 'Correct triage',
          verb: 'triage-correction',
          body: (current) => ({ version: current.version, ...correction }),
        });
      }}
    >
      <fieldset>
        <legend>Correct triage</legend>
        {select('priority', 'Priority', PRIORITIES)}
        {select('sentiment', 'Sentiment', SENTIMENTS)}
        {select('needsResponse', 'Needs a reply', ['yes', 'no'])}
        <fieldset class="intents">
          <legend>Intents</legend>
          {INTENTS.map((intent) => (
            <label key={intent} class="choice">
              <input
                type="checkbox"
                checked={draft.intents.includes(intent)}
                onChange={(event) =>
                  setDraft({
                    ...draft,
                    intents: event.currentTarget.checked
                      ? [...draft.intents, intent]
                      : draft.intents.filter((each) => each !== intent),
                  })
                }
              />{' '}
              {intent}
            </label>
          ))}
        </fieldset>
      </fieldset>
      <button type="submit" disabled={props.disabled || changed.length === 0}>
        Save correction{changed.length > 0 ? ` (${changed.join(', ')})` : ''}
      </button>
    </form>
  );
};
