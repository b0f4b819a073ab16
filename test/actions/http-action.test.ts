import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ActionRegistry } from '../../src/actions/action-registry';
import { createWireFeeQuoteAction } from '../../src/actions/http-action';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let handler: Handler;
let baseUrl: string;

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pricing`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const input = { destinationCountry: 'DE', amount: { amountMinor: 100000, currency: 'USD' } };

function actions() {
  return new ActionRegistry().register(
    createWireFeeQuoteAction({ baseUrl, headers: { 'x-api-key': 'test' } }),
  );
}

describe('getWireFeeQuote against a local HTTP server', () => {
  it('sends the query and returns the validated quote', async () => {
    let seen: { url?: string; key?: string | string[] } = {};
    handler = (req, res) => {
      seen = { url: req.url, key: req.headers['x-api-key'] };
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          fee: { amountMinor: 4500, currency: 'USD' },
          exchangeRate: 0.92,
          deliveryBusinessDays: 2,
        }),
      );
    };
    const result = await actions().call('getWireFeeQuote', input);
    expect(result).toMatchObject({
      ok: true,
      value: { fee: { amountMinor: 4500 }, deliveryBusinessDays: 2 },
    });
    expect(seen).toEqual({
      url: '/pricing/v1/wire-fees?country=DE&amountMinor=100000&currency=USD',
      key: 'test',
    });
  });

  it('turns an HTTP 500 into SWB_ERR_ACTION_FAILED with the status and the action polite text', async () => {
    handler = (_req, res) => {
      res.statusCode = 500;
      res.end('{"error":"boom"}');
    };
    const result = await actions().call('getWireFeeQuote', input);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('SWB_ERR_ACTION_FAILED');
    expect(result.error.details).toEqual({ httpStatus: 500 });
    expect(result.politeMessage).toMatch(/live fee quote/);
  });

  it('aborts the request at the timeout', async () => {
    handler = () => {}; // never answers
    const result = await actions().call('getWireFeeQuote', input, { timeoutMs: 50 });
    expect(result.ok ? undefined : result.error.code).toBe('SWB_ERR_ACTION_TIMEOUT');
  });

  it('rejects a body that is not JSON or not the expected shape', async () => {
    handler = (_req, res) => res.end('<html>maintenance</html>');
    const notJson = await actions().call('getWireFeeQuote', input);
    expect(notJson.ok ? undefined : notJson.error.code).toBe('SWB_ERR_ACTION_FAILED');
    handler = (_req, res) => res.end(JSON.stringify({ fee: 45 }));
    const wrongShape = await actions().call('getWireFeeQuote', input);
    expect(wrongShape.ok ? undefined : wrongShape.error.code).toBe('SWB_ERR_ACTION_OUTPUT_INVALID');
  });

  it('uses an injected fetch', async () => {
    const fetch = jest.fn(async () =>
      Response.json({ fee: { amountMinor: 0, currency: 'USD' }, deliveryBusinessDays: 1 }),
    );
    const registry = new ActionRegistry().register(
      createWireFeeQuoteAction({ baseUrl: 'https://pricing.invalid', fetch }),
    );
    expect(await registry.call('getWireFeeQuote', input)).toMatchObject({ ok: true });
    expect(fetch).toHaveBeenCalledTimes(1);
  });
});
