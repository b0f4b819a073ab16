import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { ValidationError } from '../errors';
import { jsonBody } from '../server/http/json-body';
import type { CustomerDataService } from './customer-data-service';
import { customerFromIds } from './customer-ref';

/** Options of {@link adminCustomersRouter}. */
export interface AdminCustomersRouterOptions {
  service: Pick<CustomerDataService, 'export' | 'erase'>;
  /**
   * The role check, run before anything else (e.g. the console's `authenticate()` then
   * `requireRole('admin')`); it must end the request when the caller is not an admin.
   */
  requireAdmin: RequestHandler | RequestHandler[];
  /** Who the audit log names as actor, from the request (default: `admin-api:<res.locals.agent.id>`). */
  actorOf?: (res: Parameters<RequestHandler>[1]) => string;
  /** Where the two routes live; default `/api/admin/customers` (the demo mounts them beside the console's session cookie, `/console/api/admin/customers`). */
  basePath?: string;
  /** Request body limit; the body is a few ids. */
  bodyLimitBytes?: number;
}

/** Most identities one request may name: one customer has a handful of channels. */
const MAX_IDS = 20;
const DEFAULT_BODY_LIMIT_BYTES = 16 * 1024;
const DEFAULT_BASE_PATH = '/api/admin/customers';

const requestSchema = z.strictObject({
  /** `<channelId>:<userId>` identities of the customer. */
  ids: z.array(z.string().min(3).max(300)).min(1).max(MAX_IDS),
  /** Conversations already known to be theirs (optional). */
  conversationIds: z.array(z.string().min(1).max(300)).max(1000).optional(),
});

/**
 * `POST /api/admin/customers/export` and `POST /api/admin/customers/erase` with
 * `{ "ids": ["webchat:u-123", "sms:+15551234567"] }`: export answers the customer's data as JSON,
 * erase what was removed per source. Both are audited by the service; both sit behind `requireAdmin`.
 *
 * @example routers: [adminCustomersRouter({ service, requireAdmin: [console.authenticate(), requireRole('admin')] })]
 */
export function adminCustomersRouter(options: AdminCustomersRouterOptions): Router {
  const router = Router();
  const guard = Array.isArray(options.requireAdmin) ? options.requireAdmin : [options.requireAdmin];
  const parse = jsonBody(options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES);
  const actorOf =
    options.actorOf ??
    ((res) => `admin-api:${(res.locals as { agent?: { id?: string } }).agent?.id ?? 'unknown'}`);
  const base = options.basePath ?? DEFAULT_BASE_PATH;
  router.post(`${base}/export`, ...guard, parse, async (req, res) => {
    const { ids, conversationIds } = validate(req.body);
    res.json(await options.service.export(customerFromIds(ids, conversationIds), actorOf(res)));
  });
  router.post(`${base}/erase`, ...guard, parse, async (req, res) => {
    const { ids, conversationIds } = validate(req.body);
    res.json(await options.service.erase(customerFromIds(ids, conversationIds), actorOf(res)));
  });
  return router;
}

function validate(body: unknown): z.output<typeof requestSchema> {
  const result = requestSchema.safeParse(body);
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new ValidationError(`Invalid request (${problems}). Send {"ids": ["<channelId>:<userId>", …]}.`);
  }
  return result.data;
}
