import type { AddressInfo } from 'node:net';
import express from 'express';
import { MemoryTranscriptStore } from '../../src/analytics/transcript-store';
import { MemoryAuditLog } from '../../src/audit/memory-audit-log';
import { createLogger } from '../../src/logging/logger';
import { adminCustomersRouter } from '../../src/privacy/admin-customers-router';
import { CustomerDataService } from '../../src/privacy/customer-data-service';
import { BotStateDataSource } from '../../src/privacy/sources/bot-state-data-source';
import { errorHandler } from '../../src/server/http/error-handler';
import { MemoryStorage } from '../../src/state/memory-storage';

describe('admin customers API', () => {
  const storage = new MemoryStorage();
  const transcripts = new MemoryTranscriptStore();
  const audit = new MemoryAuditLog();
  const service = new CustomerDataService({
    sources: [new BotStateDataSource({ storage }), transcripts],
    audit,
  });
  let base: string;
  let close: () => Promise<void>;

  beforeAll(async () => {
    const app = express();
    const requireAdmin: express.RequestHandler = (req, res, next) => {
      if (req.headers['x-role'] !== 'admin') {
        res.status(403).json({ code: 'SWB_ERR_CONSOLE_FORBIDDEN' });
        return;
      }
      res.locals['agent'] = { id: 'root' };
      next();
    };
    app.use(adminCustomersRouter({ service, requireAdmin }));
    app.use(errorHandler(createLogger({ level: 'silent' })));
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => new Promise((resolve) => server.close(() => resolve()));
  });
  afterAll(() => close());

  const post = (path: string, body: unknown, role = 'admin') =>
    fetch(`${base}/api/admin/customers/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-role': role },
      body: JSON.stringify(body),
    });

  test('the role check runs first', async () => {
    expect((await post('erase', { ids: ['webchat:u1'] }, 'agent')).status).toBe(403);
  });

  test('invalid bodies are refused with 400 and a code', async () => {
    for (const body of [{}, { ids: [] }, { ids: ['nochannel'] }, { ids: ['webchat:u1'], extra: 1 }]) {
      const res = await post('export', body);
      expect(res.status).toBe(400);
      expect((await res.json()).code).toMatch(/^SWB_ERR_(VALIDATION|CUSTOMER_REF)$/);
    }
  });

  test('export then erase, both audited with the admin as actor', async () => {
    await storage.write({ 'webchat/users/u1/': { profile: { firstName: 'Zoë' } } });
    await transcripts.append({
      conversationId: 'c1',
      channelId: 'webchat',
      role: 'customer',
      text: 'hi',
      userId: 'u1',
      timestamp: new Date().toISOString(),
    });
    const exported = await (await post('export', { ids: ['webchat:u1'] })).json();
    expect(JSON.stringify(exported)).toContain('Zoë');
    const erased = await (await post('erase', { ids: ['webchat:u1'] })).json();
    expect(erased.erased).toEqual({ 'bot-state': 1, transcripts: 1 });
    expect(await storage.read(['webchat/users/u1/'])).toEqual({});
    expect((await audit.list({})).map((e) => [e.actor, e.action])).toEqual([
      ['admin-api:root', 'export'],
      ['admin-api:root', 'erase'],
    ]);
  });
});
