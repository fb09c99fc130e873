/**
 * Incidents in the console, in real Chromium against the real local runtime: a spike of signed
 * complaints opens an incident (threshold lowered to 4), the list and the incident page show its
 * topic, start, counts over time, sample mentions, alerts and cases, the alert links lead there,
 * one reply from the page reaches every case's customer through the source's integration (a
 * loopback stand-in verifying the Standard Webhooks signature), and resolving it from the page
 * resolves every case through the API.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type * as z from 'zod';
import type { CaseResponse } from '../../shared/contracts/cases-api';
import type {
  IncidentDetailResponse,
  IncidentListResponse,
} from '../../shared/contracts/incidents-api';
import { API_TOKEN, useLocalRuntime } from '../../test/e2e/support';
import { eventually } from '../../test/support/eventually';
import { type StandIn, startIntegrationStandIn } from '../../test/support/platform-stand-ins';
import { TEST_SECRETS } from '../../test/support/signed-webhooks';
import {
  DESKTOP,
  horizontalOverflow,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  useChromium,
} from './support/browser';
import { mentionCreated } from './support/mentions';

type IncidentList = z.infer<typeof IncidentListResponse>;
type IncidentDetail = z.infer<typeof IncidentDetailResponse>;

const STORM = [
  'The app is down, I cannot log in to pay my bill',
  'Is it just me or is the website down? Nothing loads',
  'App not loading at all since this morning, what is going on',
  'Your site is down again and I need my boarding pass',
];

let integration: StandIn;
let configFile: string;
beforeAll(async () => {
  integration = await startIntegrationStandIn(TEST_SECRETS.GENERIC_WEBHOOK_SECRETS);
  configFile = join(mkdtempSync(join(tmpdir(), 'console-incidents-')), 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({
      incidents: { minCount: STORM.length },
      replies: { webhookUrls: { generic: integration.url } },
    }),
  );
});
afterAll(() => integration?.stop());

describe('operator console: incidents', () => {
  const local = useLocalRuntime({ env: () => ({ RESPONDER_CONFIG: configFile }) });
  const { api } = local;
  const { freshPage } = useChromium();

  const signedIn = async (path: string, options = DESKTOP): Promise<Page> => {
    const page = await freshPage(options);
    await page.goto(`${local.runtime.url}${path}#token=${API_TOKEN}`);
    return page;
  };

  let incident: IncidentDetail['incident'];

  beforeAll(async () => {
    for (const [index, text] of STORM.entries()) {
      const response = await local.postGeneric(
        mentionCreated({
          text,
          author: { id: `storm-${index}-${randomUUID().slice(0, 6)}`, name: `Storm ${index}` },
        }).body,
      );
      expect(response.status).toBe(200);
    }
    const [found] = (
      await eventually(
        () => api<IncidentList>('/incidents'),
        (list) => (list.items[0]?.caseCount ?? 0) >= STORM.length,
        // Triage under a loaded machine: the whole spike, however slow.
        90_000,
      )
    ).items;
    if (!found) throw new Error('no incident opened');
    incident = found;
  }, 120_000);

  it('lists the incident and shows its topic, start, counts, samples, alerts and cases', async () => {
    const page = await signedIn('/incidents');
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    const row = page.getByRole('list', { name: 'Incidents, newest first' }).getByRole('link');
    await row.first().waitFor();
    await expect(row.count()).resolves.toBe(1);
    await expect(row.first().textContent()).resolves.toMatch(/Outage.*open.*4 cases/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await row.first().click();
    await page.waitForURL(new RegExp(`/incidents/${incident.incidentId}$`));
    await page.getByRole('heading', { name: 'Outage', level: 1 }).waitFor();
    const cases = page.getByRole('list', { name: 'Cases in this incident' }).getByRole('link');
    await cases.first().waitFor();
    await expect(cases.count()).resolves.toBe(STORM.length);
    await expect(page.locator('.case-head').textContent()).resolves.toContain('urgency:outage');
    await expect(
      page
        .locator('figure.chart', { hasText: 'Cases joining over time' })
        .locator('svg')
        .getAttribute('aria-label'),
    ).resolves.toContain(`cases joined ${STORM.length}`);
    const samples = page.locator('.samples > li');
    await expect(samples.count()).resolves.toBeGreaterThan(0);
    const { incident: withSamples } = await eventually(
      () => api<IncidentDetail>(`/incidents/${incident.incidentId}`),
      (detail) => detail.incident.samples.length > 0,
    );
    const sample = withSamples.samples[0];
    await expect(samples.first().textContent()).resolves.toContain(
      sample?.excerpt.slice(0, 20) ?? '?',
    );
    await expect(
      samples.first().getByRole('link', { name: 'Open case' }).getAttribute('href'),
    ).resolves.toBe(`/cases/${sample?.caseId}`);
    const alerts = page.getByRole('region', { name: 'Alerts' });
    await expect(alerts.textContent()).resolves.toContain('slack');
    await expect(alerts.textContent()).resolves.toContain('pagerduty');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'incident');

    // Each case says it belongs to the incident and leads back to it.
    await cases.first().click();
    await page.waitForURL(/\/cases\//);
    await page.getByRole('link', { name: 'an incident' }).click();
    await page.getByRole('heading', { name: 'Outage', level: 1 }).waitFor();
  });

  it('is where the incident alerts of the local runtime link', async () => {
    const link = `${local.runtime.url}/incidents/${encodeURIComponent(incident.incidentId)}`;
    const alerts = await eventually(
      () => local.runtime.sink.alerts.filter((alert) => JSON.stringify(alert.body).includes(link)),
      (found) =>
        found.some((alert) => alert.channel === 'slack') &&
        found.some((alert) => alert.channel === 'pagerduty'),
      60_000,
    );
    expect(alerts.length).toBeGreaterThanOrEqual(2);
    const page = await signedIn(new URL(link).pathname);
    await page.getByRole('heading', { name: 'Outage', level: 1 }).waitFor();
  });

  it('fits a phone screen', async () => {
    const page = await signedIn(`/incidents/${incident.incidentId}`, PHONE);
    await page.getByRole('heading', { name: 'Outage', level: 1 }).waitFor();
    await page
      .getByRole('list', { name: 'Cases in this incident' })
      .getByRole('link')
      .first()
      .waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    const box = await page.getByRole('button', { name: /Resolve the incident/ }).boundingBox();
    expect(box?.x).toBeGreaterThanOrEqual(0);
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await page.goto(`${local.runtime.url}/incidents`);
    await page
      .getByRole('list', { name: 'Incidents, newest first' })
      .getByRole('link')
      .first()
      .waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('answers every case of the incident with one reply from the page', async () => {
    const text = 'We know the app is down and are on it; we will post here once it is back.';
    const page = await signedIn(`/incidents/${incident.incidentId}`);
    await page.getByLabel('Reply or status update').fill(text);
    await page.getByRole('button', { name: 'Reply to every open case' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${STORM.length} queued, 0 already requested, 0 skipped` })
      .waitFor();

    // The integration is asked once per case, each for its own customer's post.
    const posted = await eventually(
      () =>
        integration.requests
          .map((request) => request.body as { data: { text: string; caseId: string } })
          .filter((body) => body.data.text === text),
      (found) => found.length >= STORM.length,
      60_000,
    );
    const { cases } = await api<IncidentDetail>(`/incidents/${incident.incidentId}`);
    expect(posted.map((body) => body.data.caseId).sort()).toEqual(
      cases.map((each) => each.caseId).sort(),
    );
    const { case: stored } = await api<z.infer<typeof CaseResponse>>(
      `/cases/${cases[0]?.caseId ?? ''}`,
    );
    expect(stored.status).not.toBe('resolved');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('resolves the incident and every case in it from the page', async () => {
    const page = await signedIn(`/incidents/${incident.incidentId}`);
    await page.getByLabel(/Why it is over/).fill('the app is back up');
    await page
      .getByRole('button', { name: `Resolve the incident and its ${STORM.length} cases` })
      .click();
    await page
      .getByRole('status')
      .filter({ hasText: `Resolved: ${STORM.length} cases resolved now, 0 already resolved` })
      .waitFor();
    await page.locator('.badge.incident-status.resolved').waitFor();

    const after = await api<IncidentDetail>(`/incidents/${incident.incidentId}`);
    expect(after.incident.status).toBe('resolved');
    expect(after.incident.resolvedBy?.id).toBe('local-operator');
    expect(after.cases.map((each) => each.status)).toEqual(STORM.map(() => 'resolved'));
    const first = after.cases[0]?.caseId ?? '';
    const { case: stored } = await api<z.infer<typeof CaseResponse>>(`/cases/${first}`);
    expect(stored.status).toBe('resolved');
    await expect(page.locator('.incident-status').first().textContent()).resolves.toBe('resolved');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });
});
