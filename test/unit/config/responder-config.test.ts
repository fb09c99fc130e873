import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, parseConfig } from '../../../shared/domain/config/responder-config';

const example = (): Record<string, unknown> =>
  JSON.parse(readFileSync(join(__dirname, '../../../config/example.json'), 'utf8'));

const problemOf = (input: unknown): string => {
  try {
    parseConfig(input);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return 'valid';
};

const policy = (overrides: Record<string, unknown>) => ({
  id: 'vip',
  targets: {
    P1: { firstResponse: '15m' },
    P2: { firstResponse: '1h' },
    P3: { firstResponse: '4h' },
    P4: { firstResponse: '1d' },
  },
  escalation: { levels: [{ level: 1, after: '0m', channels: ['slack'] }] },
  ...overrides,
});

describe('parseConfig', () => {
  it('accepts the example configuration', () => {
    expect(problemOf(example())).toBe('valid');
  });

  it('refuses a misspelt channel by its path, so no level notifies nobody', () => {
    const config = {
      sla: {
        policies: [
          policy({ escalation: { levels: [{ level: 1, after: '0m', channels: ['pager'] }] } }),
        ],
      },
    };
    expect(problemOf(config)).toMatch(/sla\.policies\.0\.escalation\.levels\.0\.channels\.0/);
  });

  it('refuses misspelt and unknown keys by name, at any depth', () => {
    expect(problemOf({ retension: { mentionTextDays: 30 } })).toMatch(/retension/);
    expect(problemOf({ retention: { mentionTextDay: 30 } })).toMatch(/mentionTextDay/);
    expect(problemOf({ channels: { slack: { url: 'https://hooks.slack.com/x' } } })).toMatch(
      /slack/,
    );
  });

  it('refuses a policy naming a brand that is not configured', () => {
    const config = {
      brands: [{ id: 'acme', name: 'Acme' }],
      sla: { policies: [policy({ match: { brands: ['acme', 'globex'] } })] },
    };
    expect(problemOf(config)).toMatch(
      /sla\.policies\.0\.match\.brands\.1: policy vip names brand "globex", which is not configured/,
    );
  });
});
