/**
 * Alerts a paced channel could not take when they came: kept, then sent grouped. Alerts about the
 * same thing (one case, one incident: one PagerDuty `dedup_key`) form one group, whose newest alert
 * says where it stands now; a digest lists many groups in one message.
 */

/** How a held alert reads as one line of a digest. Raw text: each target escapes it. */
export interface HeldAlertLine {
  readonly title: string;
  readonly detail: string;
  readonly url?: string;
}

export interface HeldAlert<Payload = unknown> {
  readonly channel: string;
  /** The event the alert is about: holding the same event twice keeps it once. */
  readonly eventId: string;
  /** ISO time the event happened: a group's newest alert is the one that happened last. */
  readonly occurredAt: string;
  /** ISO time it was held. */
  readonly heldAt: string;
  /** What it is about (a case or an incident); the PagerDuty `dedup_key`. */
  readonly key: string;
  readonly caseId?: string;
  readonly line: HeldAlertLine;
  /** The message the channel would have been sent (PagerDuty's event). */
  readonly payload?: Payload;
}

/** The held alerts about one thing, in the order they happened; `latest` is the last of them. */
export interface HeldGroup<Payload = unknown> {
  readonly key: string;
  readonly alerts: readonly HeldAlert<Payload>[];
  readonly latest: HeldAlert<Payload>;
}

/** Events are delivered in no particular order: what happened later is newer, however it came. */
const byOccurrence = (a: HeldAlert, b: HeldAlert): number =>
  Date.parse(a.occurredAt) - Date.parse(b.occurredAt) ||
  a.heldAt.localeCompare(b.heldAt) ||
  a.eventId.localeCompare(b.eventId);

/** Groups held alerts by what they are about, in the order their first alert happened. */
export const groupHeldAlerts = <Payload>(
  alerts: readonly HeldAlert<Payload>[],
): HeldGroup<Payload>[] => {
  const groups = new Map<string, HeldAlert<Payload>[]>();
  for (const alert of [...alerts].sort(byOccurrence)) {
    const group = groups.get(alert.key);
    if (group) group.push(alert);
    else groups.set(alert.key, [alert]);
  }
  return [...groups].map(([key, grouped]) => ({
    key,
    alerts: grouped,
    latest: grouped[grouped.length - 1] as HeldAlert<Payload>,
  }));
};

/** Splits groups into digests of at most `size` groups each, oldest first. */
export const digestsOf = <Group>(groups: readonly Group[], size: number): Group[][] => {
  const digests: Group[][] = [];
  for (let start = 0; start < groups.length; start += size) {
    digests.push(groups.slice(start, start + size));
  }
  return digests;
};
