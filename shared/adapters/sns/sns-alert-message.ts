import { plainLine, truncate } from '../alerts/alert-text';
import type { IncidentAlert } from '../alerts/incident-alert';
import type { SlaAlert } from '../alerts/sla-alert';

/** Email subjects on SNS are limited to 100 characters. */
const SUBJECT_MAX = 100;
/** Short enough for two SMS segments, still whole sentences for email. */
const MESSAGE_MAX = 300;

/** An SNS message for email and SMS subscribers: a subject line and a short plain text. */
export const snsSlaMessage = (alert: SlaAlert): { subject: string; message: string } => {
  const link = alert.caseUrl ? ` ${alert.caseUrl}` : '';
  const lead = `${alert.priority} ${alert.headline}, ${alert.overdue}. ${plainLine(alert.author, 60)} on ${alert.source}: `;
  const room = Math.max(20, MESSAGE_MAX - [...lead].length - [...link].length - 2);
  return {
    // SNS refuses subjects with line breaks or control characters; plainLine removes them.
    subject: plainLine(`${alert.priority} ${alert.headline} (${alert.source})`, SUBJECT_MAX),
    message: truncate(
      `${lead}"${plainLine(alert.excerpt, room)}"${link}`,
      MESSAGE_MAX + link.length,
    ),
  };
};

/** An incident for email and SMS subscribers: headline, count and link. */
export const snsIncidentMessage = (alert: IncidentAlert): { subject: string; message: string } => ({
  subject: plainLine(`${alert.headline} (${alert.brand})`, SUBJECT_MAX),
  message: truncate(
    `${alert.headline} at ${alert.brand}: ${plainLine(alert.status, 120)}.${alert.incidentUrl ? ` ${alert.incidentUrl}` : ''}`,
    MESSAGE_MAX + (alert.incidentUrl?.length ?? 0),
  ),
});
