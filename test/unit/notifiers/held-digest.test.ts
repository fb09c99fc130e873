import type { PagerDutyEvent } from '../../../shared/adapters/pagerduty/pagerduty-event';
import { pagerDutyHeldUpdate } from '../../../shared/adapters/pagerduty/pagerduty-event';
import { slackHeldDigest } from '../../../shared/adapters/slack/slack-alert-message';
import { groupHeldAlerts, type HeldAlert } from '../../../shared/domain/alerts/held-alerts';

const held = (
  eventId: string,
  key: string,
  occurredAt: string,
  overrides: Partial<HeldAlert> = {},
): HeldAlert => ({
  channel: 'slack',
  eventId,
  occurredAt,
  heldAt: '2026-05-04T09:30:00.000Z',
  key,
  line: {
    title: 'P2 SLA breached',
    detail: 'Lee on x: where is my parcel',
    url: `https://r.example/cases/${key}`,
  },
  ...overrides,
});

describe('groupHeldAlerts', () => {
  it('groups by key in the order things happened, however they were held', () => {
    const groups = groupHeldAlerts([
      held('e3', 'case-a', '2026-05-04T09:29:00.000Z'),
      held('e1', 'case-b', '2026-05-04T09:27:00.000Z'),
      held('e2', 'case-a', '2026-05-04T09:28:00.000Z'),
    ]);
    expect(groups.map((group) => group.key)).toEqual(['case-b', 'case-a']);
    expect(groups[1]?.alerts.map((alert) => alert.eventId)).toEqual(['e2', 'e3']);
    expect(groups[1]?.latest.eventId).toBe('e3');
  });
});

describe('slackHeldDigest', () => {
  it('counts every held alert, links each case once and escapes user text', () => {
    const message = slackHeldDigest(
      groupHeldAlerts([
        held('e1', 'case-a', '2026-05-04T09:27:00.000Z'),
        held('e2', 'case-a', '2026-05-04T09:28:00.000Z'),
        held('e3', 'case-b', '2026-05-04T09:28:00.000Z', {
          line: { title: 'P1 SLA breached', detail: 'Dana: down <!channel> @here' },
        }),
      ]),
    );
    const text = JSON.stringify(message.blocks);
    expect(message.text).toMatch(/^3 more alerts held/);
    expect(text).toContain('<https://r.example/cases/case-a|P2 SLA breached>');
    expect(text).toContain('(2 alerts)');
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('@\u200bhere');
  });
});

describe('pagerDutyHeldUpdate', () => {
  const trigger = (summary: string): PagerDutyEvent => ({
    event_action: 'trigger',
    dedup_key: 'incident:inc_1',
    payload: {
      summary,
      source: 'social-responder/incidents',
      severity: 'critical',
      timestamp: '2026-05-04T09:21:00.000Z',
      component: 'incidents',
      group: 'acme',
      class: 'incident',
      custom_details: {},
    },
    client: 'Social responder',
  });

  it('sends the newest event of a key, saying how many updates it stands for', () => {
    const [group] = groupHeldAlerts<PagerDutyEvent>([
      held('e1', 'incident:inc_1', '2026-05-04T09:21:00.000Z', { payload: trigger('40 cases') }),
      held('e2', 'incident:inc_1', '2026-05-04T09:22:00.000Z', { payload: trigger('80 cases') }),
    ] as HeldAlert<PagerDutyEvent>[]);
    const event = pagerDutyHeldUpdate(group as NonNullable<typeof group>);
    expect(event).toMatchObject({
      event_action: 'trigger',
      dedup_key: 'incident:inc_1',
      payload: { summary: '80 cases', custom_details: { held_updates: 2 } },
    });
  });

  it('sends a resolve as it is: nothing held before it needs paging any more', () => {
    const [group] = groupHeldAlerts<PagerDutyEvent>([
      held('e1', 'case-a', '2026-05-04T09:21:00.000Z', { payload: trigger('P1') }),
      held('e2', 'case-a', '2026-05-04T09:22:00.000Z', {
        payload: { event_action: 'resolve', dedup_key: 'case-a' },
      }),
    ] as HeldAlert<PagerDutyEvent>[]);
    expect(pagerDutyHeldUpdate(group as NonNullable<typeof group>)).toEqual({
      event_action: 'resolve',
      dedup_key: 'case-a',
    });
  });
});
