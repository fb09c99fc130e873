/**
 * The operator console in real Chromium against the real local runtime: signed webhooks become
 * cases in the queue, the case page tells the whole story, and its actions change the case
 * through the API, a version conflict included.
 */
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import type * as z from 'zod';
import type { CaseSummary } from '../../shared/contracts/case';
import type { CaseDetailResponse } from '../../shared/contracts/cases-api';
import type { ReportSummary } from '../../shared/contracts/report-summary';
import { API_TOKEN, useLocalRuntime } from '../../test/e2e/support';
import { eventually } from '../../test/support/eventually';
import {
  DESKTOP,
  horizontalOverflow,
  PHONE,
  screenshot,
  seriousAccessibilityViolations,
  useChromium,
} from './support/browser';
import { type MentionInput, mentionCreated } from './support/mentions';

type CaseDetail = z.infer<typeof CaseDetailResponse>;

describe('operator console', () => {
  const local = useLocalRuntime();
  const { api } = local;
  const { freshPage } = useChromium();

  /** Opens a console path signed in through the `#token=` link `npm start` prints. */
  const signedIn = async (path = '/', options = DESKTOP): Promise<Page> => {
    const page = await freshPage(options);
    await page.goto(`${local.runtime.url}${path}#token=${API_TOKEN}`);
    return page;
  };

  const postMention = async (input: MentionInput): Promise<string> => {
    const { id, body } = mentionCreated(input);
    const response = await local.postGeneric(body);
    expect(response.status).toBe(200);
    return id;
  };

  /** The case of an author once triage has written it (and every expected mention). */
  const caseOf = async (authorId: string, mentions = 1): Promise<CaseDetail> => {
    const summary = await eventually(
      async () =>
        (await api<{ items: CaseSummary[] }>('/cases?limit=100&needsReply=any')).items.find(
          (item) => item.author.id === authorId,
        ),
      (found) => found !== undefined,
    );
    return eventually(
      () => api<CaseDetail>(`/cases/${encodeURIComponent(summary?.caseId ?? '')}`),
      (detail) => detail.mentions.length >= mentions,
    );
  };

  const author = (name: string, followers = 1200) => ({
    id: `a-${randomUUID().slice(0, 8)}`,
    name,
    handle: name.toLowerCase().replaceAll(' ', ''),
    followers,
  });

  it('shows a sign-in page and no case data when nobody is signed in', async () => {
    const dana = author('Dana Reyes');
    await postMention({
      text: 'My refund for order #4411 never arrived. Three weeks now!',
      author: dana,
    });
    const { case: stored } = await caseOf(dana.id);

    const page = await freshPage();
    const apiCalls: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/api/')) apiCalls.push(request.url());
    });
    await page.goto(`${local.runtime.url}/cases/${stored.caseId}`);
    await page.getByRole('heading', { name: 'Sign in to the operator console' }).waitFor();
    expect(await page.content()).not.toContain('refund');
    expect(apiCalls).toEqual([]);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    // A wrong token is refused by the API, and the console falls back to the sign-in page.
    await page.goto(`${local.runtime.url}/#token=not-the-token`);
    await page.getByRole('alert').filter({ hasText: 'Sign in again' }).waitFor();
    expect(await page.locator('.case-row').count()).toBe(0);
  });

  it('lists a signed webhook in the queue, by itself, with its deadline, author and reach', async () => {
    const page = await signedIn('/');
    await page.getByRole('heading', { name: 'Queue' }).waitFor();
    // The token left the address bar as soon as it was read.
    expect(new URL(page.url()).hash).toBe('');

    const sam = author('Sam Okafor', 48_200);
    await postMention({
      text: 'Your app charged me twice for the same order and support is silent. Fix this now!',
      author: sam,
    });
    // No reload: the queue refreshes itself.
    const row = page.locator('a.case-row', { hasText: 'Sam Okafor' });
    await row.waitFor({ timeout: 30_000 });
    await expect(row.textContent()).resolves.toMatch(/48\.2K followers/);
    await expect(row.textContent()).resolves.toMatch(/charged me twice/);
    await expect(row.locator('.countdown').textContent()).resolves.toMatch(/left|overdue/);
    await expect(row.locator('.badge.source').textContent()).resolves.toBe('generic');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'queue');

    // Filters live in the URL; the author search narrows the queue.
    await page.getByLabel('Author').fill('okafor');
    await page.getByLabel('Author').press('Enter');
    await page.waitForURL(/q=okafor/);
    await expect(page.locator('a.case-row').count()).resolves.toBe(1);
    const stored = await caseOf(sam.id);
    await page.getByRole('button', { name: stored.case.priority, exact: true }).click();
    await page.waitForURL(new RegExp(`priority=${stored.case.priority}`));
    await row.waitFor();

    // Keyboard: j focuses the first case, Enter opens it.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('j');
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/cases/${stored.case.caseId}$`));
    await page.getByRole('heading', { name: 'Sam Okafor' }).waitFor();
  });

  it('shows every mention of the conversation and the timeline, and its actions change the case', async () => {
    const lee = author('Lee Martin', 830);
    const conversationId = `thread-${randomUUID()}`;
    await postMention({
      text: 'Booked a flight, got charged, no ticket. Order #5521.',
      author: lee,
      conversationId,
    });
    await caseOf(lee.id);
    await postMention({
      text: 'Still nothing two hours later. I need that ticket today, please help.',
      author: lee,
      conversationId,
    });
    const { case: opened } = await caseOf(lee.id, 2);

    const page = await signedIn(`/cases/${opened.caseId}`);
    await page.getByRole('heading', { name: 'Lee Martin' }).waitFor();
    const mentions = page.locator('.mentions > li');
    await expect(mentions.count()).resolves.toBe(2);
    await expect(mentions.nth(0).textContent()).resolves.toContain('got charged, no ticket');
    await expect(mentions.nth(1).textContent()).resolves.toContain('two hours later');
    await expect(
      mentions.nth(0).getByRole('link', { name: 'Open on generic' }).getAttribute('href'),
    ).resolves.toMatch(/^https:\/\/community\.example\.com\/posts\//);
    await expect(page.locator('.timeline').first().textContent()).resolves.toContain('Case opened');
    await expect(page.locator('.reasons li').count()).resolves.toBeGreaterThan(0);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'case');

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.getByRole('status').filter({ hasText: 'Acknowledge: done.' }).waitFor();
    const acknowledged = await api<CaseDetail>(`/cases/${opened.caseId}`);
    expect(acknowledged.case.status).toBe('acknowledged');
    expect(acknowledged.case.acknowledgedBy).toBe('local-operator');

    // A reply made on the platform itself, recorded as the response.
    const reply = page.getByLabel('Text as posted');
    await reply.fill('Sorry Lee, your ticket is on its way: check your inbox in five minutes.');
    await page.getByRole('button', { name: 'Record response' }).click();
    await page.getByRole('status').filter({ hasText: 'Record response: done.' }).waitFor();
    const responded = await api<CaseDetail>(`/cases/${opened.caseId}`);
    expect(responded.case.status).toBe('responded');
    expect(responded.case.firstResponseAt).toBeDefined();
    expect(responded.timeline.find((entry) => entry.type === 'responded')?.detail).toMatchObject({
      text: 'Sorry Lee, your ticket is on its way: check your inbox in five minutes.',
    });

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('status').filter({ hasText: 'Resolve: done.' }).waitFor();
    expect((await api<CaseDetail>(`/cases/${opened.caseId}`)).case.status).toBe('resolved');
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
  });

  it("lists the customer's other cases, those of a linked identity included", async () => {
    const first = author('Noor Aziz');
    const second = author('Noor A.');
    await postMention({ text: 'My parcel #3310 went to the wrong city.', author: first });
    await postMention({ text: 'Still waiting for parcel #3310, any news?', author: second });
    const { case: earlier } = await caseOf(second.id);
    const { case: opened } = await caseOf(first.id);
    await api('/authors/links', {
      method: 'POST',
      body: JSON.stringify({
        authors: [
          { source: 'generic', id: first.id },
          { source: 'generic', id: second.id },
        ],
      }),
    });

    const page = await signedIn(`/cases/${opened.caseId}`);
    await page.getByRole('heading', { name: 'Noor Aziz' }).waitFor();
    const others = page.getByRole('list', { name: 'Other cases of this customer' });
    await others.locator('li').first().waitFor();
    await expect(others.locator('li').count()).resolves.toBe(1);
    await expect(others.textContent()).resolves.toContain('any news?');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await others.getByRole('link').click();
    await page.waitForURL(new RegExp(`/cases/${earlier.caseId}$`));
    await page.getByRole('heading', { name: 'Noor A.' }).waitFor();
  });

  it("reads the customer's older cases a page at a time", async () => {
    const main = author('Ines Park');
    // Twenty-one other identities of the same person, each with a case: more than one page.
    const identities = Array.from({ length: 21 }, (_, index) => author(`Ines P${index}`));
    await postMention({ text: 'My refund for order #5120 never arrived.', author: main });
    for (const [index, identity] of identities.entries()) {
      await postMention({ text: `Refund #${5200 + index} still missing.`, author: identity });
    }
    const { case: opened } = await caseOf(main.id);
    for (const identity of identities) {
      await caseOf(identity.id);
      await api('/authors/links', {
        method: 'POST',
        body: JSON.stringify({
          authors: [
            { source: 'generic', id: main.id },
            { source: 'generic', id: identity.id },
          ],
        }),
      });
    }

    const page = await signedIn(`/cases/${opened.caseId}`);
    await page.getByRole('heading', { name: 'Ines Park' }).waitFor();
    const others = page.getByRole('list', { name: 'Other cases of this customer' }).locator('li');
    await others.first().waitFor();
    const firstPage = await others.count();
    expect(firstPage).toBeLessThan(identities.length);
    await page.getByRole('button', { name: 'Older cases' }).click();
    await eventually(
      () => others.count(),
      (count) => count === identities.length,
    );
    await expect(page.getByRole('button', { name: 'Older cases' }).count()).resolves.toBe(0);
    const excerpts = await others.allTextContents();
    for (const index of identities.keys()) {
      expect(excerpts.filter((text) => text.includes(`Refund #${5200 + index} `))).toHaveLength(1);
    }
  }, 120_000);

  it('shows what changed when someone acted first, and redoes the action on the new version', async () => {
    const kim = author('Kim Osei');
    await postMention({ text: 'The app logs me out every five minutes. Unusable!', author: kim });
    const { case: opened } = await caseOf(kim.id);

    const page = await signedIn(`/cases/${opened.caseId}`);
    await page.getByRole('heading', { name: 'Kim Osei' }).waitFor();
    // A colleague assigns the case while this page still shows the version before.
    await api(`/cases/${opened.caseId}/assign`, {
      method: 'POST',
      body: JSON.stringify({ version: opened.version, assignee: 'priya' }),
    });

    await page.getByRole('button', { name: 'Acknowledge' }).click();
    const conflict = page.getByRole('alert').filter({ hasText: 'Someone changed this case first' });
    await conflict.waitFor();
    await expect(conflict.textContent()).resolves.toContain('priya');
    expect((await api<CaseDetail>(`/cases/${opened.caseId}`)).case.status).toBe('open');
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await conflict.getByRole('button', { name: /Redo “Acknowledge”/ }).click();
    await page.getByRole('status').filter({ hasText: 'Acknowledge: done.' }).waitFor();
    const after = await api<CaseDetail>(`/cases/${opened.caseId}`);
    expect(after.case).toMatchObject({ status: 'acknowledged', assignee: 'priya' });
  });

  it('opens an alert link on a phone screen, with every action in reach', async () => {
    const ana = author('Ana Lima', 250_000);
    await postMention({
      text: 'Your outage took down our checkout for an hour. Customers are furious. Call me.',
      author: ana,
    });
    const { case: opened } = await caseOf(ana.id);

    const page = await signedIn(`/cases/${opened.caseId}`, PHONE);
    await page.getByRole('heading', { name: 'Ana Lima' }).waitFor();
    const overflow = await horizontalOverflow(page);
    expect(overflow).toBeLessThanOrEqual(0);
    for (const name of ['Acknowledge', 'Assign to me', 'Resolve']) {
      const box = await page.getByRole('button', { name, exact: true }).boundingBox();
      expect(box?.x).toBeGreaterThanOrEqual(0);
      expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual(390);
    }
    expect(await seriousAccessibilityViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Assign to me' }).tap();
    await page.getByRole('status').filter({ hasText: 'Assign to me: done.' }).waitFor();
    expect((await api<CaseDetail>(`/cases/${opened.caseId}`)).case.assignee).toBe('local-operator');

    await page.goto(`${local.runtime.url}/`);
    await page.locator('a.case-row').first().waitFor();
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });

  it('charts the report of the last 7 days', async () => {
    const joe = author('Joe Park');
    await postMention({ text: 'Love the new app, checkout is so fast now!', author: joe });
    await caseOf(joe.id);
    // Reports are counted from the case table's stream in one-minute windows: they lag the cases.
    await eventually(
      () => api<z.infer<typeof ReportSummary>>('/reports/summary'),
      (summary) => summary.mentions.total > 0,
      120_000,
    );

    const page = await signedIn('/reports');
    await page.getByRole('heading', { name: 'Reports' }).waitFor();
    const today = new Date().toISOString().slice(0, 10);
    await expect(page.getByLabel('To', { exact: true }).inputValue()).resolves.toBe(today);
    const from = await page.getByLabel('From', { exact: true }).inputValue();
    expect((Date.parse(today) - Date.parse(from)) / 86_400_000).toBe(6);
    await page.locator('figure.chart').first().waitFor();
    await expect(page.locator('figure.chart').count()).resolves.toBe(5);
    const mentions = Number(await page.locator('.kpis div').first().locator('dd').textContent());
    expect(mentions).toBeGreaterThan(0);
    await expect(
      page
        .locator('figure.chart', { hasText: 'Mentions by source' })
        .locator('svg')
        .getAttribute('aria-label'),
    ).resolves.toMatch(/generic \d+/);
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
    await screenshot(page, 'reports');

    await page.getByRole('link', { name: 'Praise' }).click();
    await page.getByRole('heading', { name: 'Praise to amplify' }).waitFor();
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  }, 180_000);
});
