/** The case's timeline: alerts, escalation levels, and who did what, newest first. */
import type { CaseReply, TimelineEntry } from '../api/types';
import { formatTime } from '../time';
import { ReplyStateBadge } from './reply-box';

const LABELS: Record<TimelineEntry['type'], string> = {
  opened: 'Case opened',
  mention: 'Customer wrote',
  priority_raised: 'Priority raised',
  escalated: 'Escalated',
  warned: 'SLA warning',
  delivered: 'Alert delivered',
  delivery_held: 'Alert held for a digest',
  delivery_failed: 'Alert delivery failed',
  acknowledged: 'Acknowledged',
  assigned: 'Assigned',
  responded: 'Response recorded',
  resolved: 'Resolved',
  reopened: 'Reopened',
  note: 'Note',
  merged: 'Merged',
  triage_corrected: 'Triage corrected',
  reply_queued: 'Reply queued',
  reply_failed: 'Reply failed',
  reply_unknown: 'Reply outcome unknown',
  incident_joined: 'Joined an incident',
};

/** The few detail fields worth a line of text; the rest stays in the API. */
const detailText = (entry: TimelineEntry): string => {
  const detail = entry.detail as Record<string, unknown>;
  const parts: string[] = [];
  for (const name of [
    'where',
    'level',
    'channel',
    'channels',
    'from',
    'to',
    'into',
    'incidentId',
    'assignee',
    'priority',
    'reason',
    'message',
    'text',
    'url',
  ]) {
    const value = detail[name];
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (text === undefined || text === null || text === '' || typeof text === 'object') continue;
    parts.push(
      ['text', 'reason', 'message', 'where'].includes(name)
        ? String(text)
        : `${name} ${String(text)}`,
    );
  }
  return parts.join(' · ');
};

/**
 * A reply's entries (queued, failed, unknown, responded) carry the reply's state now, so the
 * timeline tells whether what was asked for went out.
 */
export const Timeline = (props: {
  entries: readonly TimelineEntry[];
  replies?: readonly CaseReply[];
}) => {
  const replies = new Map((props.replies ?? []).map((reply) => [reply.replyId, reply]));
  return (
    <ol class="timeline">
      {[...props.entries].reverse().map((entry, index) => {
        const reply = replies.get(String(entry.detail.replyId));
        return (
          <li key={`${entry.at}-${index}`} class={`event ${entry.type}`}>
            <time dateTime={entry.at}>{formatTime(entry.at)}</time>
            <span class="event-label">{LABELS[entry.type] ?? entry.type}</span>
            <span class="muted">
              {' '}
              by {entry.actor.type === 'agent' ? entry.actor.id : entry.actor.type}
            </span>
            {reply ? (
              <>
                {' '}
                <span class="muted">now</span> <ReplyStateBadge state={reply.state} />
              </>
            ) : null}
            {detailText(entry) ? <p class="event-detail">{detailText(entry)}</p> : null}
          </li>
        );
      })}
    </ol>
  );
};
