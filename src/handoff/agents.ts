import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors';
import {
  DEFAULT_SCRYPT_COST,
  hashPassword,
  isPasswordHash,
  needsRehash,
  type ScryptCost,
  verifyPassword,
} from './password';

/**
 * What an agent may do: agents serve the queues of their skills; supervisors see every queue and
 * the supervisor view; admins also reach the admin API (export, erase, configuration).
 */
export type AgentRole = 'agent' | 'supervisor' | 'admin';

/** An agent as the rest of the system sees them (never with the password hash). */
export interface AgentIdentity {
  id: string;
  name: string;
  /** Skill queues the agent serves. */
  skills: string[];
  role: AgentRole;
}

/** An agent account as configured: identity plus scrypt password hash. */
export interface AgentAccount extends AgentIdentity {
  passwordHash: string;
  /**
   * The agent's phone (E.164), dialled to bridge a caller waiting on the voice channel. Kept out
   * of {@link AgentIdentity} (consoles never see it); read with {@link AgentDirectory.phoneOf}.
   */
  phone?: string;
}

/** E.164: "+", a country code that does not start with 0, at most 15 digits in all. */
const E164_PHONE = /^\+[1-9]\d{1,14}$/;

/** Agent ids appear in URLs, logs and timer ids: short, lower case, no `:`. */
export const AGENT_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

/** One agent account (agents file entry, database row), validated at the boundary. */
export const agentAccountSchema = z.strictObject({
  id: z.string().regex(AGENT_ID_PATTERN, 'use 1–64 lower-case letters, digits, ".", "_" or "-"'),
  name: z.string().min(1).max(100),
  skills: z.array(z.string().min(1)).min(1),
  role: z.enum(['agent', 'supervisor', 'admin']).default('agent'),
  passwordHash: z.string().refine(isPasswordHash, 'must be a scrypt hash made with hashPassword()'),
  phone: z.string().regex(E164_PHONE, 'must be an E.164 number such as +15551234567').optional(),
});

/** The agents file: `{ agents: [{ id, name, skills, role, passwordHash, phone? }] }` (YAML or JSON). */
export const agentsFileSchema = z.strictObject({ agents: z.array(agentAccountSchema).min(1) });

/** Options of {@link AgentDirectory}. */
export interface AgentDirectoryOptions {
  /**
   * Where an upgraded password hash is written back (database accounts). When set, a login whose
   * stored hash is below `rehashCost` stores a new hash at that cost; a file cannot be rewritten,
   * so file accounts leave this out.
   */
  rehash?: (agentId: string, passwordHash: string) => Promise<void>;
  /** The cost hashes are kept at; default `DEFAULT_SCRYPT_COST`. */
  rehashCost?: ScryptCost;
}

/** Salt and key of a hash no password matches (any 32 bytes: nobody knows a preimage). */
const DUMMY_SALT_AND_KEY = 'ZHVtbXktc2FsdC0wMDAwMA==$4Vh7q2qk5c0l2N0b8m7yq3oX6m8oC7Yv2Qk6pQk0d3E=';

/**
 * The agents who may log in to the console, from configuration (an agents file) or the database
 * (`SqlAgentStore`, see `loadAgentsFromDatabase`). Passwords are verified with scrypt, in
 * constant time, and never leave this class.
 *
 * @example
 * const agents = AgentDirectory.fromFile('config/agents.yaml', ['billing', 'cards', 'general']);
 * const alice = await agents.authenticate('alice', password);
 */
export class AgentDirectory {
  private accounts: ReadonlyMap<string, AgentAccount> = new Map();
  /** Unknown names are checked against this (same cost as a real account), so timing reveals nothing. */
  private dummyHash = '';

  constructor(
    accounts: readonly AgentAccount[],
    private readonly options: AgentDirectoryOptions = {},
  ) {
    this.replace(accounts);
  }

  /** Swaps in a new list of accounts (a database re-read); sessions of removed agents stop working. */
  replace(accounts: readonly AgentAccount[]): void {
    this.accounts = new Map(accounts.map((a) => [a.id, structuredClone(a)]));
    const cost = (accounts[0]?.passwordHash ?? 'scrypt$14$8$1').split('$').slice(0, 4).join('$');
    this.dummyHash = `${cost}$${DUMMY_SALT_AND_KEY}`;
  }

  /** Reads and validates an agents file; every problem is reported at once (`ConfigError`). */
  static fromFile(path: string, knownSkills: readonly string[]): AgentDirectory {
    let raw: unknown;
    try {
      const text = readFileSync(path, 'utf8');
      raw = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
    } catch (error) {
      throw new ConfigError(
        `The agents file ${path} could not be read: ${(error as Error).message}. Check handoff.agentsFile.`,
        { cause: error },
      );
    }
    return AgentDirectory.fromConfig(raw, knownSkills, path);
  }

  /** Validates agent accounts given as data (the parsed agents file). */
  static fromConfig(raw: unknown, knownSkills: readonly string[], where = 'agents'): AgentDirectory {
    return new AgentDirectory(validateAgentAccounts(raw, knownSkills, where));
  }

  /** The agent, when the id exists and the password matches. */
  async authenticate(id: string, password: string): Promise<AgentIdentity | undefined> {
    const account = this.accounts.get(id.trim().toLowerCase());
    const ok = await verifyPassword(password, account?.passwordHash ?? this.dummyHash);
    if (!ok || !account) return undefined;
    await this.upgradeHash(account, password);
    return identityOf(account);
  }

  get(id: string): AgentIdentity | undefined {
    const account = this.accounts.get(id);
    return account && identityOf(account);
  }

  /** The agent's phone number (E.164) for voice handoffs, when the account has one. */
  phoneOf(id: string): string | undefined {
    return this.accounts.get(id)?.phone;
  }

  list(): AgentIdentity[] {
    return [...this.accounts.values()].map(identityOf);
  }

  /** Rewrites an outdated hash after a good login (the one moment the password is known). */
  private async upgradeHash(account: AgentAccount, password: string): Promise<void> {
    const { rehash, rehashCost = DEFAULT_SCRYPT_COST } = this.options;
    if (!rehash || !needsRehash(account.passwordHash, rehashCost)) return;
    const passwordHash = await hashPassword(password, rehashCost);
    await rehash(account.id, passwordHash);
    account.passwordHash = passwordHash;
  }
}

/**
 * Checks `{ agents: [...] }` against {@link agentsFileSchema} and the configured skills; every
 * problem is reported at once (`ConfigError`, naming `where`: a file path, "the swb_agents table").
 */
export function validateAgentAccounts(
  raw: unknown,
  knownSkills: readonly string[],
  where: string,
): AgentAccount[] {
  const parsed = agentsFileSchema.safeParse(raw);
  const problems = parsed.success
    ? unknownSkills(parsed.data.agents, knownSkills)
    : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
  if (!parsed.success || problems.length > 0) {
    throw new ConfigError(`Invalid ${where} (${problems.length} problem(s)):\n- ${problems.join('\n- ')}`);
  }
  return parsed.data.agents;
}

function identityOf(account: AgentAccount): AgentIdentity {
  return { id: account.id, name: account.name, skills: [...account.skills], role: account.role };
}

function unknownSkills(agents: readonly AgentAccount[], known: readonly string[]): string[] {
  return agents.flatMap((agent, i) =>
    agent.skills
      .filter((skill) => !known.includes(skill))
      .map(
        (skill) =>
          `agents.${i}.skills: "${skill}" is not a configured skill (handoff.skills: ${known.join(', ')})`,
      ),
  );
}
