/**
 * Slack interactivity: the Acknowledge and Resolve buttons of an alert post here. Requests are
 * verified with the app's signing secret (`v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`).
 * https://api.slack.com/authentication/verifying-requests-from-slack
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as z from 'zod';
import { CaseId } from '../../contracts/key-part';
import { zodIssueLines } from '../../contracts/zod-issues';
import { plainLine, slackEscape } from '../alerts/alert-text';
import { SLACK_ACTIONS } from './slack-alert-message';

/** Requests signed longer ago than this are refused, so a captured request cannot be replayed. */
export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

/** The button action ids an alert carries; the button's value is the case id. */
export const SLACK_CASE_ACTIONS = ['acknowledge', 'resolve'] as const;
export type SlackCaseAction = (typeof SLACK_CASE_ACTIONS)[number];

export class SlackSignatureError extends Error {
  override name = 'SlackSignatureError';
  constructor(
    readonly reason: 'missing' | 'stale' | 'mismatch',
    message: string,
  ) {
    super(message);
  }
}

export class SlackPayloadError extends Error {
  override name = 'SlackPayloadError';
}

/** The signature Slack sends for a body signed at a timestamp. */
export const slackSignature = (signingSecret: string, timestamp: string, rawBody: string): string =>
  `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;

/**
 * Verifies a request from Slack; throws SlackSignatureError naming what is wrong. `nowSeconds`
 * is real time (epoch seconds), not business time.
 */
export const verifySlackRequest = (input: {
  signingSecret: string;
  timestamp: string | undefined;
  signature: string | undefined;
  rawBody: string;
  nowSeconds: number;
}): void => {
  const { timestamp, signature } = input;
  if (!timestamp || !signature) {
    throw new SlackSignatureError(
      'missing',
      'x-slack-request-timestamp and x-slack-signature headers are required',
    );
  }
  const signedAt = Number(timestamp);
  if (
    !/^\d+$/.test(timestamp) ||
    Math.abs(input.nowSeconds - signedAt) > SLACK_TIMESTAMP_TOLERANCE_SECONDS
  ) {
    throw new SlackSignatureError(
      'stale',
      `x-slack-request-timestamp is more than ${SLACK_TIMESTAMP_TOLERANCE_SECONDS} seconds from now`,
    );
  }
  const expected = Buffer.from(slackSignature(input.signingSecret, timestamp, input.rawBody));
  const given = Buffer.from(signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw new SlackSignatureError('mismatch', 'x-slack-signature does not match the request body');
  }
};

const BlockActionsPayload = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1), username: z.string().optional() }),
  actions: z
    .array(
      z.object({
        action_id: z.string().max(255),
        value: CaseId.optional(),
        url: z.string().optional(),
      }),
    )
    .min(1),
  /** Where the message with the buttons can be updated (valid for 30 minutes, 5 uses). */
  response_url: z.string().url().optional(),
});

/** One button press: what to do to which case, and who pressed it. */
export interface SlackCaseRequest {
  readonly action: SlackCaseAction;
  readonly caseId: string;
  readonly user: { readonly id: string; readonly username?: string };
  /** The interaction's `response_url`: updates the message whose button was pressed. */
  readonly responseUrl?: string;
}

/**
 * The case actions in a form-encoded interactivity request (`payload=<json>`), none for a link
 * button; throws SlackPayloadError for anything but block actions with known action ids and a
 * case id.
 */
export const parseSlackCaseRequests = (rawBody: string): SlackCaseRequest[] => {
  const payloadText = new URLSearchParams(rawBody).get('payload');
  if (!payloadText) throw new SlackPayloadError('the form field `payload` is missing');
  let json: unknown;
  try {
    json = JSON.parse(payloadText);
  } catch (error) {
    throw new SlackPayloadError('`payload` is not JSON', { cause: error });
  }
  const parsed = BlockActionsPayload.safeParse(json);
  if (!parsed.success) {
    const problems = zodIssueLines(parsed.error);
    throw new SlackPayloadError(`not a block_actions payload: ${problems.join('; ')}`, {
      cause: parsed.error,
    });
  }
  const { user, actions, response_url: responseUrl } = parsed.data;
  // A link button (Open case) opens its URL in the browser; Slack still posts the press, which is
  // acknowledged with nothing to do.
  const caseActions = actions.filter(
    (action) => action.url === undefined && action.action_id !== SLACK_ACTIONS.openCase,
  );
  return caseActions.map(({ action_id, value }) => {
    const action = SLACK_CASE_ACTIONS.find((known) => known === action_id);
    if (!action) throw new SlackPayloadError(`unknown action_id ${JSON.stringify(action_id)}`);
    if (!value) throw new SlackPayloadError(`action ${action_id} carries no case id as its value`);
    return { action, caseId: value, user, ...(responseUrl ? { responseUrl } : {}) };
  });
};

/** What a pressed button did to its case: `done`, or why nothing changed. */
export interface SlackCaseResult {
  readonly caseId: string;
  readonly action: SlackCaseAction;
  readonly outcome: string;
}

/** The status a case is in after a button's action went through. */
const STATUS_AFTER: Record<SlackCaseAction, string> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
};

/** A `response_url` message: replaces the original one, so its buttons cannot be pressed again. */
export interface SlackMessageUpdate {
  readonly replace_original: true;
  readonly text: string;
}

/**
 * The message that replaces an alert once its buttons were handled: each case's new status and
 * who set it, or why nothing changed. Every value from the request is escaped for Slack.
 */
export const slackCaseUpdateMessage = (
  results: readonly SlackCaseResult[],
  user: SlackCaseRequest['user'],
): SlackMessageUpdate => {
  const who = slackEscape(plainLine(user.username ?? user.id, 80));
  const lines = results.map(({ caseId, action, outcome }) => {
    const id = slackEscape(plainLine(caseId, 80));
    return outcome === 'done'
      ? `Case ${id} ${STATUS_AFTER[action]} by ${who}.`
      : `Case ${id}: ${slackEscape(plainLine(outcome, 300))}`;
  });
  return { replace_original: true, text: lines.join('\n') };
};
