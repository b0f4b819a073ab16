import type { IncomingHttpHeaders } from 'node:http';

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

/** The session token of a request's dashboard cookie (unverified), or undefined. */
export function dashboardTokenFrom(headers: IncomingHttpHeaders): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === DASHBOARD_COOKIE) return value.join('=');
  }
  return undefined;
}
