import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Router } from 'express';
import type { BotLogic, ChannelAdapter } from '../../adapters/channel-adapter';
import type { SwitchboardConfig } from '../config/schema';
import type { Logger } from '../logging/logger';
import type { OutboundSender } from '../outbound/outbound-sender';
import type { StateServices } from '../state/ports';
import type { FastRoute } from './http/fast-route';
import type { ReadinessCheck } from './readiness';
import type { TurnTracker } from './turn-tracker';

/** What a channel receives from the server when it is mounted. */
export interface ChannelRuntime {
  /** The bot's turn logic: pass it to `adapter.processActivity`. */
  logic: BotLogic;
  /** Wrap every inbound turn in `tracker.run` so shutdown can drain it. */
  tracker: TurnTracker;
  logger: Logger;
  state: StateServices;
  config: SwitchboardConfig;
  /** This deployment's public base URL (what platforms call; signatures are computed on it). */
  publicBaseUrl: string;
  /** Platform sends with retries; an adapter given one delegates its platform call to it. */
  outbound?: OutboundSender;
}

/** Handles an HTTP upgrade (WebSocket) on one path. */
export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * A channel as the server mounts it: its adapter (the server installs the turn pipeline on it),
 * its HTTP routes and socket paths, readiness checks and lifecycle. Channel-specific settings
 * live on the channel's own options, never on the server's.
 */
export interface ChannelPlugin {
  readonly adapter: ChannelAdapter;
  /** Routes, mounted before the web chat's; they parse (and verify) their own bodies. */
  routes(runtime: ChannelRuntime): Router;
  /** Hot-path routes served on bare node:http before express (see `FastRoute`). */
  fastRoutes?(runtime: ChannelRuntime): FastRoute[];
  /** WebSocket paths this channel serves. */
  upgrades?(runtime: ChannelRuntime): Record<string, UpgradeHandler>;
  readiness?(): ReadinessCheck[];
  /** Called after the HTTP server listens (e.g. to open a Socket Mode connection). */
  start?(runtime: ChannelRuntime): Promise<void>;
  /** Called on shutdown after in-flight turns drained; idempotent. */
  close?(): Promise<void>;
}
