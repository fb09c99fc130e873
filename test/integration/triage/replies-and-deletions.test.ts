import { CaseResponded } from '../../../shared/contracts/events';
import type { QueueMessage } from '../../../shared/contracts/queue-message';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { brandReply, refundComplaint, safetyFollowUp } from '../../fixtures/cases/mentions';
import { received, recordOf, sqsEvent, useTriageHarness } from './support';

const harness = useTriageHarness();

const handle = async (message: QueueMessage) => {
  const response = await harness.triage(sqsEvent(recordOf(message)));
  expect(response.batchItemFailures).toEqual([]);
};

const deletionOf = (mentionId: string): QueueMessage => ({
  type: 'mention.deleted',
  receivedAt: harness.clock.now().toISOString(),
  mentionId,
  source: 'x',
  deletedAt: harness.clock.now().toISOString(),
});

describe('createTriageHandler with brand replies', () => {
  it('records the first response when the brand answers a customer tweet that replied to a brand post', async () => {
    // The brand's own post (never a mention) is 1790000000000000777; X names no conversation, so
    // the customer's reply is threaded under that post and the brand's answer under the reply.
    const customer = refundComplaint({
      id: 'x:1790002200000000001',
      nativeId: '1790002200000000001',
      kind: 'reply',
      author: { id: '3300771', name: 'Noor Haddad', handle: 'noorh' },
      conversationId: '1790000000000000777',
      inReplyToId: '1790000000000000777',
    });
    const answer = brandReply({
      id: 'x:1790002200000000002',
      nativeId: '1790002200000000002',
      conversationId: '1790002200000000001',
      inReplyToId: '1790002200000000001',
    });
    await handle(received(customer));
    harness.clock.advance(7 * 60_000);

    await handle(received(answer));

    const answered = await harness.store.getCase(caseIdFor(customer));
    expect(answered).toMatchObject({
      status: 'responded',
      firstResponseAt: harness.clock.now().toISOString(),
      firstResponseSeconds: 7 * 60,
    });
    expect(await harness.store.getSeen(answer.id)).toMatchObject({
      caseId: caseIdFor(customer),
    });
    expect(harness.events.at(-1)).toMatchObject({
      'detail-type': CaseResponded.detailType,
      detail: { caseId: caseIdFor(customer) },
    });
  });

  it('finds the case through the conversation when the replied-to post is no mention', async () => {
    const customer = refundComplaint({
      id: 'x:1790002300000000001',
      nativeId: '1790002300000000001',
      author: { id: '3300772', name: 'Ilse Berg', handle: 'ilseb' },
      conversationId: '1790002300000000001',
    });
    // Answers a tweet of its own thread that triage never saw, inside the customer's conversation.
    const answer = brandReply({
      id: 'x:1790002300000000003',
      nativeId: '1790002300000000003',
      conversationId: '1790002300000000001',
      inReplyToId: '1790002300000000002',
    });
    await handle(received(customer));

    await handle(received(answer));

    expect(await harness.store.getCase(caseIdFor(customer))).toMatchObject({
      status: 'responded',
    });
  });
});

describe('createTriageHandler with deletions', () => {
  const first = refundComplaint({
    id: 'x:1790002400000000001',
    nativeId: '1790002400000000001',
    author: { id: '3300773', name: 'Ravi Menon', handle: 'ravim' },
    conversationId: '1790002400000000001',
  });
  const latest = safetyFollowUp({
    id: 'x:1790002400000000002',
    nativeId: '1790002400000000002',
    author: { id: '3300773', name: 'Ravi Menon', handle: 'ravim' },
    conversationId: '1790002400000000001',
    inReplyToId: '1790002400000000001',
  });
  const caseId = caseIdFor(first);

  beforeAll(async () => {
    await handle(received(first));
    await handle(received(latest));
  });

  it('keeps the case excerpt when an earlier mention of the case is deleted', async () => {
    const before = await harness.store.getCase(caseId);
    expect(before?.excerpt).toContain('sparking');

    await handle(deletionOf(first.id));

    expect(await harness.store.getCase(caseId)).toEqual(before);
  });

  it('blanks the case excerpt when the latest mention of the case is deleted', async () => {
    const before = await harness.store.getCase(caseId);
    harness.clock.advance(60_000);

    await handle(deletionOf(latest.id));

    const after = await harness.store.getCase(caseId);
    expect(after).toEqual({
      ...before,
      excerpt: '',
      version: (before?.version ?? 0) + 1,
      updatedAt: harness.clock.now().toISOString(),
    });
    const record = await harness.store.getCaseRecord(caseId);
    expect(JSON.stringify(record)).not.toContain('sparking');
  });

  it('changes the case no further when the deletion is delivered again', async () => {
    await handle(deletionOf(latest.id));
    const before = await harness.store.getCase(caseId);
    expect(before?.excerpt).toBe('');

    await handle(deletionOf(latest.id));

    expect(await harness.store.getCase(caseId)).toEqual(before);
  });
});

describe('createTriageHandler with deletions of edited posts', () => {
  const author = { id: '3300774', name: 'Lena Sorensen', handle: 'lenas' };
  const post = refundComplaint({
    id: 'x:1790002500000000001',
    nativeId: '1790002500000000001',
    author,
    conversationId: '1790002500000000001',
    text: '@AcmeAir still no refund. Call me on +45 20 12 34 56.',
  });
  const revision = (text: string) =>
    refundComplaint({
      id: `x:1790002500000000001~rev-${text.length}`,
      nativeId: `1790002500000000001~rev-${text.length}`,
      revisionOf: '1790002500000000001',
      author,
      conversationId: '1790002500000000001',
      text,
    });
  const edits = [
    revision('@AcmeAir still no refund. My number is +45 20 12 34 57.'),
    revision('@AcmeAir still no refund after three weeks. Number: +45 20 12 34 58.'),
  ];

  it('removes the text of the post and of every revision, and blanks the excerpt', async () => {
    for (const mention of [post, ...edits]) await handle(received(mention));
    const caseId = caseIdFor(post);
    expect((await harness.store.getCase(caseId))?.excerpt).toContain('+45 20 12 34 58');

    await handle(deletionOf(post.id));

    const record = await harness.store.getCaseRecord(caseId);
    expect(record?.case.excerpt).toBe('');
    expect(record?.mentions).toHaveLength(3);
    for (const mention of record?.mentions ?? []) {
      expect(mention).toMatchObject({ deleted: true });
      expect(mention.text).toBeUndefined();
    }
    expect(JSON.stringify(record)).not.toMatch(/\+45 20/);
  });

  it('keeps no text of a revision that arrives after its post was removed', async () => {
    const removed = refundComplaint({
      id: 'x:1790002600000000001',
      nativeId: '1790002600000000001',
      author: { id: '3300775', name: 'Omar Farouk', handle: 'omarf' },
      conversationId: '1790002600000000001',
    });
    const late = refundComplaint({
      ...removed,
      id: 'x:1790002600000000001~rev-late',
      nativeId: '1790002600000000001~rev-late',
      revisionOf: '1790002600000000001',
      text: '@AcmeAir edited: call me on +20 100 555 0199.',
    });
    await handle(received(removed));
    await handle(deletionOf(removed.id));

    await handle(received(late));

    expect(await harness.store.getSeen(late.id)).toMatchObject({ deleted: true });
    const record = await harness.store.getCaseRecord(caseIdFor(removed));
    expect(record?.mentions).toHaveLength(1);
    expect(JSON.stringify(record)).not.toContain('+20 100');
  });
});
