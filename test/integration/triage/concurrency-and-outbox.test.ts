import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { createIncidentTracker } from '../../../functions/triage';
import { EventPublisher } from '../../../shared/adapters/eventbridge/event-publisher';
import { CaseResponded } from '../../../shared/contracts/events';
import { parseConfig } from '../../../shared/domain/config/responder-config';
import { builtInClassifier } from '../../../shared/domain/triage/classifier';
import { decideTriage } from '../../../shared/domain/triage/decide';
import { MentionTriage } from '../../../shared/use-cases/mention-triage';
import { brandReply, refundComplaint } from '../../fixtures/cases/mentions';
import { BUS_NAME, received, recordOf, sqsEvent, useTriageHarness } from './support';

const harness = useTriageHarness();

const byAuthor = (authorId: string, index: number, conversationId: string | undefined) =>
  refundComplaint({
    id: `x:17900${authorId}${index}`,
    nativeId: `17900${authorId}${index}`,
    author: { id: authorId, handle: `customer${authorId}` },
    conversationId,
    text: `@AcmeAir still no refund for order #${authorId}, message ${index}`,
  });

describe('createTriageHandler under concurrency', () => {
  it.each([
    ['in one conversation', ['501', '502', '503', '504', '505'], true],
    ['without a conversation id', ['511', '512', '513', '514', '515'], false],
  ])(
    'opens one case per author when two mentions of the author %s are triaged at once by two invocations',
    async (_, authors, threaded) => {
      const conversationOf = (author: string) => (threaded ? `conv-${author}` : undefined);
      const batch = (index: number) =>
        sqsEvent(
          ...authors.map((author) =>
            recordOf(received(byAuthor(author, index, conversationOf(author)))),
          ),
        );

      const responses = await Promise.all([harness.triage(batch(1)), harness.triage(batch(2))]);

      expect(responses.flatMap((response) => response.batchItemFailures)).toEqual([]);
      for (const author of authors) {
        const profile = await harness.store.getAuthorProfile('x', author);
        expect(profile).toMatchObject({ totalMentions: 2, casesOpened: 1 });
        const caseId = profile?.openCases[conversationOf(author) ?? '-']?.caseId ?? '';
        const record = await harness.store.getCaseRecord(caseId);
        expect(record?.case.mentionCount).toBe(2);
        expect(record?.mentions).toHaveLength(2);
      }
    },
  );
});

describe('createTriageHandler with a burst from one customer', () => {
  it('threads ten mentions of one author in one batch in order, none left to retry', async () => {
    const mentions = Array.from({ length: 10 }, (_, index) =>
      byAuthor('521', index + 10, 'conv-521'),
    );

    const response = await harness.triage(sqsEvent(...mentions.map((m) => recordOf(received(m)))));

    expect(response.batchItemFailures).toEqual([]);
    const profile = await harness.store.getAuthorProfile('x', '521');
    expect(profile).toMatchObject({ totalMentions: 10, casesOpened: 1 });
    const record = await harness.store.getCaseRecord(profile?.openCases['conv-521']?.caseId ?? '');
    expect(record?.case.mentionCount).toBe(10);
  });
});

describe('MentionTriage outbox', () => {
  it('publishes the events of a committed mention on redelivery when the bus was unreachable', async () => {
    const config = parseConfig({});
    const deps = {
      store: harness.store,
      classifier: builtInClassifier,
      decide: decideTriage,
      config,
      incidents: createIncidentTracker(
        harness.documents,
        harness.table.tableName,
        new EventPublisher(new EventBridgeClient({ region: 'us-east-1' }), BUS_NAME),
        config,
      ),
    };
    const unreachable = new EventBridgeClient({
      endpoint: 'http://127.0.0.1:9',
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    const complaint = byAuthor('601', 1, 'conv-601');
    const mention = brandReply({
      id: 'x:1790006010000000001',
      nativeId: '1790006010000000001',
      conversationId: 'conv-601',
      inReplyToId: complaint.nativeId,
    });
    const published = () =>
      harness.events.filter(
        (event) =>
          event['detail-type'] === CaseResponded.detailType &&
          (event.detail as { author: { id: string } }).author.id === '601',
      );

    const offline = new MentionTriage({
      ...deps,
      events: new EventPublisher(unreachable, BUS_NAME),
    });
    // The complaint publishes nothing (no rule consumes Case Opened); the brand reply's Case
    // Responded is what waits in the outbox.
    await offline.handle(received(complaint), harness.clock.now());
    await expect(offline.handle(received(mention), harness.clock.now())).rejects.toThrow();
    expect((await harness.store.getSeen(mention.id))?.pendingEvents).toHaveLength(1);
    expect(published()).toHaveLength(0);

    const online = new MentionTriage({
      ...deps,
      events: new EventPublisher(new EventBridgeClient({ region: 'us-east-1' }), BUS_NAME),
    });
    await expect(online.handle(received(mention), harness.clock.now())).resolves.toEqual({
      outcome: 'duplicate',
    });

    expect(published()).toHaveLength(1);
    expect((await harness.store.getSeen(mention.id))?.pendingEvents).toBeUndefined();
  });
});
