/**
 * Pages get helmet's headers with a CSP that still lets the web chat widget load and connect;
 * the web chat API is closed to other origins unless allow-listed; every route refuses bodies
 * over its limit with a coded 413.
 */
import { request } from 'node:http';
import { type SecurityServer, startSecurityServer } from './security-server';

const EMBEDDER = 'https://shop.example.com';
let t: SecurityServer;
beforeAll(async () => {
  t = await startSecurityServer({ config: { security: { webchatAllowedOrigins: [EMBEDDER] } } });
});
afterAll(() => t.close());

describe('security headers on pages', () => {
  test.each(['/', '/console/'])(
    '%s: CSP without inline script, no framing, nosniff, no referrer, HSTS',
    async (path) => {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.status).toBe(200);
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toMatch(/default-src 'none'/);
      expect(csp).toMatch(/script-src 'self'(;|$)/);
      expect(csp).toMatch(/frame-ancestors 'none'/);
      expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${t.port} wss://127.0.0.1:${t.port}`);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      // PUBLIC_BASE_URL is https in this deployment.
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
      expect(res.headers.get('x-powered-by')).toBeNull();
    },
  );

  test('the demo page allows exactly its own inline style by hash, never unsafe-inline', async () => {
    const res = await fetch(`${t.baseUrl}/`);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect(csp).not.toContain('unsafe-inline');
    expect(await res.text()).toContain('<script\n      src="/webchat.js"');
  });

  test('the widget files stay embeddable cross-origin', async () => {
    for (const path of ['/webchat.js', '/webchat.css']) {
      const res = await fetch(`${t.baseUrl}${path}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });

  test('the Host header cannot inject CSP directives', async () => {
    const csp = await new Promise<string>((resolve, reject) => {
      const req = request(
        { host: '127.0.0.1', port: t.port, path: '/console/', headers: { host: 'evil; script-src *' } },
        (res) => {
          res.resume();
          resolve(String(res.headers['content-security-policy'] ?? ''));
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(csp).not.toContain('script-src *');
  });
});

describe('CORS on the web chat API', () => {
  test('closed by default: no CORS header for an unknown origin, preflight refused', async () => {
    const res = await fetch(`${t.baseUrl}/webchat/session`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await fetch(`${t.baseUrl}/webchat/session`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(403);
    expect(await preflight.json()).toMatchObject({ code: 'SWB_ERR_CORS_ORIGIN' });
  });

  test('an allow-listed embedding origin gets its preflight and answers (session, messages)', async () => {
    const preflight = await fetch(`${t.baseUrl}/webchat/messages`, {
      method: 'OPTIONS',
      headers: {
        origin: EMBEDDER,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(EMBEDDER);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const session = await fetch(`${t.baseUrl}/webchat/session`, {
      method: 'POST',
      headers: { origin: EMBEDDER },
    });
    expect(session.status).toBe(201);
    expect(session.headers.get('access-control-allow-origin')).toBe(EMBEDDER);
    const { token } = (await session.json()) as { token: string };
    const message = await fetch(`${t.baseUrl}/webchat/messages`, {
      method: 'POST',
      headers: { origin: EMBEDDER, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'start' }),
    });
    expect(message.status).toBe(200);
    expect(message.headers.get('access-control-allow-origin')).toBe(EMBEDDER);
  });
});

describe('body-size limits', () => {
  const big = 'x'.repeat(200 * 1024);
  const routes: Array<[string, string]> = [
    ['/webchat/session', 'application/json'],
    ['/webchat/messages', 'application/json'],
    ['/console/api/login', 'application/json'],
    ['/twilio/sms', 'application/x-www-form-urlencoded'],
    ['/twilio/voice', 'application/x-www-form-urlencoded'],
  ];
  test.each(routes)('%s: 413 with a coded message', async (path, type) => {
    // Authenticated where the route checks the token first, so the limit is what refuses it.
    const session = (await (await fetch(`${t.baseUrl}/webchat/session`, { method: 'POST' })).json()) as {
      token: string;
    };
    const headers = { 'content-type': type, authorization: `Bearer ${session.token}` };
    const res = await fetch(`${t.baseUrl}${path}`, { method: 'POST', headers, body: big });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'SWB_ERR_PAYLOAD_TOO_LARGE' });
  });

  test('Slack: a body over 1 MiB is refused 413 (coded) before its signature is checked', async () => {
    const res = await fetch(`${t.baseUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(1024 * 1024 + 10),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'SWB_ERR_PAYLOAD_TOO_LARGE' });
  });

  test('chunked bodies without a length are cut off at the limit too', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: t.port,
          path: '/webchat/session',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      for (let i = 0; i < 20; i++) req.write('x'.repeat(16 * 1024));
      req.end();
    });
    expect(status).toBe(413);
  });

  test('any path: a declared body over the server-wide cap is refused before routing', async () => {
    const res = await fetch(`${t.baseUrl}/healthz`, { method: 'POST', body: 'x'.repeat(2 * 1024 * 1024) });
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ code: 'SWB_ERR_PAYLOAD_TOO_LARGE' });
  });
});
