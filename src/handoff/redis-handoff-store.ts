import type { Redis } from 'ioredis';
import { DEFAULT_KEY_PREFIX } from '../state/redis-options';
import { conversationKey, type Handoff } from './handoff-record';
import {
  type CreateOrJoinResult,
  FINISHED_RETENTION_MS,
  HANDLE_TIMES_KEPT,
  type HandoffStore,
  type HandoffTransition,
  type NewHandoff,
  TRANSITIONS,
  type TransitionRequest,
  type TransitionResult,
  transitionPatch,
} from './handoff-store';
import { ACTIVE_SCRIPT, CREATE_OR_JOIN_SCRIPT, TRANSITION_SCRIPT } from './redis-handoff-scripts';

/** Options of {@link RedisHandoffStore}. */
export interface RedisHandoffStoreOptions {
  /** The command connection; not owned (the caller quits it). */
  redis: Redis;
  /** Prefix of every key, default `swb:`. */
  keyPrefix?: string;
}

/** Keys examined per SCAN step when looking for a conversation's records. */
const SCAN_BATCH = 500;

/** `text` with Redis glob characters escaped, for SCAN MATCH. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** Hash fields that hold numbers. */
const NUMBER_FIELDS = [
  'priority',
  'createdAt',
  'queuedAt',
  'joins',
  'requeues',
  'version',
  'assignedAt',
  'closedAt',
] as const;
/** Hash fields that hold strings. */
const STRING_FIELDS = ['id', 'status', 'skill', 'agentId', 'agentName', 'disposition'] as const;

/** The parts of a record that never change after creation, stored as one JSON field. */
type StaticPart = Pick<Handoff, 'channelId' | 'conversationId' | 'reason' | 'customer' | 'context'>;

/**
 * The production `HandoffStore`: one Redis hash per handoff, every transition one Lua script
 * (check status and agent, apply, bump the version, index upkeep), so all processes agree.
 *
 * Keys (`<p>` = keyPrefix): `<p>{handoff}:rec:<id>` (hash), `<p>{handoff}:conv:<channel>/<conversation>`
 * (id of the active handoff), `<p>{handoff}:open` (set of active ids), `<p>{handoff}:handle:<skill>`
 * (list of recent handle times). Finished records expire after {@link FINISHED_RETENTION_MS}.
 */
export class RedisHandoffStore implements HandoffStore {
  private readonly redis: Redis;
  private readonly base: string;

  constructor(options: RedisHandoffStoreOptions) {
    this.redis = options.redis;
    this.base = `${options.keyPrefix ?? DEFAULT_KEY_PREFIX}{handoff}:`;
  }

  async createOrJoin(draft: NewHandoff): Promise<CreateOrJoinResult> {
    const { now, ...fields } = draft;
    const handoff: Handoff = {
      ...fields,
      status: 'pending',
      createdAt: now,
      queuedAt: now,
      joins: 0,
      requeues: 0,
      version: 1,
    };
    const convKey = conversationKey(draft.channelId, draft.conversationId);
    const hash = { ...toHash(handoff), conv: convKey };
    const reply = (await CREATE_OR_JOIN_SCRIPT.run(
      this.redis,
      [this.convKey(convKey), this.recordKey(draft.id), this.openKey()],
      [draft.id, this.recordKey(''), ...Object.entries(hash).flat()],
    )) as [number, string[]];
    return { joined: reply[0] === 1, handoff: fromFlat(reply[1]) as Handoff };
  }

  async get(id: string): Promise<Handoff | undefined> {
    const hash = await this.redis.hgetall(this.recordKey(id));
    return hash['id'] === undefined ? undefined : fromRecord(hash);
  }

  async active(channelId: string, conversationId: string): Promise<Handoff | undefined> {
    const key = this.convKey(conversationKey(channelId, conversationId));
    const flat = (await ACTIVE_SCRIPT.run(this.redis, [key], [this.recordKey('')])) as string[];
    const handoff = fromFlat(flat);
    return handoff && (handoff.status === 'pending' || handoff.status === 'assigned') ? handoff : undefined;
  }

  async transition(
    id: string,
    name: HandoffTransition,
    request: TransitionRequest,
  ): Promise<TransitionResult> {
    const rule = TRANSITIONS[name];
    const patch = transitionPatch(name, request);
    const set = Object.fromEntries(Object.entries(patch.set).map(([k, v]) => [k, String(v)]));
    const reply = (await TRANSITION_SCRIPT.run(
      this.redis,
      [this.recordKey(id), this.openKey()],
      [
        id,
        rule.from.join(','),
        request.expectedAgentId ?? '',
        rule.to,
        rule.final ? '1' : '0',
        FINISHED_RETENTION_MS,
        this.convKey(''),
        JSON.stringify({ set, del: patch.del, incr: patch.incr }),
      ],
    )) as [number, string[]];
    const handoff = fromFlat(reply[1]);
    return reply[0] === 1 && handoff ? { ok: true, handoff } : { ok: false, current: handoff };
  }

  async listOpen(): Promise<Handoff[]> {
    const ids = await this.redis.smembers(this.openKey());
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.recordKey(id));
    const replies = (await pipeline.exec()) ?? [];
    return replies.flatMap(([error, hash]) => {
      const record = hash as Record<string, string> | undefined;
      return error || !record || record['id'] === undefined ? [] : [fromRecord(record)];
    });
  }

  async recordHandleTime(skill: string, handleMs: number): Promise<void> {
    const key = this.handleKey(skill);
    await this.redis
      .multi()
      .lpush(key, Math.round(handleMs))
      .ltrim(key, 0, HANDLE_TIMES_KEPT - 1)
      .exec();
  }

  async recentHandleTimes(skill: string): Promise<number[]> {
    return (await this.redis.lrange(this.handleKey(skill), 0, HANDLE_TIMES_KEPT - 1)).map(Number);
  }

  /** Not owned: the connection is closed by whoever created it. */
  async close(): Promise<void> {}

  /** Every record of the conversation: a SCAN of the records (erasure is rare, so no extra index). */
  async listByConversation(channelId: string, conversationId: string): Promise<Handoff[]> {
    const conv = conversationKey(channelId, conversationId);
    const found: Handoff[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await this.redis.scan(
        cursor,
        'MATCH',
        `${escapeGlob(this.recordKey(''))}*`,
        'COUNT',
        SCAN_BATCH,
      );
      cursor = next;
      if (keys.length === 0) continue;
      const pipeline = this.redis.pipeline();
      for (const key of keys) pipeline.hgetall(key);
      for (const [error, hash] of (await pipeline.exec()) ?? []) {
        const record = hash as Record<string, string> | undefined;
        if (!error && record?.['conv'] === conv && record['id'] !== undefined) found.push(fromRecord(record));
      }
    } while (cursor !== '0');
    return found;
  }

  async eraseConversation(channelId: string, conversationId: string): Promise<number> {
    const found = await this.listByConversation(channelId, conversationId);
    const multi = this.redis.multi().unlink(this.convKey(conversationKey(channelId, conversationId)));
    for (const handoff of found) multi.unlink(this.recordKey(handoff.id)).srem(this.openKey(), handoff.id);
    await multi.exec();
    return found.length;
  }

  private recordKey(id: string): string {
    return `${this.base}rec:${id}`;
  }

  private convKey(key: string): string {
    return `${this.base}conv:${key}`;
  }

  private openKey(): string {
    return `${this.base}open`;
  }

  private handleKey(skill: string): string {
    return `${this.base}handle:${skill}`;
  }
}

function toHash(handoff: Handoff): Record<string, string> {
  const hash: Record<string, string> = {};
  for (const field of [...NUMBER_FIELDS, ...STRING_FIELDS]) {
    const value = handoff[field];
    if (value !== undefined) hash[field] = String(value);
  }
  const { channelId, conversationId, reason, customer, context } = handoff;
  hash['data'] = JSON.stringify({
    channelId,
    conversationId,
    reason,
    customer,
    context,
  } satisfies StaticPart);
  return hash;
}

function fromFlat(flat: string[]): Handoff | undefined {
  if (flat.length === 0) return undefined;
  const record: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) record[flat[i] as string] = flat[i + 1] as string;
  return fromRecord(record);
}

function fromRecord(record: Record<string, string>): Handoff {
  const handoff = JSON.parse(record['data'] ?? '{}') as Record<string, unknown>;
  for (const field of NUMBER_FIELDS) if (record[field] !== undefined) handoff[field] = Number(record[field]);
  for (const field of STRING_FIELDS) if (record[field] !== undefined) handoff[field] = record[field];
  return handoff as unknown as Handoff;
}
