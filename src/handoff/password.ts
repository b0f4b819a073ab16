import { randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Agent password hashing with scrypt (node:crypto), stored as
 * `scrypt$<log2 N>$<r>$<p>$<salt base64>$<hash base64>`. The cost is recorded in each hash, so it
 * can be raised later without invalidating existing ones.
 */

/** Cost parameters of a new hash. */
export interface ScryptCost {
  /** log2 of the CPU/memory cost N. */
  logN: number;
  /** Block size. */
  r: number;
  /** Parallelization. */
  p: number;
}

/** OWASP's minimum for scrypt (N = 2^17, r = 8, p = 1): about 128 MiB and a few hundred ms per hash. */
export const DEFAULT_SCRYPT_COST: Readonly<ScryptCost> = { logN: 17, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Hashes above this cost are refused when verifying, so a forged file cannot exhaust memory. */
const MAX_LOG_N = 20;
/** Verifications running at once: each takes 128·N·r bytes, so many at once could exhaust memory. */
const MAX_CONCURRENT = 2;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const N = 2 ** cost.logN;
  // scrypt needs 128·N·r bytes; allow twice that so Node's default 32 MiB cap does not refuse it.
  const options: ScryptOptions = { N, r: cost.r, p: cost.p, maxmem: 2 * 128 * N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFKC'), salt, KEY_BYTES, options, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/**
 * Hashes a password for the agents file.
 *
 * @example
 * // npx tsx -e "import { hashPassword } from './src/handoff/password'; hashPassword(process.argv[1] ?? '').then(console.log)" 's3cret'
 * const hash = await hashPassword('s3cret'); // 'scrypt$17$8$1$…$…'
 */
export async function hashPassword(
  password: string,
  cost: ScryptCost = DEFAULT_SCRYPT_COST,
): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.logN, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** True when `hash` is well formed (the agents file is checked with this at start-up). */
export function isPasswordHash(hash: string): boolean {
  return parseHash(hash) !== undefined;
}

/**
 * True when a stored hash should be replaced at the next successful login: it is malformed, or its
 * cost is below `cost` (the current default), so raising {@link DEFAULT_SCRYPT_COST} upgrades every
 * agent whose account can be rewritten (database accounts) without a password reset.
 */
export function needsRehash(hash: string, cost: ScryptCost = DEFAULT_SCRYPT_COST): boolean {
  const parsed = parseHash(hash);
  if (!parsed) return true;
  const old = parsed.cost;
  return old.logN < cost.logN || old.r < cost.r || old.p < cost.p;
}

let running = 0;
const waiting: Array<() => void> = [];

/** Checks a password against a stored hash in constant time; false for a malformed hash. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  const parsed = parseHash(hash);
  if (!parsed) return false;
  // A finishing verification hands its slot straight to the next waiter.
  if (running >= MAX_CONCURRENT) await new Promise<void>((resolve) => waiting.push(resolve));
  else running += 1;
  try {
    const key = await derive(password, parsed.salt, parsed.cost);
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
  }
}

function parseHash(hash: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | undefined {
  const parts = hash.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [logN, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  const valid =
    [logN, r, p].every((n) => Number.isInteger(n) && n > 0) && logN <= MAX_LOG_N && r <= 32 && p <= 16;
  if (!valid) return undefined;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const key = Buffer.from(parts[5] ?? '', 'base64');
  if (salt.length < 8 || key.length !== KEY_BYTES) return undefined;
  return { cost: { logN, r, p }, salt, key };
}
