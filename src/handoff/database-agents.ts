import { AgentDirectory, validateAgentAccounts } from './agents';
import type { ScryptCost } from './password';
import type { SqlAgentStore } from './sql-agent-store';

/** Options of {@link loadAgentsFromDatabase}. */
export interface DatabaseAgentsOptions {
  store: SqlAgentStore;
  /** The configured skills (`handoff.skills`): an account naming another one is refused. */
  skills: readonly string[];
  /** The cost password hashes are upgraded to at login; default `DEFAULT_SCRYPT_COST`. */
  rehashCost?: ScryptCost;
}

/** Where problems of the table are reported. */
const WHERE = 'agent accounts in the swb_agents table';

/**
 * An `AgentDirectory` over the accounts of `swb_agents`, validated like an agents file (every
 * problem at once, `SWB_ERR_CONFIG_INVALID`). A login whose stored hash is below the current cost
 * writes an upgraded hash back to the table, so hashes are maintained without password resets.
 *
 * @example
 * const directory = await loadAgentsFromDatabase({ store, skills: config.handoff.skills });
 */
export async function loadAgentsFromDatabase(options: DatabaseAgentsOptions): Promise<AgentDirectory> {
  const { store, rehashCost } = options;
  return new AgentDirectory(await readAccounts(options), {
    rehash: (agentId, passwordHash) => store.setPasswordHash(agentId, passwordHash),
    ...(rehashCost && { rehashCost }),
  });
}

/** Re-reads the table into `directory` (accounts added, changed or removed since the last read). */
export async function reloadAgentsFromDatabase(
  directory: AgentDirectory,
  options: DatabaseAgentsOptions,
): Promise<void> {
  directory.replace(await readAccounts(options));
}

async function readAccounts({ store, skills }: DatabaseAgentsOptions) {
  const accounts = await store.list();
  return accounts.length === 0 ? [] : validateAgentAccounts({ agents: accounts }, skills, WHERE);
}
