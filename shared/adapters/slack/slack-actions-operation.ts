/** The Slack interactivity route: the Acknowledge and Resolve buttons of an alert act on the case. */
import type { Actor } from '../../contracts/case';
import { SlackActionsResponse } from '../../contracts/cases-api';
import { HttpError } from '../../contracts/http-error';
import { type CaseAction, CaseTransitionError } from '../../domain/cases/case-actions';
import { actOnCase } from '../../use-cases/case-changes';
import { CaseVersionConflictError } from '../../use-cases/ports/case-commands';
import { type CasesApiDeps, operation } from '../cases-api/operation';
import {
  parseSlackCaseRequests,
  type SlackCaseResult,
  slackCaseUpdateMessage,
  verifySlackRequest,
} from './slack-actions';

/** A button pressed on a case that already moved on is not an error for the person pressing it. */
const slackAction = async (
  deps: CasesApiDeps,
  caseId: string,
  action: CaseAction,
  actor: Actor,
): Promise<string> => {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await actOnCase(deps, { caseId, version: 'current', action, actor });
      return 'done';
    } catch (error) {
      if (error instanceof CaseTransitionError) return error.message;
      if (!(error instanceof CaseVersionConflictError) || attempt === 3) throw error;
    }
  }
};

export const slackActionsOperation = operation({
  id: 'slackActions',
  summary: 'Slack interactivity: the Acknowledge and Resolve buttons of an alert',
  description:
    'Form-encoded `payload` of a block_actions interaction, verified with the Slack signing secret; `action_id` acknowledge or resolve, `value` the case id.',
  formBody: true,
  response: SlackActionsResponse,
  run: async ({ rawBody, headers }, deps) => {
    const signingSecret = await deps.secrets.get('SLACK_SIGNING_SECRET');
    if (!signingSecret) {
      throw new HttpError(503, 'not_configured', 'Slack actions are not configured');
    }
    verifySlackRequest({
      signingSecret,
      timestamp: headers['x-slack-request-timestamp'],
      signature: headers['x-slack-signature'],
      rawBody,
      nowSeconds: Math.floor(deps.realNow() / 1000),
    });
    const requests = parseSlackCaseRequests(rawBody);
    const results: SlackCaseResult[] = [];
    for (const request of requests) {
      const actor: Actor = {
        type: 'agent',
        id: `slack:${request.user.username ?? request.user.id}`,
      };
      results.push({
        caseId: request.caseId,
        action: request.action,
        outcome: await slackAction(deps, request.caseId, { type: request.action }, actor),
      });
    }
    const pressed = requests[0];
    if (pressed?.responseUrl) {
      try {
        await deps.slack.replaceMessage(
          pressed.responseUrl,
          slackCaseUpdateMessage(results, pressed.user),
        );
      } catch (error) {
        deps.onSlackUpdateFailed(error);
      }
    }
    return { results };
  },
});
