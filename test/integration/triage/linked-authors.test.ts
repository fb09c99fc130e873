import { DynamoDbCaseCommands } from '../../../shared/adapters/dynamodb/case-commands';
import { keys } from '../../../shared/adapters/dynamodb/table-keys';
import type { Mention } from '../../../shared/contracts/mention';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { refundComplaint } from '../../fixtures/cases/mentions';
import { received, recordOf, sqsEvent, useTriageHarness } from './support';

const harness = useTriageHarness();
let commands: DynamoDbCaseCommands;

beforeAll(() => {
  commands = new DynamoDbCaseCommands(harness.documents, harness.table.tableName);
});

const HOUR = 3_600_000;
const at = (hoursAfterStart: number) =>
  new Date(Date.parse('2025-05-12T08:00:00.000Z') + hoursAfterStart * HOUR).toISOString();

/** Dana on X, each time in a new conversation (a new case each time). */
const danaOnX = (n: number): Mention =>
  refundComplaint({
    id: `x:17900000000000000${String(n).padStart(2, '0')}`,
    nativeId: `17900000000000000${String(n).padStart(2, '0')}`,
    conversationId: `17900000000000000${String(n).padStart(2, '0')}`,
    text: `@AcmeAir still waiting for my refund, order #48213. Day ${n} of asking.`,
    createdAt: at(n),
  });

/** A Facebook comment on the brand's page by the given Facebook user. */
const facebookComment = (authorId: string, commentId: string, hours: number): Mention =>
  refundComplaint({
    id: `facebook:3349_${commentId}`,
    source: 'facebook',
    nativeId: `3349_${commentId}`,
    kind: 'comment',
    account: '104455667788',
    conversationId: `3349_${commentId}`,
    text: 'Acme Air still has not refunded me for order #48213. Nobody answers.',
    url: `https://www.facebook.com/acmeair/posts/3349?comment_id=${commentId}`,
    author: { id: authorId, name: 'Dana Whitfield' },
    createdAt: at(hours),
    raw: { route: 'meta', eventType: 'feed' },
  });

const triageAll = async (mentions: Mention[]) => {
  for (const mention of mentions) {
    const response = await harness.triage(sqsEvent(recordOf(received(mention))));
    expect(response.batchItemFailures).toEqual([]);
  }
};

describe('triage of linked identities', () => {
  const CHRONIC_ON_X = 8; // the default policy's chronicMentions within chronicWindowDays
  const DANA_ON_FACEBOOK = '6021187733';
  const STRANGER_ON_FACEBOOK = '7700112233';

  beforeAll(async () => {
    await triageAll(Array.from({ length: CHRONIC_ON_X }, (_, n) => danaOnX(n)));
    await triageAll([
      facebookComment(DANA_ON_FACEBOOK, '1001', 20),
      facebookComment(STRANGER_ON_FACEBOOK, '2001', 20),
    ]);
    await commands.linkAuthors(`facebook#${DANA_ON_FACEBOOK}`, 'x#2244994945');
  });

  it('counts the linked identity’s mentions and cases when the same person writes elsewhere', async () => {
    const mention = facebookComment(DANA_ON_FACEBOOK, '1002', 24);
    await triageAll([mention]);

    const opened = await harness.store.getCase(caseIdFor(mention));
    expect(opened).toMatchObject({ chronic: true, priority: 'P4' });
    expect(opened?.reasons).toContain(
      `chronic: ${CHRONIC_ON_X + 1} mentions in 7 days; recorded, not escalated`,
    );
  });

  it('keeps an unlinked author’s history its own when the same text comes from someone else', async () => {
    const mention = facebookComment(STRANGER_ON_FACEBOOK, '2002', 24);
    await triageAll([mention]);

    const opened = await harness.store.getCase(caseIdFor(mention));
    expect(opened?.chronic).toBe(false);
    expect(opened?.priority).not.toBe('P4');
  });

  it('keeps each identity’s own counts and the links when triage updates the profile', async () => {
    const before = await harness.rawItem(keys.author('facebook', DANA_ON_FACEBOOK));
    expect(before).toMatchObject({
      totalMentions: expect.any(Number),
      casesOpened: expect.any(Number),
    });
    await triageAll([facebookComment(DANA_ON_FACEBOOK, '1003', 26)]);

    const facebook = await harness.rawItem(keys.author('facebook', DANA_ON_FACEBOOK));
    expect(facebook).toMatchObject({
      totalMentions: Number(before?.totalMentions) + 1,
      casesOpened: Number(before?.casesOpened) + 1,
      linkedAuthors: ['x#2244994945'],
    });
    const x = await harness.store.getAuthorProfile('x', '2244994945');
    expect(x).toMatchObject({ totalMentions: CHRONIC_ON_X, casesOpened: CHRONIC_ON_X });
  });
});
