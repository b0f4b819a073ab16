import type { ServerModule } from '../../src/server/switchboard-server';
import type { ChannelAdapter } from '../channel-adapter';
import { VoiceAdapter } from './voice-adapter';
import type { VoiceHandoffLink } from './voice-handoff';

/** What the module needs of the server: the mounted channels' adapters. */
export interface AdapterSource {
  adapterFor(channelId: string): ChannelAdapter;
}

/**
 * Attaches a deployment's handoff to the voice channel, when one is mounted (otherwise the module
 * does nothing): escalated calls are queued in Twilio, and assignments heard on the bus dial the
 * agent's phone. Put it in the server's `modules` before the handoff module, so that on shutdown
 * it stops dialling before the handoff services close.
 *
 * @example
 * modules: [voiceHandoffModule({ service: handoff.services.service, bus: state.bus,
 *   agentPhone: (id) => handoff.services.directory.phoneOf(id) }), handoff.module]
 */
export function voiceHandoffModule(link: VoiceHandoffLink): (server: AdapterSource) => ServerModule {
  return (server) => {
    const handoff = voiceAdapterOf(server)?.handoff;
    if (!handoff) return {};
    const detach = handoff.attach(link);
    let closing: Promise<void> | undefined;
    return {
      start: () => handoff.start(),
      close: () => {
        closing ??= handoff.close().finally(detach);
        return closing;
      },
    };
  };
}

function voiceAdapterOf(server: AdapterSource): VoiceAdapter | undefined {
  try {
    const adapter = server.adapterFor('voice');
    return adapter instanceof VoiceAdapter ? adapter : undefined;
  } catch {
    // No voice channel on this server: nothing to attach.
    return undefined;
  }
}
