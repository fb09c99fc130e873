import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseConfig } from '../../../shared/domain/config/responder-config';
import { selectPolicy, startSlaClock } from '../../../shared/domain/sla/deadlines';
import { escalationLadder } from '../../../shared/domain/sla/escalation-ladder';

/** The complete configuration example in docs/escalation.md, as a reader would copy it. */
const documentedConfig = (): unknown => {
  const text = readFileSync(join(__dirname, '../../../docs/escalation.md'), 'utf8');
  const block = /```json\n([\s\S]*?)\n```/.exec(text)?.[1];
  if (!block) throw new Error('docs/escalation.md has no json example');
  return JSON.parse(block);
};

describe('docs/escalation.md example', () => {
  const config = parseConfig(documentedConfig(), 'docs/escalation.md');

  it('is a valid configuration whose office-hours policy carries its calendar', () => {
    const policy = selectPolicy(config.sla.policies, { brand: 'acme', source: 'trustpilot' });
    expect(policy.id).toBe('reviews-office-hours');
    expect(policy.businessCalendar?.timeZone).toBe('Europe/Berlin');
    expect(selectPolicy(config.sla.policies, { brand: 'acme', source: 'x' }).id).toBe(
      'round-the-clock',
    );
  });

  it('puts a one-hour target set at 15:30 on a Friday at 08:30 on Monday, as the text says', () => {
    const policy = selectPolicy(config.sla.policies, { brand: 'acme', source: 'trustpilot' });
    // Friday 6 March 2026, 15:30 in Berlin (UTC+1).
    const sla = startSlaClock({
      policy,
      priority: 'P1',
      clock: 'first_response',
      startedAt: new Date('2026-03-06T14:30:00Z'),
    });
    expect(sla?.dueAt).toBe('2026-03-09T07:30:00.000Z');
  });

  it('sends level 3 of the 24/7 policy to SNS and the webhook for P1 only', () => {
    const policy = selectPolicy(config.sla.policies, { brand: 'acme', source: 'x' });
    const ladder = (priority: 'P1' | 'P2') =>
      escalationLadder({
        policy,
        priority,
        startedAt: new Date('2026-03-06T14:30:00Z'),
        dueAt: new Date('2026-03-06T14:45:00Z'),
      });
    expect(ladder('P1').at(-1)).toMatchObject({ level: 3, channels: ['sns', 'webhook'] });
    expect(ladder('P2').map((step) => step.level)).toEqual([0, 1, 2]);
  });
});
