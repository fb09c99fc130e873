/** The Slack interactivity route: the Acknowledge and Resolve buttons of an alert act on the case. */
import type { Actor } from '../../contracts/case';
import { SlackActionsResponse } from '../../contracts/cases-api';
import { HttpError } from '../../contracts/http-error';
import { actOnCurrentCase } from '../../use-cases/case-changes';
import {
  parseSlackCaseRequests,
  type SlackCaseResult,
  slackCaseUpdateMessage,
  verifySlackRequest,
} from '../slack/slack-actions';
import { operation } from './operation';

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
        outcome: await actOnCurrentCase(deps, request.caseId, { type: request.action }, actor),
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
