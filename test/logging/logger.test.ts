import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, logger: createLogger({ destination }) };
}

describe('the logger', () => {
  it('never writes secrets, by field name at any depth', () => {
    const { lines, logger } = capture();
    logger.info(
      { token: 'tok-123', config: { authToken: 'auth-456', signingSecret: 'sig-789' }, password: 'pw' },
      'x',
    );
    const out = lines.join('');
    for (const secret of ['tok-123', 'auth-456', 'sig-789', '"pw"']) expect(out).not.toContain(secret);
    expect(out).toContain('[SECRET]');
  });

  it('redacts PII from messages and text fields', () => {
    const { lines, logger } = capture();
    logger.info(
      { text: 'card 4111 1111 1111 1111' },
      'customer jane@example.com called from +1 202 555 0101',
    );
    const out = lines.join('');
    expect(out).not.toContain('4111 1111');
    expect(out).not.toContain('jane@example.com');
    expect(out).not.toContain('555 0101');
    expect(out).toContain('[CARD_NUMBER]');
    expect(out).toContain('[EMAIL]');
  });
});
