/**
 * The moment an incident opens, with the interleavings a storm produces: triage functions
 * committing mentions while another one is opening the incident. The real stores run against
 * DynamoDB Local; only the order in which the concurrent steps happen is fixed by the test, by
 * holding one function after a chosen store call until another has gone on.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { MENTION_QUEUE } from '../../../infra/topology';
import { IncidentStore } from '../../../shared/adapters/dynamodb/incident-store';
import { EventPublisher } from '../../../shared/adapters/eventbridge/event-publisher';
import { IncidentOpened } from '../../../shared/contracts/events';
import type { Mention } from '../../../shared/contracts/mention';
import { parseConfig } from '../../../shared/domain/config/responder-config';
import { builtInClassifier } from '../../../shared/domain/triage/classifier';
import { decideTriage } from '../../../shared/domain/triage/decide';
import { IncidentTracker } from '../../../shared/use-cases/incident-tracker';
import { caseIdFor, MentionTriage } from '../../../shared/use-cases/mention-triage';
import type { IncidentRecords } from '../../../shared/use-cases/ports/incident-records';
import { refundComplaint } from '../../fixtures/cases/mentions';
import { BUS_NAME, received, useTriageHarness } from '../triage/support';

const harness = useTriageHarness();
const config = parseConfig({ incidents: { minCount: 10 } });

/** A point one function stops at until the test lets it go on. */
const gate = () => {
  let reach: () => void = () => {};
  let release: () => void = () => {};
  const reached = new Promise<void>((resolve) => {
    reach = resolve;
  });
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  const wait = () => {
    reach();
    return released;
  };
  return { reached, release, wait };
};
type Gate = ReturnType<typeof gate>;

/** The function stopped (a crash, a timeout) right after a store call. */
class FunctionStoppedError extends Error {
  override name = 'FunctionStoppedError';
}

/** The real incident store, doing `then` once, after the first call to `method` returns. */
const onceAfter = (
  store: IncidentRecords,
  method: keyof IncidentRecords,
  then: () => Promise<void>,
) => {
  let done = false;
  return new Proxy(store, {
    get: (target, member, receiver) => {
      const value = Reflect.get(target, member, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const result = await value.apply(target, args);
        if (member === method && !done) {
          done = true;
          await then();
        }
        return result;
      };
    },
  });
};

/** One triage function instance whose incident store may hold at a gate, or stop, after a call. */
const triageFunction = (hold?: { method: keyof IncidentRecords; at: Gate | 'stop' }) => {
  const events = new EventPublisher(new EventBridgeClient({ region: 'us-east-1' }), BUS_NAME);
  const real = new IncidentStore(harness.documents, harness.table.tableName);
  const store = !hold
    ? real
    : onceAfter(real, hold.method, async () => {
        if (hold.at !== 'stop') return hold.at.wait();
        throw new FunctionStoppedError(`stopped after ${hold.method}`);
      });
  return new MentionTriage({
    store: harness.store,
    classifier: builtInClassifier,
    decide: decideTriage,
    config,
    events,
    incidents: new IncidentTracker({
      store,
      events,
      policy: config.incidents,
      sampleOf: async () => undefined,
    }),
  });
};

let serial = 0;
const outageComplaint = (brand: string): Mention => {
  serial += 1;
  const nativeId = `17${String(serial).padStart(17, '0')}`;
  return refundComplaint({
    id: `x:${nativeId}`,
    nativeId,
    brand,
    author: { id: `8${serial}`, handle: `traveller${serial}` },
    conversationId: nativeId,
    text: '@AcmeAir the app is down, I cannot check in for my flight',
    createdAt: harness.clock.now().toISOString(),
  });
};

const incidentOf = async (mention: Mention) =>
  (await harness.store.getCase(caseIdFor(mention)))?.incidentId;

const openedEvents = (brand: string) =>
  harness.events.filter(
    (event) =>
      event['detail-type'] === IncidentOpened.detailType &&
      (event.detail as { brand: string }).brand === brand,
  );

describe('an incident opening while the storm goes on', () => {
  it('takes in a case committed after the opener read its window and before it opened', async () => {
    const brand = 'race-air';
    const below = Array.from({ length: 9 }, () => outageComplaint(brand));
    for (const mention of below) {
      await triageFunction().handle(received(mention), harness.clock.now());
    }
    const [opener, late] = [outageComplaint(brand), outageComplaint(brand)];
    const openerRead = gate();
    const lateRead = gate();

    // The tenth complaint reaches the threshold and reads its window: ten cases.
    const opening = triageFunction({ method: 'windowCount', at: openerRead }).handle(
      received(opener),
      harness.clock.now(),
    );
    await openerRead.reached;
    // The eleventh commits and finds no incident open yet.
    const joining = triageFunction({ method: 'openIncidents', at: lateRead }).handle(
      received(late),
      harness.clock.now(),
    );
    await lateRead.reached;
    // The incident opens and gathers its window; then the eleventh goes on, its window now
    // mostly held by that incident.
    openerRead.release();
    await opening;
    lateRead.release();
    await joining;

    const opened = openedEvents(brand);
    expect(opened).toHaveLength(1);
    const incidentId = (opened[0]?.detail as { incidentId: string } | undefined)?.incidentId ?? '';
    const storm = [...below, opener, late];
    expect(await Promise.all(storm.map(incidentOf))).toEqual(storm.map(() => incidentId));
    const incident = await new IncidentStore(harness.documents, harness.table.tableName).get(
      incidentId,
    );
    expect(incident?.caseCount).toBe(11);
  });
});

describe('joining an incident', () => {
  it('joins when its first attempt only conflicted with another write to the case', async () => {
    const mention = outageComplaint('conflict-air');
    await triageFunction().handle(received(mention), harness.clock.now());
    let conflicts = 1;
    // The fault DynamoDB reports when another write to an item of the transaction is in progress.
    const conflicting = new Proxy(harness.documents, {
      get: (target, member, receiver) =>
        member === 'send'
          ? async (command: Parameters<DynamoDBDocumentClient['send']>[0]) => {
              if (command instanceof TransactWriteCommand && conflicts-- > 0) {
                throw new TransactionCanceledException({
                  message:
                    'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict, None, None]',
                  $metadata: {},
                  CancellationReasons: [
                    { Code: 'TransactionConflict', Message: 'Transaction is ongoing for the item' },
                    { Code: 'None' },
                    { Code: 'None' },
                  ],
                });
              }
              return target.send(command);
            }
          : Reflect.get(target, member, receiver),
    });
    const store = new IncidentStore(conflicting, harness.table.tableName);
    const entry = {
      at: harness.clock.now().toISOString(),
      type: 'incident_joined' as const,
      actor: { type: 'system' as const, id: 'incidents' },
      detail: { incidentId: 'inc_conflicted' },
    };

    expect(await store.join('inc_conflicted', caseIdFor(mention), entry)).toBe(true);
    expect(await incidentOf(mention)).toBe('inc_conflicted');
    // A case already in an incident fails the condition: no retry turns that into a join.
    expect(await store.join('inc_other', caseIdFor(mention), entry)).toBe(false);
  });
});

describe('an opener that stops before gathering its window', () => {
  it('has the window gathered by the next function to find it open once its claim has lapsed', async () => {
    const brand = 'stopped-air';
    const below = Array.from({ length: 9 }, () => outageComplaint(brand));
    for (const mention of below) {
      await triageFunction().handle(received(mention), harness.clock.now());
    }
    const [opener, soon] = [outageComplaint(brand), outageComplaint(brand)];

    // The tenth complaint opens the incident and its function stops before gathering anything.
    await expect(
      triageFunction({ method: 'open', at: 'stop' }).handle(received(opener), harness.clock.now()),
    ).rejects.toThrow(FunctionStoppedError);
    const incidentId = (await harness.store.getCase(caseIdFor(opener)))?.incidentId;
    expect(incidentId).toBeUndefined();
    expect(openedEvents(brand)).toHaveLength(0);

    // An eleventh, while the opener's claim still runs, joins itself and leaves the gathering.
    harness.clock.advance(10_000);
    await triageFunction().handle(received(soon), harness.clock.now());
    expect(await incidentOf(soon)).toMatch(/^inc_/);
    expect(await Promise.all(below.map(incidentOf))).toEqual(below.map(() => undefined));

    // SQS delivers the opener's message again after its visibility timeout: the window is gathered.
    harness.clock.advance(MENTION_QUEUE.visibilityTimeoutSeconds * 1000);
    expect(await triageFunction().handle(received(opener), harness.clock.now())).toEqual({
      outcome: 'duplicate',
    });
    const storm = [...below, opener, soon];
    const joined = await incidentOf(soon);
    expect(await Promise.all(storm.map(incidentOf))).toEqual(storm.map(() => joined));
    expect(openedEvents(brand)).toHaveLength(1);
    const incidents = new IncidentStore(harness.documents, harness.table.tableName);
    expect((await incidents.get(joined ?? ''))?.caseCount).toBe(11);
    expect((await incidents.state(joined ?? ''))?.gatherClaimedAt).toBeUndefined();

    // Delivered once more, nothing changes and nothing is announced again.
    await triageFunction().handle(received(opener), harness.clock.now());
    expect(openedEvents(brand)).toHaveLength(1);
    expect((await incidents.get(joined ?? ''))?.caseCount).toBe(11);
  });
});
