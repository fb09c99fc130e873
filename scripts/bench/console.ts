/**
 * The operator console's figures: initial JavaScript gzipped, and how long Chromium takes from
 * navigation until a 500-case queue (five API pages) and a 200-mention case are rendered and
 * answer the keyboard. The API is answered from memory so that the figures are the browser's.
 */
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type * as z from 'zod';
import { DESKTOP, launchChromium } from '../../console/test/support/browser';
import { ensureConsoleBuilt } from '../../infra/console-build';
import { apiPathOf, consoleAssets } from '../../infra/local/console-assets';
import type { CaseSummary, TimelineEntry } from '../../shared/contracts/case';
import type { CaseDetailResponse } from '../../shared/contracts/cases-api';

type CaseDetail = z.infer<typeof CaseDetailResponse>;

const QUEUE_CASES = 500;
const CASE_MENTIONS = 200;
const RUNS = 3;
const TOKEN = 'bench-token';

const at = (minutes: number) =>
  new Date(Date.UTC(2026, 10, 30, 9, 0) + minutes * 60_000).toISOString();

const author = (index: number) => ({
  key: `x#${index}`,
  id: String(index),
  source: 'x',
  name: `Customer ${index}`,
  handle: `customer${index}`,
  followers: index * 37,
});

const summaries: CaseSummary[] = Array.from({ length: QUEUE_CASES }, (_, index) => ({
  caseId: `c_${index}`,
  version: 1,
  brand: 'acme',
  source: index % 3 === 0 ? 'x' : 'facebook',
  status: 'open',
  priority: (['P1', 'P2', 'P3', 'P4'] as const)[index % 4] ?? 'P3',
  author: author(index),
  excerpt: `Order #${1000 + index} still has not arrived and nobody answers my messages.`,
  intents: ['complaint'],
  openedAt: at(index),
  amplify: false,
  dueAt: at(index + 60),
  breached: index % 7 === 0,
}));

const detail = (): CaseDetail => {
  const mentions = Array.from({ length: CASE_MENTIONS }, (_, index) => ({
    id: `x:${index}`,
    source: 'x',
    nativeId: String(index),
    kind: index % 10 === 9 ? ('brand_reply' as const) : ('mention' as const),
    brand: 'acme',
    author: { id: '1', name: 'Customer 1', handle: 'customer1', followers: 900 },
    text: `Message ${index}: the refund for order #4411 is still missing, please look into it.`,
    url: `https://x.com/customer1/status/${index}`,
    createdAt: at(index),
    raw: { route: 'x', eventType: 'tweet_create_events' },
    caseId: 'c_1',
    receivedAt: at(index),
    expiresAt: 1_900_000_000,
  }));
  const timeline: TimelineEntry[] = mentions.map((mention) => ({
    at: mention.createdAt,
    type: 'mention',
    actor: { type: 'system', id: 'triage' },
    detail: { mentionId: mention.id },
  }));
  return {
    replies: [],
    case: {
      caseId: 'c_1',
      version: 7,
      brand: 'acme',
      source: 'x',
      author: author(1),
      status: 'open',
      priority: 'P2',
      needsResponse: true,
      amplify: false,
      chronic: false,
      sentiment: 'negative',
      intents: ['complaint'],
      urgency: [],
      reasons: ['a complaint that asks for help'],
      suggestedReply: 'Sorry about this, please send us a DM with your order number.',
      excerpt: 'the refund for order #4411 is still missing',
      mentionCount: CASE_MENTIONS,
      openedAt: at(0),
      updatedAt: at(CASE_MENTIONS),
      lastMentionAt: at(CASE_MENTIONS),
    },
    mentions,
    timeline,
  };
};

const json = (body: unknown) => ({ status: 200, body: JSON.stringify(body) });

/** The cases API as the console calls it, answered from memory. */
const answerApi = (path: string, query: URLSearchParams) => {
  if (path === '/cases') {
    const start = Number(query.get('cursor') ?? 0);
    const limit = Number(query.get('limit') ?? 25);
    const next = start + limit;
    return json({
      items: summaries.slice(start, next),
      now: at(30),
      ...(next < summaries.length ? { cursor: String(next) } : {}),
    });
  }
  if (path === '/cases/c_1') return json(detail());
  return { status: 404, body: '{"error":{"code":"not_found","message":"no route"}}' };
};

const serve = async (root: string): Promise<{ server: Server; url: string }> => {
  const assets = consoleAssets({ root, settings: { auth: { kind: 'token', operator: 'bench' } } });
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const apiPath = apiPathOf(url.pathname);
    if (apiPath !== undefined) {
      const { status, body } = answerApi(apiPath, url.searchParams);
      response.writeHead(status, { 'content-type': 'application/json' }).end(body);
      return;
    }
    const page = assets.answer(request.method ?? 'GET', url.pathname, request.headers);
    if (!page) {
      response.writeHead(404).end();
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(page.headers ?? {}).map(([name, value]) => [name, String(value)]),
    );
    response
      .writeHead(page.statusCode ?? 200, headers)
      .end(page.isBase64Encoded ? Buffer.from(page.body ?? '', 'base64') : page.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return {
    server,
    url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`,
  };
};

/** Gzipped bytes of the scripts index.html loads at start (module entry and preloads). */
const initialJavaScript = (root: string): { files: string[]; gzipBytes: number } => {
  const html = readFileSync(join(root, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map(
    (match) => match[1] ?? '',
  );
  const gzipBytes = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(root, file))).length,
    0,
  );
  return { files, gzipBytes };
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

export interface ConsoleFigures {
  readonly initialJsGzipBytes: number;
  /** Navigation → 500 rows rendered and the page taking input, median of runs. */
  readonly queue500Ms: number;
  /** Navigation → 200 mentions and the actions rendered and the page taking input. */
  readonly case200Ms: number;
}

export const measureConsole = async (): Promise<ConsoleFigures> => {
  const root = ensureConsoleBuilt();
  const { gzipBytes } = initialJavaScript(root);
  const { server, url } = await serve(root);
  const browser = await launchChromium();
  try {
    /**
     * Milliseconds from the start of the navigation to `path` until `ready` holds and the page
     * runs its next task (rendered and interactive), on the page's own clock; median of runs.
     */
    const timed = async (path: string, ready: string): Promise<number> => {
      const runs: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        // The probe below is evaluated in the page, which the console's CSP forbids.
        const context = await browser.newContext({ ...DESKTOP, bypassCSP: true });
        await context.addInitScript(`
          const check = () => {
            if (${ready}) {
              window.__readyAt = performance.now();
              setTimeout(() => { window.__interactiveAt = performance.now(); }, 0);
            } else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        `);
        const page = await context.newPage();
        await page.goto(`${url}/#token=${TOKEN}`);
        await page.getByRole('heading', { name: 'Queue' }).waitFor();
        await page.goto(`${url}${path}`);
        await page.waitForFunction('window.__interactiveAt !== undefined', undefined, {
          timeout: 30_000,
        });
        runs.push((await page.evaluate('window.__interactiveAt')) as number);
        await context.close();
      }
      return median(runs);
    };
    const queue500Ms = await timed(
      '/',
      `document.querySelectorAll('a.case-row').length === ${QUEUE_CASES}`,
    );
    const case200Ms = await timed(
      '/cases/c_1',
      `document.querySelectorAll('.mentions > li').length === ${CASE_MENTIONS} && document.querySelector('.toolbar button')`,
    );
    return { initialJsGzipBytes: gzipBytes, queue500Ms, case200Ms };
  } finally {
    await browser.close();
    server.close();
  }
};
