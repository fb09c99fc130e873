import type { RepliesConfig } from '../../domain/config/replies';
import { replyPaceKey, replyPaceOf } from '../../domain/replies/reply-pacing';
import type { ReplyPacer } from '../../use-cases/ports/replies';
import type { ChannelPaceStore } from './channel-pace-store';

/** Reply turns from the table's pacing items, one per brand and source, never refused. */
export class DynamoDbReplyPacer implements ReplyPacer {
  constructor(
    private readonly paces: Pick<ChannelPaceStore, 'reserve'>,
    private readonly config: Pick<RepliesConfig, 'pacing'>,
  ) {}

  async turn(brand: string, source: string, now: Date): Promise<Date> {
    const reservation = await this.paces.reserve(
      replyPaceKey(brand, source),
      replyPaceOf(this.config, source),
      now.getTime(),
      Number.POSITIVE_INFINITY,
    );
    return new Date(reservation.sendAt);
  }
}
