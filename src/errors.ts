/**
 * The error catalog: every failure Switchboard raises has a class here with a stable `code`.
 *
 * Codes cross process and queue boundaries; match on `code`, never on `instanceof` or message text.
 * Every code is documented in `docs/errors.md` (a test checks it).
 */

/** Options accepted by every Switchboard error. */
export interface SwitchboardErrorOptions {
  /** The underlying error, kept for logs. */
  cause?: unknown;
  /** HTTP status to answer with when this error ends a request. */
  status?: number;
  /** Extra, non-secret, non-PII context for logs. */
  details?: Record<string, unknown>;
}

/** Base class of every Switchboard error: a stable `code`, a message that says how to fix it. */
export class SwitchboardError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: SwitchboardErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.status = options.status ?? 500;
    this.details = options.details;
  }

  /** A JSON body safe to send to a client: `{ code, message }`. */
  toJSON(): { code: string; message: string } {
    return { code: this.code, message: this.message };
  }
}

/** True when `value` carries a Switchboard error code (works across process boundaries). */
export function hasErrorCode(value: unknown, code?: string): value is { code: string; message: string } {
  if (typeof value !== 'object' || value === null) return false;
  const found = (value as { code?: unknown }).code;
  return typeof found === 'string' && found.startsWith('SWB_ERR_') && (code === undefined || found === code);
}

/** Configuration is invalid; the message lists every problem at once. */
export class ConfigError extends SwitchboardError {
  constructor(message: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_CONFIG_INVALID', message, options);
  }
}

/** A request body or message failed validation. */
export class ValidationError extends SwitchboardError {
  constructor(message: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_VALIDATION', message, { status: 400, ...options });
  }
}

/** A request body is not valid JSON. */
export class MalformedJsonError extends SwitchboardError {
  constructor(options?: SwitchboardErrorOptions) {
    super('SWB_ERR_MALFORMED_JSON', 'The request body is not valid JSON. Send a UTF-8 JSON document.', {
      status: 400,
      ...options,
    });
  }
}

/** A request body is larger than the route accepts. */
export class PayloadTooLargeError extends SwitchboardError {
  constructor(limitBytes: number, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_PAYLOAD_TOO_LARGE',
      `The request body exceeds the ${limitBytes}-byte limit of this route.`,
      {
        status: 413,
        ...options,
      },
    );
  }
}

/** A request body is not in a content type the route accepts. */
export class UnsupportedMediaTypeError extends SwitchboardError {
  constructor(expected: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_UNSUPPORTED_MEDIA_TYPE', `This route accepts ${expected} bodies only.`, {
      status: 415,
      ...options,
    });
  }
}

/** No route matches the request. */
export class NotFoundError extends SwitchboardError {
  constructor(what: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_NOT_FOUND', `${what} was not found.`, { status: 404, ...options });
  }
}

/** A web chat session token is missing, malformed, forged or expired. */
export class WebChatTokenError extends SwitchboardError {
  constructor(reason: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_WEBCHAT_TOKEN',
      `The web chat session token is ${reason}. Start a new session with POST /webchat/session.`,
      { status: 401, ...options },
    );
  }
}

/** A storage write lost an eTag compare-and-set race. */
export class StorageConflictError extends SwitchboardError {
  constructor(key: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_STORAGE_CONFLICT',
      `The stored item "${key}" was changed by someone else (eTag mismatch). Read it again and retry the write.`,
      { status: 409, ...options },
    );
  }
}

/** The per-conversation turn lock could not be acquired in time. */
export class LockTimeoutError extends SwitchboardError {
  constructor(resource: string, waitedMs: number, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_LOCK_TIMEOUT',
      `Could not acquire the lock on "${resource}" within ${waitedMs} ms: another turn of this conversation is still running. Raise turnLock.waitMs if turns are legitimately slow.`,
      { status: 503, ...options },
    );
  }
}

/** A lock was lost (expired, taken over) before the holder finished; its writes are refused. */
export class LockLostError extends SwitchboardError {
  constructor(resource: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_LOCK_LOST',
      `The lock on "${resource}" expired before the turn finished; another process may own it now. Raise turnLock.ttlMs if turns are legitimately slow.`,
      options,
    );
  }
}

/** A turn failed inside the bot's logic; the customer got an apology. */
export class TurnError extends SwitchboardError {
  constructor(message: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_TURN_FAILED', message, options);
  }
}

/** An activity cannot be handled by this channel (wrong type, unsupported content). */
export class UnsupportedActivityError extends SwitchboardError {
  constructor(message: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_UNSUPPORTED_ACTIVITY', message, { status: 422, ...options });
  }
}

/** A conversation reference is unknown, so no proactive message can reach that conversation. */
export class UnknownConversationError extends SwitchboardError {
  constructor(conversationId: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_UNKNOWN_CONVERSATION',
      `No conversation reference is stored for conversation "${conversationId}". The customer must have written at least once before the bot can reach them.`,
      { status: 404, ...options },
    );
  }
}

/** The server or one of its stores is not ready yet (models loading, Redis down). */
export class NotReadyError extends SwitchboardError {
  constructor(what: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_NOT_READY', `${what} is not ready yet. Retry shortly; check /readyz for details.`, {
      status: 503,
      ...options,
    });
  }
}

/** Too many requests from one client or conversation. */
export class RateLimitedError extends SwitchboardError {
  /** How long the client should wait; HTTP answers carry it as `Retry-After` (seconds). */
  readonly retryAfterMs: number;

  constructor(retryAfterMs: number, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_RATE_LIMITED', `Too many requests. Retry after ${Math.ceil(retryAfterMs / 1000)} s.`, {
      status: 429,
      ...options,
    });
    this.retryAfterMs = retryAfterMs;
  }
}

/** The process is shutting down and takes no new turns. */
export class ShuttingDownError extends SwitchboardError {
  constructor(options?: SwitchboardErrorOptions) {
    super('SWB_ERR_SHUTTING_DOWN', 'The server is shutting down. Retry against another instance.', {
      status: 503,
      ...options,
    });
  }
}

/** One problem found while loading the FAQ knowledge base, located by file and line (1-based). */
export interface KnowledgeBaseProblem {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** The FAQ knowledge base has problems; `problems` lists every one of them with file and line. */
export class KnowledgeBaseInvalidError extends SwitchboardError {
  readonly problems: readonly KnowledgeBaseProblem[];

  constructor(problems: readonly KnowledgeBaseProblem[], options?: SwitchboardErrorOptions) {
    const lines = problems.map((p) => `  ${p.file}:${p.line}:${p.column} ${p.message}`);
    super(
      'SWB_ERR_KB_INVALID',
      `The FAQ knowledge base has ${problems.length} problem(s); fix them (see docs/retrieval.md) and save again:\n${lines.join('\n')}`,
      options,
    );
    this.problems = problems;
  }
}

/** A reply template has slots with no value; nothing was sent half-filled. */
export class TemplateSlotMissingError extends SwitchboardError {
  constructor(missing: readonly string[], options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_TEMPLATE_SLOT_MISSING',
      `The reply template needs the slot(s) ${missing.map((s) => `{${s}}`).join(', ')}, which had no value. Fill them from entities, state or a backend action before rendering.`,
      options,
    );
  }
}

/** A reply template cannot be parsed (an unclosed `{`, a stray `}`, a bad slot name). */
export class TemplateSyntaxError extends SwitchboardError {
  constructor(problem: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_TEMPLATE_SYNTAX',
      `Invalid reply template: ${problem}. Write slots as {name} or {name:format}; write {{ and }} for literal braces.`,
      options,
    );
  }
}

/** A backend action was called by a name nobody registered. */
export class ActionUnknownError extends SwitchboardError {
  constructor(name: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_ACTION_UNKNOWN',
      `No backend action named "${name}" is registered. Register it with ActionRegistry.register before calling it.`,
      options,
    );
  }
}

/** A backend action was called with input that does not match its schema. */
export class ActionInputInvalidError extends SwitchboardError {
  constructor(name: string, problems: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_ACTION_INPUT_INVALID',
      `The input given to backend action "${name}" is invalid (${problems}). Fix the caller to pass what the action's input schema expects.`,
      { status: 400, ...options },
    );
  }
}

/** A backend action returned output that does not match its schema (the backend changed or is broken). */
export class ActionOutputInvalidError extends SwitchboardError {
  constructor(name: string, problems: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_ACTION_OUTPUT_INVALID',
      `Backend action "${name}" returned invalid output (${problems}). Check the backend's response format against the action's output schema.`,
      { status: 502, ...options },
    );
  }
}

/** A backend action did not finish within its timeout; it was aborted. */
export class ActionTimeoutError extends SwitchboardError {
  constructor(name: string, timeoutMs: number, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_ACTION_TIMEOUT',
      `Backend action "${name}" did not answer within ${timeoutMs} ms and was aborted. Check the backend's health, or raise the action's timeoutMs.`,
      { status: 504, ...options },
    );
  }
}

/** A backend action failed (threw, was aborted, or its HTTP backend answered with an error). */
export class ActionFailedError extends SwitchboardError {
  constructor(name: string, reason: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_ACTION_FAILED',
      `Backend action "${name}" failed: ${reason}. See the cause in the logs and check the backend.`,
      { status: 502, ...options },
    );
  }
}

/** NLU training data is invalid; the message lists every problem at once, each with its file and line. */
export class NluDataError extends SwitchboardError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[], options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_NLU_DATA_INVALID',
      `The NLU training data has ${problems.length} problem(s); fix them and train again:\n  ${problems.join('\n  ')}`,
      { status: 422, ...options },
    );
    this.problems = problems;
  }
}

/** The NLU model folder or one of its files (`model.onnx`, `model.json`) does not exist. */
export class NluModelMissingError extends SwitchboardError {
  constructor(path: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_NLU_MODEL_MISSING',
      `The NLU model file "${path}" does not exist. Train a model with \`npx switchboard train --out <dir>\` or point nlu.modelDir at a trained model folder.`,
      { status: 503, ...options },
    );
  }
}

/** The NLU model files exist but cannot be used (bad JSON, wrong schema, ONNX load or warm-up failure). */
export class NluModelCorruptError extends SwitchboardError {
  constructor(path: string, reason: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_NLU_MODEL_CORRUPT',
      `The NLU model at "${path}" cannot be loaded: ${reason}. Retrain it with \`npx switchboard train\`; the files may be truncated or from an incompatible version.`,
      { status: 503, ...options },
    );
  }
}

/** Training could not run (not enough intents or examples, bad options). */
export class NluTrainingError extends SwitchboardError {
  constructor(message: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_NLU_TRAINING', message, options);
  }
}

/** A Slack Web API call failed; `details.slackError` is Slack's error string (`invalid_auth`, `channel_not_found`, …). */
export class SlackApiError extends SwitchboardError {
  readonly slackError: string;

  constructor(method: string, slackError: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_SLACK_API',
      `Slack's ${method} failed with "${slackError}". See https://api.slack.com/methods/${method}#errors; invalid_auth or token_revoked means the workspace's bot token must be replaced (SLACK_BOT_TOKEN or the installation store).`,
      { status: 502, ...options, details: { method, slackError, ...options?.details } },
    );
    this.slackError = slackError;
  }
}

/** Slack kept rate-limiting a Web API call after the allowed retries (each honoured `Retry-After`). */
export class SlackRateLimitedError extends SwitchboardError {
  constructor(method: string, retryAfterMs: number, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_SLACK_RATE_LIMITED',
      `Slack rate-limited ${method} (retry after ${Math.ceil(retryAfterMs / 1000)} s) after every allowed retry. Send fewer messages per channel (about one per second), or raise the Slack channel's rateLimit.maxRetries.`,
      { status: 503, ...options, details: { method, retryAfterMs, ...options?.details } },
    );
  }
}

/** An event came from a Slack workspace with no installation (no bot token for its team id). */
export class SlackWorkspaceUnknownError extends SwitchboardError {
  constructor(teamId: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_SLACK_WORKSPACE_UNKNOWN',
      `No Slack installation for workspace "${teamId}": the event was acknowledged and ignored. Install the app in that workspace, or check SLACK_TEAM_ID and the installation store.`,
      { status: 403, ...options, details: { teamId, ...options?.details } },
    );
  }
}

/** A signed Slack payload could not be understood (unknown shape, missing fields); it was acknowledged and ignored. */
export class SlackPayloadError extends SwitchboardError {
  constructor(reason: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_SLACK_PAYLOAD',
      `A Slack payload was ignored: ${reason}. Nothing to fix unless this repeats; then check the app's event subscriptions and interactivity settings.`,
      { status: 400, ...options },
    );
  }
}

/** A Twilio webhook is unsigned, forged, or signed for another URL or account (403). */
export class TwilioSignatureError extends SwitchboardError {
  constructor(reason: 'missing' | 'invalid' | 'unsupported', options?: SwitchboardErrorOptions) {
    const what = {
      missing: 'has no X-Twilio-Signature header',
      invalid: 'has an X-Twilio-Signature that does not match',
      unsupported:
        'is signed with a SharedKey (X-Twilio-Webhooks-Signature-Settings), which is not supported',
    }[reason];
    super(
      'SWB_ERR_TWILIO_SIGNATURE',
      `This Twilio webhook ${what}. Requests must be signed by Twilio with TWILIO_AUTH_TOKEN for the URL PUBLIC_BASE_URL + path; check both match the Twilio console exactly (scheme, host, path prefix).`,
      { status: 403, ...options },
    );
  }
}

/** A message to a phone number that opted out (STOP) was refused before it reached Twilio. */
export class SmsOptedOutError extends SwitchboardError {
  constructor(conversationId: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_SMS_OPTED_OUT',
      `Not sent: the customer of SMS conversation "${conversationId}" opted out (STOP). Nothing may be sent to them until they text START.`,
      { status: 409, ...options },
    );
  }
}

/** Twilio's REST API refused or failed a request (send a message, update a call). */
export class TwilioApiError extends SwitchboardError {
  constructor(operation: string, reason: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_TWILIO_API',
      `Twilio could not ${operation}: ${reason}. Check the Twilio debugger for the error code; TWILIO_API_BASE_URL redirects the client if set.`,
      { status: 502, ...options },
    );
  }
}

/** No handoff with this id exists (or it expired from storage after its retention). */
export class HandoffNotFoundError extends SwitchboardError {
  constructor(handoffId: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_HANDOFF_NOT_FOUND',
      `No handoff "${handoffId}" exists. It may have finished long ago; refresh the queue list.`,
      { status: 404, ...options },
    );
  }
}

/** A handoff is not in the state the action needs (already claimed, closed, or held by another agent). */
export class HandoffConflictError extends SwitchboardError {
  constructor(handoffId: string, status: string, action: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_HANDOFF_CONFLICT',
      `Cannot ${action} handoff "${handoffId}": it is ${status}. Another agent may have taken it; refresh and pick another conversation.`,
      { status: 409, ...options },
    );
  }
}

/** An agent who set themselves Away tried to pick or claim a new conversation. */
export class AgentAwayError extends SwitchboardError {
  constructor(agentId: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_AGENT_AWAY',
      `Agent "${agentId}" is Away: an away agent keeps their conversations but takes no new ones. Set your presence to Online to pick or claim.`,
      { status: 409, ...options },
    );
  }
}

/** The agent console request has no valid session, or the credentials are wrong. */
export class ConsoleAuthError extends SwitchboardError {
  constructor(reason: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_CONSOLE_AUTH', `${reason} Log in to the agent console again at /console/.`, {
      status: 401,
      ...options,
    });
  }
}

/** The logged-in agent may not do this (another skill's queue, the supervisor view, a foreign origin). */
export class ConsoleForbiddenError extends SwitchboardError {
  constructor(reason: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_CONSOLE_FORBIDDEN', `${reason} Ask a supervisor to change your skills or role.`, {
      status: 403,
      ...options,
    });
  }
}

/** A write made under a lock was refused: a newer holder took the lock since (the writer stalled past its ttl). */
export class LockFencedError extends SwitchboardError {
  constructor(resource: string, token: number, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_LOCK_FENCED',
      `A write under the lock on "${resource}" with fencing token ${token} was refused: another process took the lock since, and its state wins. The turn was too slow for turnLock.ttlMs (raise it) or the process stalled (check CPU and event-loop delay).`,
      { status: 409, ...options, details: { resource, token, ...options?.details } },
    );
  }
}

/** An outbound platform send kept failing after every retry of the outbound queue. */
export class OutboundSendFailedError extends SwitchboardError {
  constructor(channelId: string, messageId: string, attempts: number, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_OUTBOUND_FAILED',
      `The ${channelId} message ${messageId} could not be sent after ${attempts} attempts (platform 5xx or rate limit each time). Check the platform's status page and credentials; raise outbound.maxAttempts to retry longer.`,
      { status: 502, ...options, details: { channelId, messageId, attempts, ...options?.details } },
    );
  }
}

/** `--role` / `SWITCHBOARD_ROLE` is not one of web, worker, all. */
export class InvalidRoleError extends SwitchboardError {
  constructor(role: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_ROLE_INVALID',
      `Unknown process role "${role}". Use --role web (HTTP, webhooks, sockets), --role worker (queue consumers) or --role all (both, the default); the same values work in SWITCHBOARD_ROLE.`,
      options,
    );
  }
}

/** A Slack request is unsigned, forged, or signed outside the ±5-minute timestamp window. */
export class SlackSignatureError extends SwitchboardError {
  constructor(reason: 'missing' | 'stale' | 'invalid', options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_SLACK_SIGNATURE',
      `Slack request refused: the signature is ${reason}. Slack signs every request with the app's signing secret; check SLACK_SIGNING_SECRET and the server clock.`,
      { status: 401, ...options },
    );
  }
}

/** A state-changing console request came from another site (CSRF defence: Origin / Sec-Fetch-Site). */
export class CsrfError extends SwitchboardError {
  constructor(origin: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_CSRF',
      `Cross-site request refused (from ${origin.slice(0, 100)}). Use the console at its own address; to serve it under another origin set PUBLIC_BASE_URL to that origin.`,
      { status: 403, ...options },
    );
  }
}

/** A browser page on an origin that is not allowed called the web chat API cross-origin. */
export class CorsOriginError extends SwitchboardError {
  constructor(origin: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_CORS_ORIGIN',
      `The origin ${origin.slice(0, 100)} may not call this API. Add it to security.webchatAllowedOrigins (WEBCHAT_ALLOWED_ORIGINS) to embed the widget there.`,
      { status: 403, ...options },
    );
  }
}

/** An analytics query (dashboard API, `switchboard report`) asked for an impossible or too-long range. */
export class AnalyticsQueryError extends SwitchboardError {
  constructor(problems: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_ANALYTICS_QUERY',
      `Invalid analytics query: ${problems}. Give from and to as YYYY-MM-DD (UTC days, to excluded), from before to, at most 366 days apart.`,
      { status: 400, ...options },
    );
  }
}

/** The analytics dashboard request has no valid session, or the credentials are wrong. */
export class DashboardAuthError extends SwitchboardError {
  constructor(reason: string, options?: SwitchboardErrorOptions) {
    super('SWB_ERR_DASHBOARD_AUTH', `${reason} Log in as a supervisor at /dashboard/.`, {
      status: 401,
      ...options,
    });
  }
}

/** An encryption key in `privacy.encryptionKeys` is unusable, or a stored value names a key that is not configured. */
export class EncryptionKeyError extends SwitchboardError {
  constructor(reason: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_ENCRYPTION_KEY',
      `${reason} Each entry of privacy.encryptionKeys (PRIVACY_ENCRYPTION_KEYS="id:base64key,…") needs a unique id and 32 random bytes in base64 (openssl rand -base64 32); keep retired keys listed until every value was re-encrypted.`,
      { status: 500, ...options },
    );
  }
}

/** A stored encrypted value is malformed or was tampered with (the AES-GCM tag does not verify). */
export class DecryptionError extends SwitchboardError {
  constructor(keyId: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_DECRYPTION',
      `A stored value (key id "${keyId}") could not be decrypted: it is malformed, was altered, or the key with that id changed. Restore the original key for that id or the value from a backup.`,
      { status: 500, ...options },
    );
  }
}

/** An erase or export request names no customer, or an identity that is not `<channelId>:<userId>`. */
export class CustomerRefError extends SwitchboardError {
  constructor(reason: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_CUSTOMER_REF',
      `${reason} Name the customer as one or more identities "<channelId>:<userId>", e.g. --id webchat:u-123 --id sms:+15551234567.`,
      { status: 400, ...options },
    );
  }
}

/** A sentiment alert could not be delivered to a sink (webhook, Slack) after every retry. */
export class AlertDeliveryError extends SwitchboardError {
  constructor(sink: string, problem: string, options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_ALERT_DELIVERY',
      `A sentiment alert could not be delivered to the ${sink} sink (${problem}) after every retry; it is still on the dashboard. Check analytics.alerts.webhookUrl / slackChannel and that the receiver answers 2xx within its timeout.`,
      { status: 502, ...options, details: { sink, ...options?.details } },
    );
  }
}

/** `GET /metrics` was called without the configured bearer token. */
export class MetricsAuthError extends SwitchboardError {
  constructor(options?: SwitchboardErrorOptions) {
    super(
      'SWB_ERR_METRICS_AUTH',
      'GET /metrics needs "Authorization: Bearer <token>" with the token of monitoring.metricsToken (METRICS_TOKEN). Configure your Prometheus scrape job with it (authorization.credentials).',
      { status: 401, ...options },
    );
  }
}
