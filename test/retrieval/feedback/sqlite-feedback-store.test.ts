import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteFeedbackStore } from '../../../src/retrieval/feedback/sqlite-feedback-store';
import { runFeedbackStoreSuite } from './feedback-store-suite';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'swb-feedback-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('SqliteFeedbackStore', () => {
  runFeedbackStoreSuite({
    create: (now) => new SqliteFeedbackStore({ path: join(dir, 'nested', 'feedback.sqlite'), now }),
  });

  it('keeps feedback across reopen and stores only redacted text and conversation ids', async () => {
    const path = join(dir, 'feedback.sqlite');
    const first = new SqliteFeedbackStore({ path });
    await first.recordUnanswered({
      text: 'mail me at jane@example.com about 4111-1111-1111-1111',
      channel: 'sms',
      conversationId: '+12025550101',
    });
    await first.close();
    const second = new SqliteFeedbackStore({ path });
    expect((await second.listUnanswered())[0]?.text).toBe('mail me at [EMAIL] about [CARD_NUMBER]');
    await second.close();
    const raw = new Database(path, { readonly: true });
    const dump = JSON.stringify(raw.prepare('SELECT * FROM faq_unanswered').all());
    raw.close();
    expect(dump).not.toMatch(/4111|jane@|2025550101/);
  });
});
