/**
 * Replying and correcting triage from the case page, in real Chromium against the real local
 * runtime: the reply box sends through the cases API, the reply sender posts to the source's
 * integration (a loopback stand-in verifying the Standard Webhooks signature), and the page shows
 * each reply's state in its list and in the timeline; the correction form changes the case.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type * as z from 'zod';
import type { CaseSummary } from '../../shared/contracts/case';
import type { CaseDetailResponse, LabelsResponse } from '../../shared/contracts/cases-api';
import { API_TOKEN, useLocalRuntime } from '../../test/e2e/support';
import { eventually } from '../../test/support/eventually';
import { type StandIn, startIntegrationStandIn } from '../../test/support/platform-stand-ins';
import { TEST_SECRETS } from '../../test/support/signed-webhooks';
import { screenshot, seriousAccessibilityViolations, useChromium } from './support/browser';
import { mentionCreated } from './support/mentions';

type CaseDetail = z.infer<typeof CaseDetailResponse>;

let integration: StandIn;
let configFile: string;
beforeAll(async () => {
  integration = await startIntegrationStandIn(TEST_SECRETS.GENERIC_WEBHOOK_SECRETS);
  configFile = join(mkdtempSync(join(tmpdir(), 'console-replies-')), 'config.json');
  writeFileSync(
    configFile,
    JSON.stringify({ replies: { webhookUrls: { generic: integration.url } } }),
  );
});
afterAll(() => integration?.stop());

/** What the integration was asked to post, in order. */
const requested = () =>
  integration.requests.map(
    (request) => (request.body as { data: { visibility: string; text: string } }).data,
  );

describe('operator console: replies and triage corrections', () => {
  const local = useLocalRuntime({ env: () => ({ RESPONDER_CONFIG: configFile }) });
  const { api } = local;
  const { freshPage } = useChromium();

  const openCase = async (caseId: string): Promise<Page> => {
    const page = await freshPage();
    await page.goto(`${local.runtime.url}/cases/${caseId}#token=${API_TOKEN}`);
    return page;
  };

  /** A customer's post through the signed generic webhook; resolves to its case once triaged. */
  const caseFromPost = async (text: string, name: string): Promise<CaseDetail> => {
    const authorId = `a-${randomUUID().slice(0, 8)}`;
    const response = await local.postGeneric(
      mentionCreated({
        text,
        author: { id: authorId, name, handle: name.toLowerCase().replaceAll(' ', '') },
      }).body,
    );
    expect(response.status).toBe(200);
    const summary = await eventually(
      async () =>
        (await api<{ items: CaseSummary[] }>('/cases?limit=100&needsReply=any')).items.find(
          (item) => item.author.id === authorId,
        ),
      (found) => found !== undefined,
    );
    return api<CaseDetail>(`/cases/${encodeURIComponent(summary?.caseId ?? '')}`);
  };

  it('sends a public reply and shows it queued, then sent, in the list and the timeline', async () => {
    const before = integration.requests.length;
    const { case: opened } = await caseFromPost(
      'My order #7781 arrived broken. Who do I talk to?',
      'Rosa Diaz',
    );
    const page = await openCase(opened.caseId);
    await page.getByRole('heading', { name: 'Rosa Diaz' }).waitFor();
    const text = 'Sorry Rosa, that should not happen. We are sending a replacement today.';
    await page.getByLabel(/^Reply/).fill(text);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('status').filter({ hasText: 'Send public reply: done.' }).waitFor();

    // The page follows the reply until the sender has posted it.
    const reply = page.getByRole('list', { name: 'Replies from this case' }).locator('li').first();
    await reply.locator('.badge', { hasText: 'Sent' }).waitFor();
    await expect(reply.textContent()).resolves.toContain(text);
    await page
      .locator('.timeline .event.responded', { hasText: 'public on generic' })
      .locator('.badge', { hasText: 'Sent' })
      .waitFor();
    await page.locator('.timeline .event.reply_queued', { hasText: text }).waitFor();
    expect(requested().slice(before)).toEqual([
      expect.objectContaining({ visibility: 'public', text }),
    ]);
    expect(integration.problems).toEqual([]);

    const after = await api<CaseDetail>(`/cases/${opened.caseId}`);
    expect(after.replies).toEqual([expect.objectContaining({ state: 'sent', text })]);
    expect(after.case.status).toBe('responded');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'reply');
  });

  it('takes it private: the public reply first, then the direct message', async () => {
    const before = integration.requests.length;
    const { case: opened } = await caseFromPost(
      'You charged my card twice for order #8812. Fix it now.',
      'Omar Haddad',
    );
    const page = await openCase(opened.caseId);
    await page.getByRole('heading', { name: 'Omar Haddad' }).waitFor();
    await page.getByLabel('Take it private: public reply, then a direct message').check();
    const publicText = 'Sorry Omar, we will sort this out. Sending you a message now.';
    const privateText = 'Hi Omar, could you send us the last four digits of the card?';
    await page.getByLabel(/^Public reply/).fill(publicText);
    await page.getByLabel(/^Then privately/).fill(privateText);
    await page.getByRole('button', { name: 'Send both' }).click();
    await page.getByRole('status').filter({ hasText: 'Take it private: done.' }).waitFor();

    const replies = page.getByRole('list', { name: 'Replies from this case' }).locator('li');
    await expect(replies.count()).resolves.toBe(2);
    await replies.locator('.badge', { hasText: 'Sent' }).nth(1).waitFor();
    expect(requested().slice(before)).toEqual([
      expect.objectContaining({ visibility: 'public', text: publicText }),
      expect.objectContaining({ visibility: 'private', text: privateText }),
    ]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('shows why a reply failed when the integration refuses it', async () => {
    const { case: opened } = await caseFromPost(
      'The app deleted my saved addresses again.',
      'Ivy Chen',
    );
    const page = await openCase(opened.caseId);
    await page.getByRole('heading', { name: 'Ivy Chen' }).waitFor();
    integration.failNext({ status: 400, body: { error: 'thread is locked' } });
    await page.getByLabel(/^Reply/).fill('Sorry Ivy, we are on it.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const reply = page.getByRole('list', { name: 'Replies from this case' }).locator('li').first();
    await reply.locator('.badge', { hasText: 'Failed' }).waitFor();
    await expect(reply.locator('.reply-problem').textContent()).resolves.toMatch(
      /refused the reply \(400\); nothing was posted/,
    );
    await page
      .locator('.timeline .event.reply_failed')
      .locator('.badge', { hasText: 'Failed' })
      .waitFor();
    expect((await api<CaseDetail>(`/cases/${opened.caseId}`)).case.status).not.toBe('responded');
  });

  it('corrects triage from the case page: the case changes and the mention keeps the label', async () => {
    const { case: opened } = await caseFromPost(
      'Just wanted to say the new checkout is lovely.',
      'Tom Reed',
    );
    const page = await openCase(opened.caseId);
    await page.getByRole('heading', { name: 'Tom Reed' }).waitFor();
    const priority = opened.priority === 'P1' ? 'P2' : 'P1';
    await page.getByLabel('Priority', { exact: true }).selectOption(priority);
    await page.getByLabel('Sentiment', { exact: true }).selectOption('negative');
    if (!opened.intents.includes('complaint'))
      await page.getByLabel('complaint', { exact: true }).check();
    await page.getByRole('button', { name: /^Save correction/ }).click();
    await page.getByRole('status').filter({ hasText: 'Correct triage: done.' }).waitFor();
    await page.locator('.timeline .event.triage_corrected').waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    const after = await api<CaseDetail>(`/cases/${opened.caseId}`);
    expect(after.case).toMatchObject({ priority, sentiment: 'negative' });
    expect(after.case.intents).toContain('complaint');
    const labels = await api<z.infer<typeof LabelsResponse>>('/labels');
    const labelled = labels.items.find((mention) => mention.caseId === opened.caseId);
    expect(labelled?.label).toMatchObject({
      priority,
      sentiment: 'negative',
      by: 'local-operator',
    });
    // Nothing left to save once the page shows the corrected case.
    await expect(page.getByRole('button', { name: /^Save correction/ }).isDisabled()).resolves.toBe(
      true,
    );
  });
});
