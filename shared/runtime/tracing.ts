/**
 * X-Ray tracing with Powertools' Tracer, for the functions whose AWS calls are worth a trace of
 * their own: the X-Ray SDK it loads (about 120 KB) is in those functions' bundles only. Functions
 * without it are still traced by Lambda itself (active tracing), and the AWS SDK passes the trace
 * header on to the services they call.
 */
import { Tracer } from '@aws-lambda-powertools/tracer';
import { METRICS_SERVICE } from '../contracts/metrics';
import type { Tracing } from './function-kit';

/**
 * One invocation in a subsegment of the function's trace, annotated with cold start and service
 * (Powertools' manual instrumentation). A no-op outside Lambda, where tracing is off.
 */
const traced = async <R>(tracer: Tracer, name: string, run: () => Promise<R>): Promise<R> => {
  if (!tracer.isTracingEnabled()) return run();
  const segment = tracer.getSegment();
  const subsegment = segment?.addNewSubsegment(`## ${name}`);
  if (subsegment) tracer.setSegment(subsegment);
  tracer.annotateColdStart();
  tracer.addServiceNameAnnotation();
  try {
    return await run();
  } catch (error) {
    if (error instanceof Error) tracer.addErrorAsMetadata(error);
    throw error;
  } finally {
    subsegment?.close();
    if (segment) tracer.setSegment(segment);
  }
};

export interface XRayTracing extends Tracing {
  readonly tracer: Tracer;
}

/** Traces each invocation in its own subsegment and each AWS call of the kit's clients. */
export const xrayTracing = (): XRayTracing => {
  const tracer = new Tracer({ serviceName: METRICS_SERVICE });
  return {
    tracer,
    capture: (client) => tracer.captureAWSv3Client(client),
    invocation: (name, run) => traced(tracer, name, run),
  };
};
