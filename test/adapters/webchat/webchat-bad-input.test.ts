import { request } from 'node:http';
import { startTestServer, type TestServer } from '../../support/test-server';
import { createSession, type TestSession, WebChatTestClient } from '../../support/webchat-client';

/** Sends raw bytes (fetch cannot send invalid UTF-8 with a chosen content type as easily). */
function rawPost(
  url: string,
  body: Buffer,
  headers: Record<string, string>,
): Promise<{ status: number; json: { code: string; message: string } }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': body.length } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('web chat bad input: precise 4xx, JSON error, the process keeps serving', () => {
  let server: TestServer;
  let session: TestSession;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    server = await startTestServer();
    session = await createSession(server.baseUrl);
  });
  afterAll(() => server.close());

  const post = (body: string | Buffer, headers: Record<string, string> = {}) =>
    rawPost(`${server.baseUrl}/webchat/messages`, Buffer.from(body), {
      ...json,
      authorization: `Bearer ${session.token}`,
      ...headers,
    });

  it.each([
    ['malformed JSON', '{"type": "message",', 400, 'SWB_ERR_MALFORMED_JSON'],
    [
      'an empty message',
      JSON.stringify({ type: 'message', clientMessageId: 'e1', text: '   ' }),
      400,
      'SWB_ERR_VALIDATION',
    ],
    [
      'a 10,000-character message',
      JSON.stringify({ type: 'message', clientMessageId: 'l1', text: 'a'.repeat(10_000) }),
      400,
      'SWB_ERR_VALIDATION',
    ],
    [
      'a non-text message',
      JSON.stringify({ type: 'image', clientMessageId: 'i1', url: 'x' }),
      400,
      'SWB_ERR_VALIDATION',
    ],
    [
      'an unknown field',
      JSON.stringify({ type: 'message', clientMessageId: 'u1', text: 'hi', userId: 'x' }),
      400,
      'SWB_ERR_VALIDATION',
    ],
    [
      'a bad client message id',
      JSON.stringify({ type: 'message', clientMessageId: 'a b', text: 'hi' }),
      400,
      'SWB_ERR_VALIDATION',
    ],
  ])('refuses %s', async (_name, body, status, code) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    expect(res.json.code).toBe(code);
    expect(res.json.message.length).toBeGreaterThan(10);
  });

  it('refuses invalid UTF-8 instead of replacing it', async () => {
    const body = Buffer.concat([
      Buffer.from('{"type":"message","clientMessageId":"x1","text":"'),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('"}'),
    ]);
    const res = await post(body);
    expect(res.status).toBe(400);
    expect(res.json.code).toBe('SWB_ERR_VALIDATION');
    expect(res.json.message).toMatch(/UTF-8/);
  });

  it('refuses an oversized body with 413', async () => {
    const res = await post(
      JSON.stringify({ type: 'message', clientMessageId: 'b1', text: 'x'.repeat(100_000) }),
    );
    expect(res.status).toBe(413);
    expect(res.json.code).toBe('SWB_ERR_PAYLOAD_TOO_LARGE');
  });

  it('refuses a body that is not JSON with 415', async () => {
    const res = await post('text=hello', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect(res.json.code).toBe('SWB_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it.each([
    ['missing', undefined],
    ['malformed', 'Bearer not-a-token'],
    ['forged', 'Bearer eyJ2IjoxfQ.c2ln'],
    ['not a bearer', 'Basic abc'],
  ])('refuses a %s token with 401', async (_name, authorization) => {
    const headers: Record<string, string> = { ...json };
    if (authorization) headers['authorization'] = authorization;
    const res = await rawPost(`${server.baseUrl}/webchat/messages`, Buffer.from('{}'), headers);
    expect(res.status).toBe(401);
    expect(res.json.code).toBe('SWB_ERR_WEBCHAT_TOKEN');
  });

  it('answers an unknown route with a coded 404', async () => {
    const res = await fetch(`${server.baseUrl}/nope`);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      code: 'SWB_ERR_NOT_FOUND',
      message: 'Route GET /nope was not found.',
    });
  });

  it('answers bad frames on the socket with error frames and keeps the socket', async () => {
    const client = await WebChatTestClient.connect(server.wsUrl, session.token);
    await client.waitFor((c) => c.frames.some((f) => f.type === 'ready'));
    client.sendRaw('not json');
    client.sendRaw(JSON.stringify({ type: 'message', clientMessageId: 'w1', text: '' }));
    client.sendRaw(JSON.stringify({ type: 'message', clientMessageId: 'w2', text: 'x'.repeat(10_000) }));
    await client.waitFor((c) => c.frames.filter((f) => f.type === 'error').length === 3);
    const codes = client.frames.flatMap((f) => (f.type === 'error' ? [f.code] : []));
    expect(codes).toEqual(['SWB_ERR_MALFORMED_JSON', 'SWB_ERR_VALIDATION', 'SWB_ERR_VALIDATION']);
    client.say('hello');
    await client.botMessage(1);
    await client.close();
  });

  it('is still healthy after all of the above', async () => {
    const res = await fetch(`${server.baseUrl}/healthz`);
    expect(res.status).toBe(200);
  });
});
