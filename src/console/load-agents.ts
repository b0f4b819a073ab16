import type { SwitchboardConfig } from '../config/schema';
import { AgentDirectory } from '../handoff/agents';
import type { Logger } from '../logging/logger';
import { DEMO_AGENTS } from './demo-agents';

/**
 * The agents who may log in: `handoff.agentsFile` when set; otherwise the demo agents outside
 * production (printed in docs/agent-console.md); in production without a file, nobody (with a
 * warning) — demo passwords must never guard real conversations.
 */
export function loadAgentDirectory(config: SwitchboardConfig, logger: Logger): AgentDirectory {
  const { agentsFile, skills } = config.handoff;
  if (agentsFile) return AgentDirectory.fromFile(agentsFile, skills);
  if (config.env !== 'production') {
    const known = DEMO_AGENTS.map((a) => ({ ...a, skills: a.skills.filter((s) => skills.includes(s)) }));
    return new AgentDirectory(known.filter((a) => a.skills.length > 0));
  }
  logger.warn(
    'handoff.agentsFile is not set: nobody can log in to the agent console. Set HANDOFF_AGENTS_FILE (docs/agent-console.md).',
  );
  return new AgentDirectory([]);
}
