/**
 * The deploy guide's smoke test, run against the local runtime: every check passes and it finds
 * its own case through the list filtered by its run's source, among cases of other sources.
 */
import { runSmokeTest } from '../../scripts/smoke-test';
import { TEST_SECRETS } from '../support/signed-webhooks';
import { API_TOKEN, useLocalRuntime } from './support';

jest.setTimeout(90_000);

describe('smoke test', () => {
  const local = useLocalRuntime();

  it('passes every check and names the case its mention opened, for the brand it was given', async () => {
    const other = JSON.stringify({
      type: 'mention.created',
      timestamp: new Date().toISOString(),
      data: {
        id: 'other-1',
        source: 'g2',
        text: 'Support never answered my ticket.',
        author: { id: 'someone-else' },
        createdAt: new Date().toISOString(),
      },
    });
    const posted = await local.postGeneric(other);
    expect(posted.status).toBe(200);

    const lines: string[] = [];
    const caseId = await runSmokeTest(
      {
        apiUrl: local.runtime.url,
        webhookSecret: TEST_SECRETS.GENERIC_WEBHOOK_SECRETS,
        token: API_TOKEN,
        brand: 'default',
        timeoutSeconds: 60,
      },
      (line) => lines.push(line),
    );

    const detail = await local.api<{ case: { brand: string; source: string } }>(`/cases/${caseId}`);
    expect(detail.case.brand).toBe('default');
    expect(detail.case.source).toMatch(/^smoke-[0-9a-f]{8}$/);
    expect(lines.filter((line) => line.startsWith('✓'))).toHaveLength(5);
    expect(lines.at(-1)).toBe(`smoke test passed: case ${caseId}`);
  });
});
