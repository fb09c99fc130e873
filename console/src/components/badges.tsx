/** Small labels used across the views: priority, status, source, breach, countdown. */
import type { CaseStatus, Priority } from '../api/types';
import { countdown, useClock } from '../time';

export const PriorityBadge = ({ priority }: { priority: Priority }) => (
  <span class={`badge priority ${priority.toLowerCase()}`} title={`Priority ${priority}`}>
    {priority}
  </span>
);

export const StatusBadge = ({ status }: { status: CaseStatus }) => (
  <span class={`badge status ${status}`}>{status}</span>
);

export const SourceBadge = ({ source }: { source: string }) => (
  <span class="badge source">{source}</span>
);

export const BreachedBadge = () => <span class="badge breached">Breached</span>;

/** Time left to the deadline on the product's clock, ticking every second. */
export const Countdown = ({ dueAt }: { dueAt: string }) => {
  const now = useClock();
  const { text, overdue } = countdown(dueAt, now);
  return (
    <time class={overdue ? 'countdown overdue' : 'countdown'} dateTime={dueAt}>
      {text}
    </time>
  );
};
