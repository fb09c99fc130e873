import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { z } from 'zod';
import type { EventDefinition } from '../../contracts/events';
import type { EventSink, PublishableEvent } from '../../use-cases/ports/event-sink';

export class EventPublishError extends Error {
  override name = 'EventPublishError';
}

/** Publishes product events to the EventBridge bus; the detail is validated against its contract first. */
export class EventPublisher implements EventSink {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish<S extends z.ZodType>(
    definition: EventDefinition<S>,
    detail: z.input<S>,
  ): Promise<void> {
    await this.publishAll([{ definition, detail }]);
  }

  /** Publishes up to any number of events, ten per PutEvents call; throws if any entry failed. */
  async publishAll(events: readonly PublishableEvent[]): Promise<void> {
    for (let start = 0; start < events.length; start += 10) {
      const chunk = events.slice(start, start + 10);
      const entries = chunk.map(({ definition, detail }) => ({
        EventBusName: this.busName,
        Source: definition.source,
        DetailType: definition.detailType,
        Detail: JSON.stringify(definition.detail.parse(detail)),
      }));
      const result = await this.client.send(new PutEventsCommand({ Entries: entries }));
      if ((result.FailedEntryCount ?? 0) > 0) {
        const failures = (result.Entries ?? [])
          .filter((entry) => entry.ErrorCode)
          .map((entry) => `${entry.ErrorCode}: ${entry.ErrorMessage ?? ''}`);
        throw new EventPublishError(
          `PutEvents rejected ${result.FailedEntryCount} entries: ${failures.join('; ')}`,
        );
      }
    }
  }
}
