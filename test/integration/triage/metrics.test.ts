import type { Mention } from '../../../shared/contracts/mention';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../../../shared/contracts/metrics';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { brandReply, refundComplaint, safetyFollowUp } from '../../fixtures/cases/mentions';
import { captureEmf, type EmfCapture } from '../../support/emf';
import { received, recordOf, sqsEvent, useTriageHarness } from './support';

// Each test follows the refund case from its start, on a table of its own.
const harness = useTriageHarness({ perTest: true });
let emf: EmfCapture | undefined;

/** Captures the metrics printed from now on, after a test's set-up. */
const captureFromNow = (): EmfCapture => {
  emf = captureEmf();
  return emf;
};
afterEach(() => emf?.restore());

const triage = (...mentions: Mention[]) =>
  harness.triage(sqsEvent(...mentions.map((mention) => recordOf(received(mention)))));
/** The complaint opens its case, and 48 minutes later a safety follow-up raises it to P1. */
const openAndRaise = async () => {
  await triage(refundComplaint());
  harness.clock.advance(48 * 60_000);
  await triage(safetyFollowUp());
};

describe('createTriageHandler metrics', () => {
  it('counts an opened case by priority and every mention written to a case', async () => {
    const metrics = captureFromNow();
    await triage(refundComplaint());
    harness.clock.advance(48 * 60_000);
    await triage(safetyFollowUp(), refundComplaint());

    const record = await harness.store.getCaseRecord(caseIdFor(refundComplaint()));
    const opened = record?.timeline.find((entry) => entry.type === 'opened');
    expect(metrics.valuesOf(METRICS.casesOpened.name)).toEqual([
      {
        namespace: METRICS_NAMESPACE,
        dimensions: { service: METRICS_SERVICE, priority: opened?.detail?.priority },
        unit: 'Count',
        value: 1,
      },
    ]);
    // The complaint and its follow-up; the redelivered complaint is a duplicate and not counted.
    const triaged = metrics.valuesOf(METRICS.mentionsTriaged.name);
    expect(triaged.every((one) => one.dimensions.service === METRICS_SERVICE)).toBe(true);
    expect(triaged.reduce((sum, one) => sum + one.value, 0)).toBe(2);
  });

  it('records the seconds to the first response by priority when the brand replies', async () => {
    await openAndRaise();
    const metrics = captureFromNow();
    harness.clock.advance(5 * 60_000);

    await triage(brandReply());

    expect(metrics.valuesOf(METRICS.firstResponseSeconds.name)).toEqual([
      {
        namespace: METRICS_NAMESPACE,
        dimensions: { service: METRICS_SERVICE, priority: 'P1' },
        unit: 'Seconds',
        value: 53 * 60,
      },
    ]);
    expect(metrics.valuesOf(METRICS.casesOpened.name)).toEqual([]);
  });

  it('records no first response again when the brand replies to an answered case', async () => {
    await openAndRaise();
    harness.clock.advance(5 * 60_000);
    await triage(brandReply());
    const metrics = captureFromNow();

    await triage(
      brandReply({
        id: 'x:1790003300112233999',
        nativeId: '1790003300112233999',
        text: '@danawhit Following up: your refund was issued today.',
      }),
    );

    expect(metrics.valuesOf(METRICS.firstResponseSeconds.name)).toEqual([]);
    expect(metrics.valuesOf(METRICS.mentionsTriaged.name).map((one) => one.value)).toEqual([1]);
  });
});
