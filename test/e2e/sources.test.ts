/**
 * Every source end to end on one machine: a signed webhook from each platform, exactly as the
 * platform sends it, opens a case seen through the cases API; a brand reply seen on X and on
 * Facebook records the first response on the case it answers; a removed post that was edited
 * leaves no revision's text behind.
 */
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { localDynamoDbClient } from '../../infra/local/dynamodb';
import { LOCAL_TABLE_NAME } from '../../infra/local/runtime';
import type { Case, CaseSummary } from '../../shared/contracts/case';
import { eventually } from '../support/eventually';
import {
  fixture,
  genericHeaders,
  metaHeaders,
  trustpilotHeaders,
  xHeaders,
} from '../support/signed-webhooks';
import { useLocalRuntime } from './support';

jest.setTimeout(60_000);

type Route = 'generic' | 'x' | 'meta' | 'trustpilot';

const signers: Record<Route, (body: string) => Record<string, string>> = {
  generic: (body) => genericHeaders(body),
  x: (body) => xHeaders(body),
  meta: (body) => metaHeaders(body),
  trustpilot: () => trustpilotHeaders(),
};

describe('webhook sources', () => {
  const local = useLocalRuntime();
  const { clock, api } = local;

  /** POSTs a fixture to its route, signed the way its platform signs. */
  const deliver = async (route: Route, fixtureName: string) => {
    const body = fixture(route, fixtureName);
    const response = await fetch(`${local.runtime.url}/webhooks/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signers[route](body) },
      body,
    });
    expect({ route, fixtureName, status: response.status }).toEqual({
      route,
      fixtureName,
      status: 200,
    });
  };

  const casesOf = async (source: string) =>
    (await api<{ items: CaseSummary[] }>(`/cases?source=${source}&limit=100`)).items;

  /** The case of an author on a source, once triage has opened it. */
  const caseOf = async (source: string, authorId: string): Promise<CaseSummary> => {
    const items = await eventually(
      () => casesOf(source),
      (found) => found.some((item) => item.author.id === authorId),
    );
    const found = items.find((item) => item.author.id === authorId);
    if (!found) throw new Error(`no case of ${source} author ${authorId}`);
    return found;
  };

  const detailOf = async (caseId: string) =>
    (await api<{ case: Case }>(`/cases/${encodeURIComponent(caseId)}`)).case;

  it.each([
    ['generic', 'mention-created.json', 'g2', 'usr_55120'],
    ['x', 'tweet-mention.json', 'x', '28190372'],
    ['meta', 'page-feed-comment.json', 'facebook', '7120398457102938'],
    ['meta', 'messenger.json', 'messenger', '25811290381726354'],
    ['meta', 'instagram.json', 'instagram', '17841401122334455'],
    ['trustpilot', 'review-created.json', 'trustpilot', '5f0c1a9d7b2e4a00183c6f42'],
  ] as const)(
    'opens a case seen through GET /cases when %s delivers %s',
    async (route, fixtureName, source, authorId) => {
      await deliver(route, fixtureName);

      const opened = await caseOf(source, authorId);

      expect(opened).toMatchObject({ source, author: { id: authorId }, breached: false });
      // Messenger and Instagram deliveries here also carry the brand's answer in the same batch.
      expect(['open', 'responded']).toContain(opened.status);
    },
  );

  it.each([
    ['x', 'brand-reply.json', 'tweet-mention.json', 'x', '28190372'],
    ['meta', 'page-comment-by-page.json', 'page-feed-comment.json', 'facebook', '7120398457102938'],
  ] as const)(
    'records the first response when %s delivers the brand reply %s',
    async (route, fixtureName, customerFixture, source, authorId) => {
      // The customer's post first (a second delivery of it changes nothing).
      await deliver(route, customerFixture);
      const { caseId } = await caseOf(source, authorId);
      const before = await detailOf(caseId);
      expect(before).toMatchObject({ status: 'open' });
      expect(before.firstResponseAt).toBeUndefined();
      clock.advance(9 * 60_000);

      await deliver(route, fixtureName);

      const after = await eventually(
        () => detailOf(caseId),
        (found) => found.status === 'responded',
      );
      expect(after).toMatchObject({
        firstResponseAt: clock.now().toISOString(),
        firstResponseSeconds: (clock.now().getTime() - Date.parse(before.openedAt)) / 1000,
      });
      expect(after.firstResponseSeconds).toBeGreaterThanOrEqual(9 * 60);
      expect(after.sla?.next).toBeUndefined();
    },
  );

  /** Every item of the case table as text: wherever a phone number is kept, it shows here. */
  const storedText = async (): Promise<string> => {
    const client = localDynamoDbClient(local.runtime.endpoints.dynamodb);
    try {
      const items: unknown[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await client.send(
          new ScanCommand({
            TableName: LOCAL_TABLE_NAME,
            ConsistentRead: true,
            ExclusiveStartKey: startKey as never,
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return JSON.stringify(items);
    } finally {
      client.destroy();
    }
  };

  it.each([
    [
      'meta',
      'page-comment-phone',
      ['added', 'edited', 'removed'],
      'facebook',
      '6650912873340021',
      ['+351 912 345 678', '+351 912 345 679'],
    ],
    [
      'trustpilot',
      'review-phone',
      ['created', 'updated', 'deleted'],
      'trustpilot',
      '60a3e1f27c9d5b0012e8b4d3',
      ['+44 7700 900461', '+44 7700 900462'],
    ],
  ] as const)(
    'removes the text of every revision, and the case excerpt, when %s removes an edited post',
    async (route, prefix, [added, edited, removed], source, authorId, phones) => {
      await deliver(route, `${prefix}-${added}.json`);
      const { caseId } = await caseOf(source, authorId);
      await deliver(route, `${prefix}-${edited}.json`);
      const revised = await eventually(
        () => detailOf(caseId),
        (found) => found.mentionCount === 2,
      );
      expect(revised.excerpt).toContain(phones[1]);
      const beforeRemoval = await storedText();
      for (const phone of phones) expect(beforeRemoval).toContain(phone);

      await deliver(route, `${prefix}-${removed}.json`);

      await eventually(storedText, (text) => phones.every((phone) => !text.includes(phone)));
      expect(await detailOf(caseId)).toMatchObject({ excerpt: '', mentionCount: 2 });
    },
  );
});
