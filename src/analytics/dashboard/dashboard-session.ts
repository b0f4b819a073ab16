import type { IncomingHttpHeaders } from 'node:http';
import type { ConsoleSessionCodec } from '../../console/console-session';

/** The dashboard's session cookie (the console's is scoped to `/console`). */
export const DASHBOARD_COOKIE = 'swb_dashboard';

/**
 * The `Set-Cookie` of a dashboard session: the console's signed session token, http-only,
 * SameSite=Strict, for the whole site because the page (`/dashboard/`) and its API
 * (`/api/analytics`) live under different paths.
 */
export function dashboardCookie(token: string, maxAgeMs: number, secure: boolean): string {
  const maxAge = Math.floor(maxAgeMs / 1000);
  return `${DASHBOARD_COOKIE}=${token}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;
}

/** The `Set-Cookie` that ends the dashboard session. */
export function clearDashboardCookie(secure: boolean): string {
  return dashboardCookie('', 0, secure);
}

/** The agent id of a request's valid dashboard session, or undefined. */
export function dashboardAgentId(
  headers: IncomingHttpHeaders,
  codec: ConsoleSessionCodec,
): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === DASHBOARD_COOKIE) return codec.verify(value.join('='))?.agentId;
  }
  return undefined;
}
