/**
 * Slack message text as people wrote it. Slack encodes `&`, `<` and `>` as entities and writes
 * mentions and links as `<…>` tokens; dialogs and NLU should see plain words.
 */

/** A `<…>` token of Slack's message formatting. */
const TOKEN = /<([^<>]*)>/g;

/**
 * Plain text of a Slack message: the bot's own mentions removed (`<@UBOT> help` → `help`), other
 * users as `@U…`, channels as `#name`, links as their label (or URL), special mentions as `@here`,
 * entities decoded, whitespace collapsed.
 */
export function plainTextOf(text: string, botUserId: string | undefined): string {
  const replaced = text.replace(TOKEN, (_token, inner: string) => tokenText(inner, botUserId));
  return decodeEntities(replaced).replace(/\s+/g, ' ').trim();
}

/** True when the text mentions the bot (`<@UBOT>` or `<@UBOT|name>`). */
export function mentionsBot(text: string | undefined, botUserId: string | undefined): boolean {
  if (!text || !botUserId) return false;
  return text.includes(`<@${botUserId}>`) || text.includes(`<@${botUserId}|`);
}

function tokenText(inner: string, botUserId: string | undefined): string {
  const [target = '', label] = inner.split('|', 2);
  if (target.startsWith('@')) {
    const user = target.slice(1);
    return user === botUserId ? ' ' : `@${label ?? user}`;
  }
  if (target.startsWith('#')) return `#${label ?? target.slice(1)}`;
  if (target.startsWith('!')) return `@${(label ?? target.slice(1).split('^')[0] ?? '').replace(/^@/, '')}`;
  return label ?? target.replace(/^mailto:/, '');
}

function decodeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
