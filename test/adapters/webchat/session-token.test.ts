import { WebChatTokenService } from '../../../adapters/webchat/session-token';

const A = 'secret-a-secret-a-secret-a-secret-a-0001';
const B = 'secret-b-secret-b-secret-b-secret-b-0002';

describe('WebChatTokenService', () => {
  it('issues server-chosen ids and verifies its own tokens', () => {
    const tokens = new WebChatTokenService({ secrets: [A], ttlMs: 60_000 });
    const { token, session } = tokens.issueNew();
    expect(session.userId).toMatch(/^u_[\w-]{20,}$/);
    expect(tokens.verify(token)).toEqual(session);
    expect(tokens.issueNew().session.userId).not.toBe(session.userId);
  });

  it.each([
    ['missing', undefined, 'missing'],
    ['malformed', 'abc', 'malformed'],
    ['with extra parts', 'a.b.c', 'malformed'],
    ['with a non-JSON payload', 'bm90IGpzb24.c2ln', 'malformed'],
  ])('refuses a %s token', (_name, token, reason) => {
    const tokens = new WebChatTokenService({ secrets: [A], ttlMs: 60_000 });
    expect(() => tokens.verify(token)).toThrow(reason);
  });

  it('refuses a token whose payload was changed (another user id)', () => {
    const tokens = new WebChatTokenService({ secrets: [A], ttlMs: 60_000 });
    const { token } = tokens.issueNew();
    const [body, sig] = token.split('.') as [string, string];
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString()) as Record<string, unknown>;
    payload['sub'] = 'u_attacker';
    const tampered = `${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${sig}`;
    expect(() => tokens.verify(tampered)).toThrow(expect.objectContaining({ code: 'SWB_ERR_WEBCHAT_TOKEN' }));
  });

  it('refuses an expired token', () => {
    let now = 1_000_000;
    const tokens = new WebChatTokenService({ secrets: [A], ttlMs: 1000, now: () => now });
    const { token } = tokens.issueNew();
    now += 1000;
    expect(() => tokens.verify(token)).toThrow('expired');
  });

  it('remembers a verified token but still expires it, and never remembers a refused one', () => {
    let now = 1_000_000;
    const tokens = new WebChatTokenService({ secrets: [A], ttlMs: 1000, now: () => now });
    const { token, session } = tokens.issueNew();
    expect(tokens.verify(token)).toEqual(session);
    const returned = tokens.verify(token);
    returned.userId = 'u_changed_by_caller';
    expect(tokens.verify(token)).toEqual(session);
    const forged = `${token.split('.')[0]}.${'A'.repeat(43)}`;
    expect(() => tokens.verify(forged)).toThrow('forged');
    expect(() => tokens.verify(forged)).toThrow('forged');
    now += 1000;
    expect(() => tokens.verify(token)).toThrow('expired');
  });

  it('rotates secrets: old tokens verify while the old secret is listed, not after', () => {
    const old = new WebChatTokenService({ secrets: [A], ttlMs: 60_000 });
    const { token } = old.issueNew();
    const rotated = new WebChatTokenService({ secrets: [B, A], ttlMs: 60_000 });
    expect(rotated.verify(token).userId).toBeTruthy();
    const fresh = rotated.issueNew().token;
    expect(old.verify.bind(old, fresh)).toThrow('unknown key');
    const retired = new WebChatTokenService({ secrets: [B], ttlMs: 60_000 });
    expect(() => retired.verify(token)).toThrow('unknown key');
  });

  it('refreshes a session with the same ids and a later expiry', () => {
    let now = 0;
    const tokens = new WebChatTokenService({ secrets: [A], ttlMs: 1000, now: () => now });
    const first = tokens.issueNew();
    now = 500;
    const refreshed = tokens.issue(tokens.verify(first.token));
    expect(refreshed.session).toEqual({ ...first.session, expiresAt: 1500 });
  });
});
