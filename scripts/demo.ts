/**
 * `npm run demo`: replays a handful of realistic signed mentions and shows cases opening and an
 * escalation arriving. Uses the runtime `npm start` is running (it leaves .data/local-runtime.json);
 * when none is running, starts one in this process, in memory, with a fast clock (CLOCK_RATE, 120 by
 * default), so a 15-minute P1 deadline passes in under ten seconds.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LocalClock, parseClockRate } from '../infra/local/clock';
import { type LocalRuntime, startLocalRuntime } from '../infra/local/runtime';
import { readRuntimeHandle } from '../infra/local/runtime-handle';
import { signStandardWebhook } from '../shared/adapters/platforms/generic';
import type { CaseSummary } from '../shared/contracts/case';

const DEFAULT_DEMO_CLOCK_RATE = 120;
/** Longest real time the demo waits for an escalation before it explains how to see one. */
const MAX_WAIT_MS = 90_000;

interface Target {
  readonly url: string;
  readonly webhookSecrets: string;
  readonly operatorToken: string;
  readonly clockRate: number;
  readonly ownRuntime?: LocalRuntime;
}

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

/** What customers post: a loud complaint, a question, praise, a one-star review and a follow-up. */
const MENTIONS = [
  {
    id: 'demo-outage-1',
    text: 'Your app has been down all morning and I cannot pay my bills. This is unacceptable, fix it NOW or I am cancelling my account!',
    author: { id: 'u-1001', name: 'Priya Natarajan', handle: 'priya_n', followers: 48_200 },
    conversationId: 'thread-outage-1001',
  },
  {
    id: 'demo-question-1',
    text: 'Hi! Does the premium plan include international transfers? Could not find it on the website.',
    author: { id: 'u-1002', name: 'Tom Becker', handle: 'tbecker', followers: 312 },
  },
  {
    id: 'demo-praise-1',
    text: 'Shout-out to the support team, Maria sorted my card replacement in five minutes. Brilliant service!',
    author: { id: 'u-1003', name: 'Lena Okafor', handle: 'lenaok', followers: 2_150 },
  },
  {
    id: 'demo-review-1',
    text: 'Ordered a replacement part three weeks ago, still nothing, and two emails without reply. Never again.',
    author: { id: 'u-1004', name: 'Marco Silva', followers: 95 },
    rating: 1,
  },
  {
    id: 'demo-outage-2',
    text: 'Still nothing. Two hours now. Does anyone at your company read this?',
    author: { id: 'u-1001', name: 'Priya Natarajan', handle: 'priya_n', followers: 48_200 },
    conversationId: 'thread-outage-1001',
  },
];

const resolveTarget = async (): Promise<Target> => {
  const handle = readRuntimeHandle();
  const url = process.env.RESPONDER_URL ?? handle?.url;
  if (url) {
    const healthy = await fetch(`${url}/health`).then(
      (response) => response.ok,
      () => false,
    );
    const webhookSecrets = process.env.GENERIC_WEBHOOK_SECRETS ?? handle?.webhookSecrets;
    const operatorToken = process.env.CASES_API_TOKEN ?? handle?.operatorToken;
    if (healthy && webhookSecrets && operatorToken) {
      return { url, webhookSecrets, operatorToken, clockRate: handle?.clockRate ?? 1 };
    }
  }
  const clockRate = process.env.CLOCK_RATE
    ? parseClockRate(process.env.CLOCK_RATE)
    : DEFAULT_DEMO_CLOCK_RATE;
  console.log(`No running runtime found: starting one in memory, clock ×${clockRate}…`);
  // The functions share this terminal: keep their JSON logs and metrics out of the demo's story.
  process.env.POWERTOOLS_LOG_LEVEL ??= 'WARN';
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  const runtime = await startLocalRuntime({
    inMemory: true,
    clock: new LocalClock({ rate: clockRate }),
    log: (line) => {
      if (line.startsWith('alert ')) console.log(`  ⇢ ${line}`);
    },
  });
  return {
    url: runtime.url,
    webhookSecrets: runtime.settings.secrets.GENERIC_WEBHOOK_SECRETS ?? '',
    operatorToken: runtime.settings.secrets.CASES_API_TOKEN ?? '',
    clockRate,
    ownRuntime: runtime,
  };
};

const postMention = async (target: Target, mention: (typeof MENTIONS)[number], index: number) => {
  const createdAt = minutesAgo(MENTIONS.length - index);
  const body = JSON.stringify({
    type: 'mention.created',
    timestamp: new Date().toISOString(),
    data: {
      ...mention,
      id: `${mention.id}-${randomUUID().slice(0, 6)}`,
      source: 'generic',
      createdAt,
    },
  });
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  const timestamp = Math.floor(Date.now() / 1000);
  const secret = target.webhookSecrets.split(/\s+/)[0] ?? '';
  const response = await fetch(`${target.url}/webhooks/generic`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': signStandardWebhook(secret, { id, timestamp, body }),
    },
    body,
  });
  const who = mention.author.handle ? `@${mention.author.handle}` : mention.author.name;
  console.log(
    `  POST /webhooks/generic  ${response.status}  ${who}: “${mention.text.slice(0, 60)}…”`,
  );
};

const listCases = async (target: Target): Promise<CaseSummary[]> => {
  const response = await fetch(`${target.url}/cases`, {
    headers: { authorization: `Bearer ${target.operatorToken}` },
  });
  if (!response.ok)
    throw new Error(`GET /cases answered ${response.status}: ${await response.text()}`);
  return ((await response.json()) as { items: CaseSummary[] }).items;
};

const printCases = (cases: readonly CaseSummary[]) => {
  for (const item of cases) {
    const who = item.author.handle
      ? `@${item.author.handle}`
      : (item.author.name ?? item.author.id);
    const due = item.dueAt ? `due ${item.dueAt.slice(11, 16)} UTC` : 'no deadline';
    console.log(
      `  ${item.priority}  ${item.status.padEnd(8)} ${who.padEnd(12)} ${due}${item.breached ? '  BREACHED' : ''}  ${item.intents.join(', ')}`,
    );
  }
};

const main = async () => {
  const target = await resolveTarget();
  try {
    console.log(`\nReplaying ${MENTIONS.length} signed mentions against ${target.url}\n`);
    for (const [index, mention] of MENTIONS.entries()) await postMention(target, mention, index);

    // Four conversations: the last mention follows up on the first one's thread.
    const conversations = 4;
    let cases: CaseSummary[] = [];
    for (let attempt = 0; attempt < 50 && cases.length < conversations; attempt += 1) {
      await sleep(200);
      cases = await listCases(target);
    }
    console.log(`\nCases opened (${cases.length}; the follow-up joined its thread's case):\n`);
    printCases(cases);

    const nextDue = cases
      .filter((item) => item.dueAt && !item.breached)
      .map((item) => Date.parse(item.dueAt ?? ''))
      .sort((a, b) => a - b)[0];
    if (nextDue === undefined) return;
    const realWaitMs = (nextDue - Date.now()) / target.clockRate + 5_000;
    if (realWaitMs > MAX_WAIT_MS) {
      console.log(
        `\nThe first deadline is ${Math.round(realWaitMs / 60_000)} real minutes away at clock ×${target.clockRate}.` +
          '\nTo watch the escalation now, restart with a fast clock: CLOCK_RATE=120 npm start',
      );
      return;
    }
    console.log(
      `\nWaiting for the first deadline (about ${Math.ceil(realWaitMs / 1000)} s at clock ×${target.clockRate})…\n`,
    );
    const deadline = Date.now() + realWaitMs + 10_000;
    while (Date.now() < deadline) {
      await sleep(1_000);
      const breached = (await listCases(target)).filter((item) => item.breached);
      if (breached.length > 0) {
        console.log(
          '\nEscalated (alerts went to the configured channels; the local sink prints them):\n',
        );
        printCases(breached);
        return;
      }
    }
    console.log('\nNo case breached in time; check the runtime log for errors.');
    process.exitCode = 1;
  } finally {
    await target.ownRuntime?.stop();
  }
};

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
