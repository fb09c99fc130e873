/**
 * The escalation path as AWS runs it, as far as one machine allows: the local runtime's bus takes
 * its rules from the synthesized CloudFormation template (patterns and target inputs exactly as
 * deployed, rendered as EventBridge renders them), so the sweeper's event reaches the notifier
 * through the deployed rule's input transformer, and the alert reaches the sink.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { REPOSITORY_ROOT } from '../../infra/aws/constructs/responder-function';
import type { BusRule } from '../../infra/local/event-bus';
import type { Case } from '../../shared/contracts/case';
import type { BusEvent } from '../../shared/contracts/events';
import { eventually } from '../support/eventually';
import { synthStack } from '../support/synth-stack';
import { rulesFromTemplate } from '../support/template-rules';
import { useLocalRuntime } from './support';

let templateRules: BusRule[] = [];
beforeAll(() => {
  const { template } = synthStack({
    configPath: join(REPOSITORY_ROOT, 'config', 'example.json'),
    skipBundling: true,
  });
  templateRules = rulesFromTemplate(template.toJSON());
}, 120_000);

describe('escalation through the deployed rules', () => {
  const local = useLocalRuntime({ eventRules: () => templateRules });
  const { clock, api } = local;

  it('delivers the SLA warning the sweeper raises to Slack', async () => {
    expect(templateRules.length).toBeGreaterThan(0);
    const events: BusEvent[] = [];
    const unsubscribe = local.runtime.events.subscribe((event) => events.push(event));
    const body = JSON.stringify({
      type: 'mention.created',
      timestamp: new Date().toISOString(),
      data: {
        id: `gen-${randomUUID()}`,
        source: 'generic',
        text: 'Your heater caught fire in my kitchen and I burned my hand. Call me today, this is dangerous.',
        author: { id: 'cust-8812', name: 'Ana Ruiz', handle: 'anaruiz', followers: 900 },
        createdAt: new Date().toISOString(),
      },
    });
    const response = await local.postGeneric(body);
    expect(response.status).toBeLessThan(300);
    const { items } = await eventually(
      () => api<{ items: { caseId: string }[] }>('/cases'),
      (page) => page.items.length === 1,
    );
    const caseId = items[0]?.caseId ?? '';
    const opened = (await api<{ case: Case }>(`/cases/${encodeURIComponent(caseId)}`)).case;
    const dueAt = opened.sla?.next?.dueAt;
    if (!dueAt) throw new Error('the case has no pending SLA step');

    clock.advance(Date.parse(dueAt) - clock.now().getTime() + 1_000);
    const warning = await eventually(
      () => events.find((event) => event['detail-type'] === 'Case SLA Warning'),
      (event) => event !== undefined,
    );
    await local.runtime.events.settled();
    unsubscribe();

    expect(warning?.detail).toMatchObject({ caseId, channels: ['slack'] });
    const alerts = local.runtime.sink.alerts.filter((alert) =>
      JSON.stringify(alert.body).includes(caseId),
    );
    expect(alerts.map((alert) => alert.channel)).toEqual(['slack']);
    expect(JSON.stringify(alerts[0]?.body)).toContain('SLA warning');
    const timeline = (
      await api<{ case: Case; timeline: { type: string }[] }>(
        `/cases/${encodeURIComponent(caseId)}`,
      )
    ).timeline;
    expect(timeline?.map((entry) => entry.type)).toContain('delivered');
  });
});
