import * as z from 'zod';

/** The channels an escalation can name, as the event rules route them; a misspelt one would notify nobody. */
export const AlertChannel = z.enum(['slack', 'pagerduty', 'sns', 'webhook']);
export type AlertChannel = z.infer<typeof AlertChannel>;
