import type { RequestHandler, Router } from 'express';
import type { AuditLog } from '../audit/audit-log';
import { MemoryAuditLog } from '../audit/memory-audit-log';
import { adminCustomersRouter } from './admin-customers-router';
import { CustomerDataService } from './customer-data-service';
import { customerDataSources, type DeploymentStores } from './customer-data-sources';

/** Where the demo mounts the customer admin API: under `/console`, where the console session cookie is sent. */
export const CONSOLE_CUSTOMERS_PATH = '/console/api/admin/customers';

/** Options of {@link customerAdminRoutes}. */
export interface CustomerAdminRoutesOptions extends DeploymentStores {
  /** The console's admin guard (`agentConsole.guard('admin')`). */
  requireAdmin: RequestHandler[];
  /** Where exports and erasures are recorded; default an in-memory log (lost on restart). */
  audit?: AuditLog;
}

/**
 * The export/erase admin API over every store of a deployment, for the composition root:
 * `POST /console/api/admin/customers/export|erase`.
 */
export function customerAdminRoutes(options: CustomerAdminRoutesOptions): Router {
  const service = new CustomerDataService({
    sources: customerDataSources(options),
    audit: options.audit ?? new MemoryAuditLog(),
  });
  return adminCustomersRouter({
    service,
    requireAdmin: options.requireAdmin,
    basePath: CONSOLE_CUSTOMERS_PATH,
  });
}
