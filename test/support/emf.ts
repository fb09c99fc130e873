/** Reads the CloudWatch embedded metric format documents Powertools Metrics prints on stdout. */

/** One CloudWatch embedded metric format document as Powertools Metrics prints it. */
export interface EmfDocument {
  readonly _aws: {
    readonly CloudWatchMetrics: readonly {
      readonly Namespace: string;
      readonly Dimensions: readonly (readonly string[])[];
      readonly Metrics: readonly { readonly Name: string; readonly Unit: string }[];
    }[];
  };
  readonly [key: string]: unknown;
}

export interface EmfValue {
  readonly namespace: string;
  readonly dimensions: Record<string, unknown>;
  readonly unit: string | undefined;
  readonly value: number;
}

export interface EmfCapture {
  /** Every line printed on stdout since the capture began. */
  lines(): string[];
  /** Every EMF document printed since the capture began, in order. */
  documents(): EmfDocument[];
  /** Every value printed for the metric since the capture began, with its document's dimensions. */
  valuesOf(name: string): EmfValue[];
  restore(): void;
}

/** Records stdout (still passing it through) until `restore()`. */
export const captureEmf = (): EmfCapture => {
  const printed: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk, ...rest) => {
    printed.push(String(chunk));
    return write(chunk, ...(rest as []));
  });
  const lines = () => printed.flatMap((chunk) => chunk.split('\n'));
  const documents = (): EmfDocument[] =>
    lines()
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as EmfDocument);
  return {
    lines,
    documents,
    valuesOf: (name) =>
      documents().flatMap((document) => {
        const directive = document._aws.CloudWatchMetrics[0];
        const metric = directive?.Metrics.find((one) => one.Name === name);
        if (!directive || !metric) return [];
        const value = document[name];
        const dimensions = Object.fromEntries(
          (directive.Dimensions[0] ?? []).map((dimension) => [dimension, document[dimension]]),
        );
        return (Array.isArray(value) ? value : [value]).map((one) => ({
          namespace: directive.Namespace,
          dimensions,
          unit: metric.Unit,
          value: one as number,
        }));
      }),
    restore: () => spy.mockRestore(),
  };
};
