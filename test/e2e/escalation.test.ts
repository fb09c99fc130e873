/**
 * Escalation end to end on one machine: an urgent mention becomes a case; as the business clock
 * moves, the SLA warning and level 1 reach the Slack sink and level 2 pages the PagerDuty sink
 * with the case id as dedup_key; an agent's response through the API resolves that incident with
 * the same key, and nothing more is raised afterwards. Every alert links to the local console.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Case } from '../../shared/contracts/case';
import { eventually } from '../support/eventually';
import { useLocalRuntime } from './support';

/** A safety report from the customer with `handle` (each test has its own, so its own case). */
const urgentMention = (handle: string) => ({
  type: 'mention.created',
  timestamp: new Date().toISOString(),
  data: {
    id: `gen-${randomUUID()}`,
    source: 'generic',
    text: 'The charger you sold me caught fire on my desk last night and burned my hand. This is dangerous, I need someone to call me today.',
    author: { id: `cust-${handle}`, name: 'Sam Okafor', handle, followers: 2300 },
    createdAt: new Date().toISOString(),
    url: 'https://community.example.com/posts/5521',
  },
});

describe('escalation', () => {
  const local = useLocalRuntime();
  const { clock, api } = local;

  const caseNow = async (caseId: string) =>
    (await api<{ case: Case }>(`/cases/${encodeURIComponent(caseId)}`)).case;

  const alertsFor = (caseId: string) =>
    local.runtime.sink.alerts.filter((alert) => JSON.stringify(alert.body).includes(caseId));

  const pagerDutyEvents = (caseId: string) =>
    local.runtime.sink.alerts
      .filter((alert) => alert.channel === 'pagerduty')
      .map((alert) => alert.body as { event_action: string; dedup_key: string })
      .filter((event) => event.dedup_key === caseId);

  /** Moves business time to `at` (plus a second) and lets the sweep and notifier finish. */
  const advanceTo = async (at: string | undefined, expectedAlerts: number, caseId: string) => {
    if (!at) throw new Error('the case has no pending escalation step');
    clock.advance(Math.max(0, Date.parse(at) - clock.now().getTime()) + 1_000);
    await eventually(
      () => alertsFor(caseId).length,
      (count) => count >= expectedAlerts,
    );
    await local.runtime.events.settled();
  };

  /** Posts a new customer's safety report and waits for its case. */
  const openUrgentCase = async () => {
    const handle = `sam${randomUUID().slice(0, 8)}`;
    const response = await local.postGeneric(JSON.stringify(urgentMention(handle)));
    expect(response.status).toBeLessThan(300);
    return (await local.caseOf(handle)).caseId;
  };

  /** Walks a case `steps` steps up its ladder, each step's alert reaching the sink first. */
  const escalate = async (caseId: string, steps: number) => {
    for (let step = 1; step <= steps; step += 1) {
      await advanceTo((await caseNow(caseId)).sla?.next?.dueAt, step, caseId);
    }
  };

  it('opens a P1 or P2 case with a running first-response clock', async () => {
    const opened = await caseNow(await openUrgentCase());
    expect(['P1', 'P2']).toContain(opened.priority);
    expect(opened.sla?.next).toMatchObject({ kind: 'warning', level: 0 });
  });

  it('sends the warning to Slack at 80% of the target', async () => {
    const caseId = await openUrgentCase();
    await escalate(caseId, 1);
    const [warning] = alertsFor(caseId);
    expect(warning?.channel).toBe('slack');
    expect(JSON.stringify(warning?.body)).toContain('SLA warning');
  });

  it('sends level 1 to Slack at the breach', async () => {
    const caseId = await openUrgentCase();
    await escalate(caseId, 1);
    const current = await caseNow(caseId);
    expect(current.sla?.next).toMatchObject({ kind: 'level', level: 1 });
    await advanceTo(current.sla?.next?.dueAt, 2, caseId);
    const levelOne = alertsFor(caseId)[1];
    expect(levelOne?.channel).toBe('slack');
    expect(JSON.stringify(levelOne?.body)).toContain('level 1');
    expect(JSON.stringify(levelOne?.body)).toContain(`"value":"${caseId}"`);
    // Its "Open case" button leads to the case page of the console npm start serves.
    expect(JSON.stringify(levelOne?.body)).toContain(
      `"url":"${local.runtime.url}/cases/${encodeURIComponent(caseId)}"`,
    );
  });

  it('pages PagerDuty at level 2 with the case id as dedup_key', async () => {
    const caseId = await openUrgentCase();
    await escalate(caseId, 2);
    const current = await caseNow(caseId);
    expect(current.sla?.next).toMatchObject({ kind: 'level', level: 2 });
    await advanceTo(current.sla?.next?.dueAt, 3, caseId);
    expect(pagerDutyEvents(caseId)).toEqual([
      expect.objectContaining({
        event_action: 'trigger',
        dedup_key: caseId,
        links: [
          { href: `${local.runtime.url}/cases/${encodeURIComponent(caseId)}`, text: 'Open case' },
        ],
      }),
    ]);
    const paged = await caseNow(caseId);
    expect(paged.paged).toBe(true);
    expect(paged.sla?.next).toBeUndefined();
  });

  it('resolves the incident with the same key when an agent responds, and raises nothing more', async () => {
    const caseId = await openUrgentCase();
    await escalate(caseId, 3);
    expect(pagerDutyEvents(caseId).map((event) => event.event_action)).toEqual(['trigger']);
    const { version } = await caseNow(caseId);
    await api(`/cases/${encodeURIComponent(caseId)}/respond`, {
      method: 'POST',
      body: JSON.stringify({
        version,
        text: 'So sorry, Sam. Please stop using the charger; we are calling you now.',
      }),
    });
    await eventually(
      () => pagerDutyEvents(caseId).map((event) => event.event_action),
      (actions) => actions.includes('resolve'),
    );
    const before = alertsFor(caseId).length;
    clock.advance(2 * 60 * 60_000);
    await sleep(500);
    await local.runtime.events.settled();
    expect(pagerDutyEvents(caseId).map((event) => event.event_action)).toEqual([
      'trigger',
      'resolve',
    ]);
    expect(alertsFor(caseId)).toHaveLength(before);

    const { timeline } = await api<{
      timeline: { type: string; detail: Record<string, unknown> }[];
    }>(`/cases/${encodeURIComponent(caseId)}`);
    const escalation = timeline
      .filter((entry) => ['warned', 'escalated'].includes(entry.type))
      .map((entry) => `${entry.type}:${String(entry.detail.level)}`);
    expect(escalation).toEqual(['warned:0', 'escalated:1', 'escalated:2']);
    const delivered = timeline
      .filter((entry) => entry.type === 'delivered')
      .map((entry) => String(entry.detail.channel));
    expect(delivered.sort()).toEqual(['pagerduty', 'pagerduty', 'slack', 'slack']);
  });
});
