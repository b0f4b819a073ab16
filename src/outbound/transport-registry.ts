import { UnsupportedActivityError } from '../errors';
import type { OutboundTransport } from './outbound-sender';

/** The transports of one process, by channel id (each adapter registers its own). */
export class TransportRegistry {
  readonly #byChannel = new Map<string, OutboundTransport>();

  /** Registers (or replaces, e.g. after a channel was rebuilt) the transport of a channel. */
  register(transport: OutboundTransport): void {
    this.#byChannel.set(transport.channelId, transport);
  }

  /** True when this process can send on `channelId`. */
  has(channelId: string): boolean {
    return this.#byChannel.has(channelId);
  }

  get(channelId: string): OutboundTransport {
    const transport = this.#byChannel.get(channelId);
    if (!transport) {
      throw new UnsupportedActivityError(
        `No outbound transport for channel "${channelId}" in this process: enable the channel here (its settings must be set on workers too).`,
      );
    }
    return transport;
  }
}
