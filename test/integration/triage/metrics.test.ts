import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../../../shared/contracts/metrics';
import { caseIdFor } from '../../../shared/use-cases/mention-triage';
import { brandReply, refundComplaint, safetyFollowUp } from '../../fixtures/cases/mentions';
import { captureEmf, type EmfCapture } from '../../support/emf';
import { received, recordOf, sqsEvent, useTriageHarness } from './support';

const harness = useTriageHarness();
let emf: EmfCapture;

beforeEach(() => {
  emf = captureEmf();
});
afterEach(() => emf.restore());

describe('createTriageHandler metrics', () => {
  it('counts an opened case by priority and every mention written to a case', async () => {
    await harness.triage(sqsEvent(recordOf(received(refundComplaint()))));
    harness.clock.advance(48 * 60_000);
    await harness.triage(
      sqsEvent(recordOf(received(safetyFollowUp())), recordOf(received(refundComplaint()))),
    );

    const record = await harness.store.getCaseRecord(caseIdFor(refundComplaint()));
    const opened = record?.timeline.find((entry) => entry.type === 'opened');
    expect(emf.valuesOf(METRICS.casesOpened.name)).toEqual([
      {
        namespace: METRICS_NAMESPACE,
        dimensions: { service: METRICS_SERVICE, priority: opened?.detail?.priority },
        unit: 'Count',
        value: 1,
      },
    ]);
    // The complaint and its follow-up; the redelivered complaint is a duplicate and not counted.
    const triaged = emf.valuesOf(METRICS.mentionsTriaged.name);
    expect(triaged.every((one) => one.dimensions.service === METRICS_SERVICE)).toBe(true);
    expect(triaged.reduce((sum, one) => sum + one.value, 0)).toBe(2);
  });

  it('records the seconds to the first response by priority when the brand replies', async () => {
    harness.clock.advance(5 * 60_000);

    await harness.triage(sqsEvent(recordOf(received(brandReply()))));

    expect(emf.valuesOf(METRICS.firstResponseSeconds.name)).toEqual([
      {
        namespace: METRICS_NAMESPACE,
        dimensions: { service: METRICS_SERVICE, priority: 'P1' },
        unit: 'Seconds',
        value: 53 * 60,
      },
    ]);
    expect(emf.valuesOf(METRICS.casesOpened.name)).toEqual([]);
  });

  it('records no first response again when the brand replies to an answered case', async () => {
    await harness.triage(
      sqsEvent(
        recordOf(
          received(
            brandReply({
              id: 'x:1790003300112233999',
              nativeId: '1790003300112233999',
              text: '@danawhit Following up: your refund was issued today.',
            }),
          ),
        ),
      ),
    );

    expect(emf.valuesOf(METRICS.firstResponseSeconds.name)).toEqual([]);
    expect(emf.valuesOf(METRICS.mentionsTriaged.name).map((one) => one.value)).toEqual([1]);
  });
});
