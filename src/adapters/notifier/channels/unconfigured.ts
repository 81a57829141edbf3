/**
 * The stand-in for a channel nothing is configured for: it says so (configured: false) so nothing is
 * routed to it, and answers any send that arrives anyway as permanent, naming the variable to set.
 */
import type { Channel } from '../../../domain/delivery/notification.ts';
import type { ChannelAdapter } from './interface.ts';

export const unconfiguredChannel = <C extends Channel>(channel: C, variable: string): ChannelAdapter<C> => ({
  channel,
  configured: false,
  send: () => Promise.resolve({ kind: 'permanent', error: `${channel} is not configured (${variable})` }),
  close: () => Promise.resolve(),
});
