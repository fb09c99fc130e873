/**
 * Test alerts: `POST /alerts/test` publishes a synthetic escalation naming one channel on the
 * product's bus, where the channel's rule and the notifier deliver it like any other;
 * `GET /alerts/test/{testId}` reads what the notifier recorded for it.
 */
import { randomUUID } from 'node:crypto';
import { AlertTestBody, AlertTestParams, AlertTestResponse } from '../../contracts/cases-api';
import { CaseSlaBreached } from '../../contracts/events';
import { HttpError } from '../../contracts/http-error';
import { TEST_ALERT_PREFIX, testAlertDetail } from '../../domain/sla/test-alert';
import { type Operation, operation, requireActor } from './operation';

export const alertTestOperations: readonly Operation[] = [
  operation({
    id: 'sendTestAlert',
    summary: 'Send a test alert to one channel through the bus, its rule and the notifier',
    description:
      'Publishes a synthetic level-1 SLA breach of a P1 case that names only `channel`; poll `GET /alerts/test/{testId}` for whether it was delivered.',
    body: AlertTestBody,
    response: AlertTestResponse,
    run: async ({ body, actor }, deps) => {
      const requestedBy = requireActor(actor);
      const testId = `${TEST_ALERT_PREFIX}${randomUUID()}`;
      const detail = testAlertDetail({
        testId,
        channel: body.channel,
        brand: deps.config.brands[0]?.id ?? 'default',
        requestedBy: requestedBy.id,
        now: deps.clock.now(),
      });
      try {
        await deps.publisher.publishAll([{ definition: CaseSlaBreached, detail }]);
      } catch (error) {
        throw new HttpError(
          503,
          'events_unavailable',
          'the event bus did not accept the test alert',
          {
            cause: error,
          },
        );
      }
      return { testId, channel: body.channel, status: 'pending' };
    },
  }),
  operation({
    id: 'getTestAlert',
    summary: 'Whether a test alert was delivered',
    description:
      '`pending` until the notifier has tried; `failed` carries the reason of its last failed attempt (Lambda retries it twice, a minute or two apart).',
    params: AlertTestParams,
    response: AlertTestResponse,
    run: async ({ params }, deps) => {
      const timeline = await deps.commands.getTimeline(params.testId);
      const delivered = timeline.find((entry) => entry.type === 'delivered');
      const failed = timeline.filter((entry) => entry.type === 'delivery_failed').at(-1);
      const outcome = delivered ?? failed;
      if (!outcome) return { testId: params.testId, status: 'pending' };
      const detail = (outcome.detail ?? {}) as { channel?: string; reason?: string };
      return {
        testId: params.testId,
        ...(detail.channel ? { channel: detail.channel } : {}),
        status: delivered ? 'delivered' : 'failed',
        ...(!delivered && detail.reason ? { reason: detail.reason } : {}),
        at: outcome.at,
      };
    },
  }),
];
