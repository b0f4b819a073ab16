import { Writable } from 'node:stream';
import { createLogger } from '../../src/logging/logger';

describe('every log line is PII-redacted', () => {
  test('nested fields and messages, not only a top-level text', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination });
    logger.info(
      {
        activity: { text: 'my card 4111 1111 1111 1111', from: { name: 'jane@example.com' } },
        list: ['+44 20 7946 0958'],
      },
      'customer wrote from 202-555-0101',
    );
    const line = lines.join('');
    for (const secret of ['4111', 'jane@example.com', '7946', '555-0101']) expect(line).not.toContain(secret);
    expect(line).toContain('[CARD_NUMBER]');
    expect(line).toContain('[EMAIL]');
  });
});
