import {
  describeCaseEvent,
  previewSlackMessage,
  quietFunctionEnv,
} from '../../../infra/local/console-lines';
import type { BusEvent } from '../../../shared/contracts/events';

const detail = {
  caseId: 'c_zNY9WEqcaWS39wg7IPNCGS',
  version: 1,
  brand: 'default',
  source: 'x',
  status: 'open',
  priority: 'P1',
  author: { key: 'x#1', id: '1', source: 'x', handle: 'priya_n' },
  intents: ['complaint'],
  urgency: ['outage'],
  excerpt: 'Your app has been down all morning and I cannot pay my bills.',
  occurredAt: '2026-12-01T09:00:00.000Z',
};

const event = (detailType: string, extra: Record<string, unknown> = {}): BusEvent => ({
  version: '0',
  id: 'e-1',
  'detail-type': detailType,
  source: 'social-responder',
  account: '123456789012',
  time: '2026-12-01T09:00:00Z',
  region: 'us-east-1',
  resources: [],
  detail: { ...detail, ...extra },
});

describe('describeCaseEvent', () => {
  it('says in one line which case opened, how urgent, whose and what', () => {
    expect(describeCaseEvent(event('Case Opened'))).toBe(
      'case c_zNY9WEqcaWS39wg7IPNCGS opened  P1  @priya_n  “Your app has been down all morning and I cannot pay my bills.”',
    );
  });

  it('names the level, the channels and who acted', () => {
    expect(
      describeCaseEvent(event('Case SLA Breached', { level: 2, channels: ['pagerduty'] })),
    ).toMatch(/^case c_\S+ SLA breached level 2 → pagerduty {2}P1/);
    expect(
      describeCaseEvent(event('Case Acknowledged', { actor: { type: 'agent', id: 'priya' } })),
    ).toMatch(/^case c_\S+ acknowledged by priya {2}P1/);
  });

  it('leaves out events that are not about a case', () => {
    expect(describeCaseEvent(event('Test Alert Requested', { caseId: undefined }))).toBeUndefined();
  });
});

describe('quietFunctionEnv', () => {
  it('quiets the JSON logs and metrics by default, and keeps them with --verbose', () => {
    expect(quietFunctionEnv([], {})).toEqual({
      POWERTOOLS_LOG_LEVEL: 'WARN',
      POWERTOOLS_METRICS_DISABLED: 'true',
    });
    expect(quietFunctionEnv(['--verbose'], {})).toEqual({});
    expect(quietFunctionEnv([], { LOG_LEVEL: 'DEBUG' })).toMatchObject({
      POWERTOOLS_LOG_LEVEL: 'DEBUG',
    });
  });
});

describe('previewSlackMessage', () => {
  it('shows the text of every block with link labels', () => {
    const lines = previewSlackMessage({
      text: 'P1 case breached',
      blocks: [
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '*P1* <https://x.com/1|@priya_n> &lt;3' },
        },
        {
          type: 'section',
          fields: [
            { type: 'mrkdwn', text: 'Source: x' },
            { type: 'mrkdwn', text: 'Reach: 48,200' },
          ],
        },
        {
          type: 'actions',
          elements: [{ type: 'button', text: { type: 'plain_text', text: 'Acknowledge' } }],
        },
      ],
    });
    expect(lines).toEqual([
      '    │ *P1* @priya_n (https://x.com/1) <3',
      '    │ Source: x · Reach: 48,200',
      '    │ [Acknowledge]',
    ]);
  });
});
