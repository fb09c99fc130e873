/** Shared setup of the cases API integration tests: cases are opened by the real triage function. */
import type { createTriageHandler } from '../../../functions/triage';
import type { Mention } from '../../../shared/contracts/mention';
import { received, recordOf, sqsEvent } from '../triage/support';

/** Triages one customer mention, received as it was posted; fails the test unless it is accepted. */
export const triageMention = async (
  triage: ReturnType<typeof createTriageHandler>,
  mention: Mention,
): Promise<void> => {
  const response = await triage(sqsEvent(recordOf(received(mention, mention.createdAt))));
  expect(response.batchItemFailures).toEqual([]);
};
