/** Where the use cases publish product events: the port the EventBridge publisher implements. */
import type { z } from 'zod';
import type { EventDefinition } from '../../contracts/events';

/** An event and its detail, validated against the definition's schema when published. */
export interface PublishableEvent {
  readonly definition: EventDefinition<z.ZodType>;
  readonly detail: unknown;
}

export interface EventSink {
  publish<S extends z.ZodType>(definition: EventDefinition<S>, detail: z.input<S>): Promise<void>;
  /** Publishes every event; throws when any of them was not accepted. */
  publishAll(events: readonly PublishableEvent[]): Promise<void>;
}
