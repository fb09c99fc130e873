import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { itemSize } from '../../../scripts/bench/item-size';
import { keys, slaShardOf, statusKey } from '../../../shared/adapters/dynamodb/table-keys';
import { CaseResponded } from '../../../shared/contracts/events';
import { mentionId } from '../../../shared/contracts/mention';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import {
  brandReply,
  praiseReview,
  refundComplaint,
  safetyFollowUp,
} from '../../fixtures/cases/mentions';
import { received, recordOf, sqsEvent, sqsRecord, useTriageHarness } from './support';

// Each test follows the refund case from its start, on a table of its own.
const harness = useTriageHarness({ perTest: true });
afterEach(() => {
  jest.restoreAllMocks();
});

const refundCaseId = caseIdFor(refundComplaint());
const eventTypes = () => harness.events.map((event) => event['detail-type']);

const triage = async (message: Parameters<typeof received>[0]) => {
  const response = await harness.triage(sqsEvent(recordOf(received(message))));
  expect(response.batchItemFailures).toEqual([]);
};
/** The refund complaint opens its case. */
const openRefundCase = () => triage(refundComplaint());
/** 48 minutes later the same customer writes again about a safety problem. */
const safetyFollowsUp = async () => {
  harness.clock.advance(48 * 60_000);
  await triage(safetyFollowUp());
};

describe('createTriageHandler', () => {
  it('opens a case with its mention, timeline and pending deadline when a complaint arrives', async () => {
    const response = await harness.triage(sqsEvent(recordOf(received(refundComplaint()))));

    expect(response.batchItemFailures).toEqual([]);
    const record = await harness.store.getCaseRecord(refundCaseId);
    expect(record?.case).toMatchObject({
      status: 'open',
      priority: expect.stringMatching(/^P[1-4]$/),
      intents: ['complaint'],
      mentionCount: 1,
      sla: { clock: 'first_response' },
    });
    expect(record?.mentions.map((mention) => mention.id)).toEqual([refundComplaint().id]);
    expect(record?.mentions[0]?.expiresAt).toBe(
      Math.floor(harness.clock.now().getTime() / 1000) + 90 * 86_400,
    );
    expect(record?.timeline.map((entry) => entry.type)).toEqual(['opened']);
    const item = await harness.rawItem(keys.case(refundCaseId));
    expect(item).toMatchObject({
      slaShard: slaShardOf(refundCaseId),
      slaDueAt: record?.case.sla?.next?.dueAt,
      statusKey: statusKey('open', refundCaseId),
    });
    // The mention keeps what its readers use; the decision's reasons and suggested reply are the
    // case's, and the item takes one write unit.
    expect(record?.mentions[0]?.triage).toMatchObject({
      priority: record?.case.priority,
      needsResponse: true,
      classification: { complaint: true, sentiment: 'negative' },
    });
    expect(record?.case.reasons.length).toBeGreaterThan(0);
    expect(record?.case.suggestedReply).toEqual(expect.any(String));
    const mentionItem = await harness.rawItem(
      keys.mention(refundCaseId, refundComplaint().createdAt, refundComplaint().id),
    );
    expect(mentionItem?.triage).not.toHaveProperty('reasons');
    expect(mentionItem?.triage).not.toHaveProperty('suggestedReply');
    expect(mentionItem?.triage).not.toHaveProperty('classification.reasons');
    const stored: Parameters<typeof itemSize>[0] = JSON.parse(
      JSON.stringify(marshall(mentionItem ?? {})),
    );
    expect(itemSize(stored)).toBeLessThanOrEqual(1024);
    // No rule consumes Case Opened: nothing is published, and the seen item keeps no outbox.
    expect(eventTypes()).toEqual([]);
    expect(await harness.rawItem(keys.mentionSeen(refundComplaint().id))).not.toHaveProperty(
      'pendingEvents',
    );
  });

  it('keeps the decision in an item of its own, written again only when a follow-up raises the priority', async () => {
    const sends = jest.spyOn(DynamoDBDocumentClient.prototype, 'send');
    /** The decision items each triage transaction so far wrote. */
    const decisionWrites = () =>
      sends.mock.calls.flatMap(([command]) =>
        command instanceof TransactWriteCommand
          ? [
              (command.input.TransactItems ?? []).flatMap((entry) =>
                entry.Put?.Item?.SK === 'CASE#DECISION' ? [entry.Put.Item.SK] : [],
              ),
            ]
          : [],
      );

    await openRefundCase();
    await safetyFollowsUp();
    harness.clock.advance(5 * 60_000);
    await triage(
      refundComplaint({
        id: 'x:1790005566778899001',
        nativeId: '1790005566778899001',
        kind: 'reply',
        text: '@AcmeAir thank you, I will wait for your message',
        createdAt: '2025-05-13T10:07:41.000Z',
      }),
    );

    // Opened, raised by the safety follow-up; the thanks changed the case, not its decision.
    expect(decisionWrites()).toEqual([['CASE#DECISION'], ['CASE#DECISION'], []]);
    const record = await harness.store.getCaseRecord(refundCaseId);
    expect(record?.case).toMatchObject({ priority: 'P1', mentionCount: 3 });
    expect(await harness.rawItem(keys.caseDecision(refundCaseId))).toMatchObject({
      reasons: record?.case.reasons,
      suggestedReply: record?.case.suggestedReply,
    });
    // The case item keeps the figures only, in one write unit, its author without what it repeats.
    const caseItem = await harness.rawItem(keys.case(refundCaseId));
    expect(caseItem).not.toHaveProperty('reasons');
    expect(caseItem).not.toHaveProperty('suggestedReply');
    expect(caseItem?.author).not.toHaveProperty('key');
    expect(caseItem?.author).not.toHaveProperty('source');
    expect(record?.case.author).toMatchObject({
      key: `x#${refundComplaint().author.id}`,
      source: 'x',
    });
    const stored: Parameters<typeof itemSize>[0] = JSON.parse(
      JSON.stringify(marshall(caseItem ?? {})),
    );
    expect(itemSize(stored)).toBeLessThanOrEqual(1024);
  });

  it('changes nothing when the same message is delivered again', async () => {
    await openRefundCase();
    const before = await harness.store.getCaseRecord(refundCaseId);

    const response = await harness.triage(sqsEvent(recordOf(received(refundComplaint()))));

    expect(response.batchItemFailures).toEqual([]);
    expect(await harness.store.getCaseRecord(refundCaseId)).toEqual(before);
    expect(await harness.store.getAuthorProfile('x', refundComplaint().author.id)).toMatchObject({
      totalMentions: 1,
      casesOpened: 1,
    });
    expect(eventTypes()).toEqual([]);
  });

  it('threads a worse follow-up into the case, raising its priority and tightening its deadline', async () => {
    await openRefundCase();
    const before = await harness.store.getCase(refundCaseId);

    await safetyFollowsUp();

    const record = await harness.store.getCaseRecord(refundCaseId);
    expect(record?.case).toMatchObject({ priority: 'P1', mentionCount: 2, version: 2 });
    expect(record?.case.urgency).toContain('safety');
    expect(Date.parse(record?.case.sla?.dueAt ?? '')).toBeLessThan(
      Date.parse(before?.sla?.dueAt ?? ''),
    );
    // "Wrote again" comes before what it caused, and is kept on the mention item, not an item of its own.
    expect(record?.timeline.map((entry) => entry.type)).toEqual([
      'opened',
      'mention',
      'priority_raised',
    ]);
    expect(record?.timeline[1]).toMatchObject({
      actor: { type: 'system', id: 'triage' },
      detail: {
        mentionId: safetyFollowUp().id,
        followUp: true,
        priority: 'P1',
        needsResponse: true,
      },
    });
    expect((await harness.store.getTimeline(refundCaseId)).map((entry) => entry.type)).toEqual([
      'opened',
      'priority_raised',
    ]);
    expect(record?.mentions).toHaveLength(2);
    expect(eventTypes()).toEqual([]);
  });

  it('records the first response and stops the clock when the brand replies on the platform', async () => {
    await openRefundCase();
    await safetyFollowsUp();
    harness.clock.advance(5 * 60_000);

    await harness.triage(sqsEvent(recordOf(received(brandReply()))));

    const record = await harness.store.getCaseRecord(refundCaseId);
    expect(record?.case).toMatchObject({
      status: 'responded',
      firstResponseAt: harness.clock.now().toISOString(),
      firstResponseSeconds: 53 * 60,
    });
    expect(record?.case.sla?.next).toBeUndefined();
    const item = await harness.rawItem(keys.case(refundCaseId));
    expect(item).not.toHaveProperty('slaShard');
    expect(item).not.toHaveProperty('slaDueAt');
    expect(item).toMatchObject({ statusKey: statusKey('responded', refundCaseId) });
    const responded = harness.events.at(-1);
    expect(responded?.['detail-type']).toBe(CaseResponded.detailType);
    expect(responded?.detail).toMatchObject({
      caseId: refundCaseId,
      status: 'responded',
      actor: { type: 'platform', id: 'x:1452339950' },
    });
    expect(await harness.store.getAuthorProfile('x', brandReply().author.id)).toBeUndefined();
  });

  it('opens praise as an amplify case that is in no deadline index', async () => {
    await harness.triage(sqsEvent(recordOf(received(praiseReview()))));

    const praise = await harness.store.getCase(caseIdFor(praiseReview()));
    expect(praise).toMatchObject({ amplify: true, needsResponse: false });
    expect(praise?.sla).toBeUndefined();
    expect(await harness.rawItem(keys.case(caseIdFor(praiseReview())))).not.toHaveProperty(
      'slaShard',
    );
  });

  it('removes the text of a mention its author deleted and keeps the case', async () => {
    await openRefundCase();
    await safetyFollowsUp();
    const deletion = {
      type: 'mention.deleted' as const,
      receivedAt: harness.clock.now().toISOString(),
      mentionId: safetyFollowUp().id,
      source: 'x',
      deletedAt: harness.clock.now().toISOString(),
    };

    const response = await harness.triage(sqsEvent(sqsRecord(JSON.stringify(deletion))));

    expect(response.batchItemFailures).toEqual([]);
    const record = await harness.store.getCaseRecord(refundCaseId);
    const deleted = record?.mentions.find((mention) => mention.id === safetyFollowUp().id);
    expect(deleted).toMatchObject({ deleted: true, deletedAt: deletion.deletedAt });
    expect(deleted).not.toHaveProperty('text');
    expect(record?.case.caseId).toBe(refundCaseId);
  });

  it('never opens a case for a mention deleted before it was triaged', async () => {
    const late = refundComplaint({ id: mentionId('x', '1790009999'), nativeId: '1790009999' });
    const deletion = {
      type: 'mention.deleted' as const,
      receivedAt: harness.clock.now().toISOString(),
      mentionId: late.id,
      source: 'x',
      deletedAt: harness.clock.now().toISOString(),
    };

    await harness.triage(sqsEvent(sqsRecord(JSON.stringify(deletion))));
    await harness.triage(sqsEvent(recordOf(received(late))));

    expect(await harness.store.getCase(caseIdFor(late))).toBeUndefined();
  });

  it('reports only the poison messages as failures when a batch mixes them with good ones', async () => {
    const good = recordOf(
      received(refundComplaint({ id: 'x:1790000000000000001', nativeId: '1790000000000000001' })),
    );
    const notJson = sqsRecord('{"type":"mention.received",');
    const wrongShape = sqsRecord(JSON.stringify({ type: 'mention.received', mention: { id: 7 } }));

    const response = await harness.triage(sqsEvent(notJson, good, wrongShape));

    expect(response.batchItemFailures).toEqual([
      { itemIdentifier: notJson.messageId },
      { itemIdentifier: wrongShape.messageId },
    ]);
    expect(await harness.store.getSeen('x:1790000000000000001')).toMatchObject({
      mentionId: 'x:1790000000000000001',
    });
  });

  it('reports every message as failed, without throwing, when the whole batch is poison', async () => {
    const poison = sqsRecord('not json at all');

    await expect(harness.triage(sqsEvent(poison))).resolves.toEqual({
      batchItemFailures: [{ itemIdentifier: poison.messageId }],
    });
  });
});
