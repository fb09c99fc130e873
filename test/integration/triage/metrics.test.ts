import { caseIdFor } from '../../../shared/cases/triage-mention';
import { METRICS, METRICS_NAMESPACE, METRICS_SERVICE } from '../../../shared/runtime/metrics';
import { brandReply, refundComplaint, safetyFollowUp } from '../../fixtures/cases/mentions';
import { received, recordOf, sqsEvent, useTriageHarness } from './support';

/** One CloudWatch embedded metric format document as Powertools Metrics prints it. */
interface EmfDocument {
  readonly _aws: {
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

const harness = useTriageHarness();
let printed: string[];

beforeEach(() => {
  printed = [];
  const write = process.stdout.write.bind(process.stdout);
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    printed.push(String(chunk));
    return write(chunk, ...(rest as []));
  });
});
afterEach(() => jest.restoreAllMocks());

const emfDocuments = (): EmfDocument[] =>
  printed
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as EmfDocument);

/** Every value printed for a metric, with the dimensions of its document. */
const valuesOf = (name: string) =>
  emfDocuments().flatMap((document) => {
    const directive = document._aws.CloudWatchMetrics[0];
    if (!directive?.Metrics.some((metric) => metric.Name === name)) return [];
    const value = document[name];
    const dimensions = Object.fromEntries(
      (directive.Dimensions[0] ?? []).map((dimension) => [dimension, document[dimension]]),
    );
    const unit = directive.Metrics.find((metric) => metric.Name === name)?.Unit;
    return (Array.isArray(value) ? value : [value]).map((one) => ({
      namespace: directive.Namespace,
      dimensions,
      unit,
      value: one as number,
    }));
  });

describe('createTriageHandler metrics', () => {
  it('counts an opened case by priority and every mention written to a case', async () => {
    await harness.triage(sqsEvent(recordOf(received(refundComplaint()))));
    harness.clock.advance(48 * 60_000);
    await harness.triage(
      sqsEvent(recordOf(received(safetyFollowUp())), recordOf(received(refundComplaint()))),
    );

    const record = await harness.store.getCaseRecord(caseIdFor(refundComplaint()));
    const opened = record?.timeline.find((entry) => entry.type === 'opened');
    expect(valuesOf(METRICS.casesOpened.name)).toEqual([
      {
        namespace: METRICS_NAMESPACE,
        dimensions: { service: METRICS_SERVICE, priority: opened?.detail?.priority },
        unit: 'Count',
        value: 1,
      },
    ]);
    // The complaint and its follow-up; the redelivered complaint is a duplicate and not counted.
    const triaged = valuesOf(METRICS.mentionsTriaged.name);
    expect(triaged.every((one) => one.dimensions.service === METRICS_SERVICE)).toBe(true);
    expect(triaged.reduce((sum, one) => sum + one.value, 0)).toBe(2);
  });

  it('records the seconds to the first response by priority when the brand replies', async () => {
    harness.clock.advance(5 * 60_000);

    await harness.triage(sqsEvent(recordOf(received(brandReply()))));

    expect(valuesOf(METRICS.firstResponseSeconds.name)).toEqual([
      {
        namespace: METRICS_NAMESPACE,
        dimensions: { service: METRICS_SERVICE, priority: 'P1' },
        unit: 'Seconds',
        value: 53 * 60,
      },
    ]);
    expect(valuesOf(METRICS.casesOpened.name)).toEqual([]);
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

    expect(valuesOf(METRICS.firstResponseSeconds.name)).toEqual([]);
    expect(valuesOf(METRICS.mentionsTriaged.name).map((one) => one.value)).toEqual([1]);
  });
});
