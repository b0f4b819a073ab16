import { z } from 'zod';

/** A limit: at most `points` requests per `durationMs` for one key. */
const limit = (points: number, durationMs: number) =>
  z
    .strictObject({
      points: z.int().positive().default(points),
      durationMs: z.int().positive().default(durationMs),
    })
    .prefault({});

const MINUTE_MS = 60_000;
/** Loopback addresses: local tools, health checks and benchmarks (see `exemptIps`). */
export const LOOPBACK_IPS = ['127.0.0.1', '::1', '::ffff:127.0.0.1'] as const;

/**
 * The `security` section (docs/security.md): abuse limits per client IP and per conversation,
 * proxies trusted for the client IP, and the origins allowed to call the web chat cross-origin.
 * Defaults suit a person typing; platforms (Slack, Twilio) get a generous webhook budget.
 */
export function securitySchema() {
  return z
    .strictObject({
      rateLimits: z
        .strictObject({
          /** `false` turns every limit off (a trusted internal deployment). */
          enabled: z.boolean().default(true),
          /** New web chat sessions and token refreshes per client IP. */
          webchatSessionPerIp: limit(30, MINUTE_MS),
          /** Web chat messages (HTTP and socket) per client IP: a busy office behind one NAT. */
          webchatMessagePerIp: limit(300, MINUTE_MS),
          /** Web chat messages per conversation: faster than anyone types. */
          webchatMessagePerConversation: limit(60, MINUTE_MS),
          /** Webhook requests per platform IP (Slack, Twilio): generous, platforms burst. */
          webhookPerIp: limit(3000, MINUTE_MS),
          /** Console login attempts per client IP (failed ones also count per account). */
          consoleLoginPerIp: limit(20, 5 * MINUTE_MS),
          /** Failed console logins per account before it is locked for `durationMs`. */
          consoleFailuresPerAccount: limit(5, 5 * MINUTE_MS),
          /** Failed console logins per client IP before that IP is locked out. */
          consoleFailuresPerIp: limit(20, 15 * MINUTE_MS),
          /**
           * Client IPs never limited. Default: loopback outside production (local tools,
           * benchmarks), none in production. Behind a proxy on the same host set `trustProxyHops`.
           */
          exemptIps: z.array(z.string().min(1)).optional(),
        })
        .prefault({}),
      /** Proxies in front of Switchboard: the client IP is that many entries from the right of X-Forwarded-For. */
      trustProxyHops: z.int().min(0).max(10).default(0),
      /** Origins (scheme://host[:port]) whose pages may embed the web chat widget cross-origin. */
      webchatAllowedOrigins: z.array(z.url()).default([]),
    })
    .prefault({});
}

/** The validated `security` section. */
export type SecurityConfig = z.output<ReturnType<typeof securitySchema>>;
