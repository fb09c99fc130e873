import type { BusEvent } from '../../contracts/events';

/**
 * The body of an outbound escalation webhook, in the Standard Webhooks shape: a dotted type from
 * the event's detail-type (`Case SLA Breached` → `case.sla_breached`), the time, and the detail.
 */
export const webhookPayload = (
  event: BusEvent,
): { type: string; timestamp: string; data: unknown } => {
  const [subject = '', ...rest] = event['detail-type'].toLowerCase().split(' ');
  return {
    type: `${subject}.${rest.join('_')}`,
    timestamp: new Date(event.time).toISOString(),
    data: event.detail,
  };
};
