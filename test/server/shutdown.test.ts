import { startTestServer } from '../support/test-server';
import { createSession, WebChatTestClient } from '../support/webchat-client';

describe('graceful shutdown', () => {
  it('finishes an in-flight turn, refuses new ones, closes sockets with 1012, and is idempotent', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const server = await startTestServer({
      inner: [
        {
          onTurn: async (context, next) => {
            if (context.activity.text === 'slow') await gate;
            await next();
          },
        },
      ],
    });
    const session = await createSession(server.baseUrl);
    const client = await WebChatTestClient.connect(server.wsUrl, session.token);
    await client.waitFor((c) => c.frames.some((f) => f.type === 'ready'));
    const slow = fetch(`${server.baseUrl}/webchat/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', clientMessageId: 'slow-1', text: 'slow' }),
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(server.server.tracker.size).toBe(1);

    const closing = server.close();
    expect(server.close()).toBe(closing);
    expect(server.server.tracker.isClosing).toBe(true);
    release();
    const res = await slow;
    expect(res.status).toBe(200);
    await closing;
    await client.waitFor((c) => c.closeCode !== undefined);
    expect(client.closeCode).toBe(1012);
  });
});
