import type { AgentPresence } from './agent-presence';
import type { AgentDirectory } from './agents';
import type { HandoffStore } from './handoff-store';

/** Options of {@link WaitEstimator}. */
export interface WaitEstimatorOptions {
  store: HandoffStore;
  /** Used until a skill has recorded handle times of its own. */
  defaultHandleTimeMs: number;
  /** With both, the estimate divides by the agents online for the skill; without, by one. */
  directory?: AgentDirectory;
  presence?: AgentPresence;
}

const MS_PER_MINUTE = 60_000;

/**
 * Estimates the wait of a queue position from recent handle times: the median of the skill's
 * last handle times (robust to one very long call), times the position, divided by the agents
 * online who serve the skill, rounded up to whole minutes (at least one).
 *
 * @example
 * // 3rd in line, median handle time 4 min, 3 agents online: about 4 minutes
 */
export class WaitEstimator {
  constructor(private readonly options: WaitEstimatorOptions) {}

  /** Whole minutes, at least 1. */
  async estimateMinutes(skill: string, position: number): Promise<number> {
    const [times, agents] = await Promise.all([
      this.options.store.recentHandleTimes(skill),
      this.agentsOnline(skill),
    ]);
    const handleMs = median(times) ?? this.options.defaultHandleTimeMs;
    return Math.max(1, Math.ceil((position * handleMs) / Math.max(1, agents) / MS_PER_MINUTE));
  }

  private async agentsOnline(skill: string): Promise<number> {
    const { directory, presence } = this.options;
    if (!directory || !presence) return 1;
    const ids = directory
      .list()
      .filter((a) => a.skills.includes(skill))
      .map((a) => a.id);
    return (await presence.list(ids)).filter((p) => p.status === 'online').length;
  }
}

/** The median of a list, or undefined when empty. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}
