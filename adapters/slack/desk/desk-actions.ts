import { seesAllQueues } from '../../../src/console/console-access';
import { MAX_AGENT_TEXT_CHARS } from '../../../src/console/console-protocol';
import { hasErrorCode } from '../../../src/errors';
import type { AgentDirectory, AgentIdentity } from '../../../src/handoff/agents';
import { type Handoff, isActive } from '../../../src/handoff/handoff-record';
import type { Logger } from '../../../src/logging/logger';
import type { DedupeStore } from '../../../src/state/ports';
import { handoffRef } from './desk-card';
import type { DeskHandoffService } from './desk-options';
import { type DeskClick, type DeskMessageEvent, parseDeskRequest } from './desk-payloads';
import type { DeskPoster, EphemeralTarget } from './desk-poster';
import type { SlackDeskStore } from './desk-store';
import { deskReplies } from './desk-texts';

/** A Slack message event is relayed once, whatever retries or duplicate event ids arrive. */
const MESSAGE_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;
/** The same hint (claim first, someone else serves this customer…) is given at most once an hour. */
const HINT_TTL_MS = 60 * 60 * 1000;
/** The `ChatLine.via` of lines written in the Slack desk. */
export const SLACK_DESK_VIA = 'slack';
/** Handoff errors an agent can cause by being late; anything else is ours. */
const AGENT_RACE_CODES = new Set(['SWB_ERR_HANDOFF_CONFLICT', 'SWB_ERR_HANDOFF_NOT_FOUND']);

/** Options of {@link DeskActions}. */
export interface DeskActionsOptions {
  handoff: DeskHandoffService;
  directory: Pick<AgentDirectory, 'get'>;
  /** Slack user id → agent id. */
  agents: Readonly<Record<string, string>>;
  store: SlackDeskStore;
  poster: DeskPoster;
  dedupe: DedupeStore;
  command: string;
  logger: Logger;
}

type ThreadReply = Extract<DeskMessageEvent, { kind: 'thread-reply' }>;
type Click = Extract<DeskClick, { kind: 'click' }>;

/**
 * What agents do in Slack, through the same `HandoffService` as the agent console: claim (atomic:
 * the loser is told who won), reply in the card's thread (relayed to the customer when they hold
 * the conversation), resolve by button or `/switchboard resolve`. Whoever may not act is told so
 * in an ephemeral message, and nothing changes.
 */
export class DeskActions {
  constructor(private readonly options: DeskActionsOptions) {}

  /** A reply in a card's thread: to the customer when its writer holds the conversation. */
  async reply(event: ThreadReply, team: string): Promise<void> {
    const { dedupe, store, handoff: service } = this.options;
    if (!(await dedupe.claim(`slack-desk:message:${event.channel}:${event.ts}`, MESSAGE_DEDUPE_TTL_MS)))
      return;
    const handoffId = await store.threadOwner(event.channel, event.threadTs);
    if (!handoffId) return;
    const where = { channel: event.channel, user: event.user, thread_ts: event.threadTs };
    const hint = (reason: string, text: string) =>
      this.hintOnce(`${handoffId}:${event.user}:${reason}`, team, where, text);
    const agent = await this.agentOr(event.user, (text) => hint('unmapped', text));
    if (!agent) return;
    const handoff = await service.get(handoffId);
    if (!handoff || !isActive(handoff)) return hint('ended', deskReplies.ended);
    if (handoff.status === 'pending') return hint('unclaimed', deskReplies.claimFirst);
    if (handoff.agentId !== agent.id) return hint('not-holder', deskReplies.heldByOther(holderOf(handoff)));
    if (!event.text) return this.tell(team, where, deskReplies.onlyText);
    if (event.text.length > MAX_AGENT_TEXT_CHARS)
      return this.tell(team, where, deskReplies.tooLong(MAX_AGENT_TEXT_CHARS));
    try {
      await service.reply(handoffId, agent, event.text, { via: SLACK_DESK_VIA });
    } catch (error) {
      if (!isAgentRace(error)) throw error;
      await this.tell(team, where, deskReplies.notSent('you no longer hold this conversation.'));
    }
  }

  /** A click on a card's **Claim** or **Resolve** button. */
  async click(click: Click, team: string): Promise<void> {
    const where = { channel: click.channel, user: click.user };
    const agent = await this.agentOr(click.user, (text) => this.tell(team, where, text));
    if (!agent) return;
    if (click.action === 'claim') return this.claim(click.handoffId, agent, team, where);
    return this.resolve({ handoffId: click.handoffId, agent, disposition: 'solved', team, where });
  }

  /** `/switchboard resolve [#ref] [disposition]` in a desk channel. */
  async command(request: { user: string; channel: string; text: string }, team: string): Promise<void> {
    const where = { channel: request.channel, user: request.user };
    const parsed = parseDeskRequest(request.text);
    if (parsed.verb === 'usage') return this.tell(team, where, deskReplies.usage(this.options.command));
    const agent = await this.agentOr(request.user, (text) => this.tell(team, where, text));
    if (!agent) return;
    const held = await this.heldIn(agent, request.channel);
    const chosen = parsed.ref
      ? held.filter((h) => h.id.slice('h-'.length).startsWith(parsed.ref ?? ''))
      : held;
    const [only] = chosen;
    if (!only) return this.tell(team, where, deskReplies.noneHere);
    if (chosen.length > 1)
      return this.tell(
        team,
        where,
        deskReplies.several(
          chosen.map((h) => handoffRef(h.id)),
          this.options.command,
        ),
      );
    const { disposition } = parsed;
    await this.resolve({ handoffId: only.id, agent, disposition, team, where, confirm: true });
  }

  private async claim(handoffId: string, agent: AgentIdentity, team: string, where: EphemeralTarget) {
    const { handoff: service, logger } = this.options;
    const handoff = await service.get(handoffId);
    if (!handoff) return this.tell(team, where, deskReplies.gone);
    // The console's rule: supervisors and admins serve every queue, agents their skills.
    if (!seesAllQueues(agent) && !agent.skills.includes(handoff.skill))
      return this.tell(team, where, deskReplies.noSkill(handoff.skill));
    try {
      await service.claim(handoffId, agent);
      logger.info({ handoffId, agentId: agent.id }, 'slack desk claim');
    } catch (error) {
      if (!isAgentRace(error)) throw error;
      await this.tell(team, where, await this.whyNotClaimed(handoffId, agent));
    }
  }

  private async whyNotClaimed(handoffId: string, agent: AgentIdentity): Promise<string> {
    const current = await this.options.handoff.get(handoffId);
    if (!current) return deskReplies.gone;
    if (current.status !== 'assigned') return deskReplies.notWaiting(current.status);
    return current.agentId === agent.id ? deskReplies.alreadyYours : deskReplies.claimedBy(holderOf(current));
  }

  private async resolve(request: {
    handoffId: string;
    agent: AgentIdentity;
    disposition: string;
    team: string;
    where: EphemeralTarget;
    confirm?: boolean;
  }): Promise<void> {
    const { handoffId, agent, disposition, team, where } = request;
    try {
      await this.options.handoff.resolve(handoffId, agent, disposition);
      this.options.logger.info({ handoffId, agentId: agent.id, disposition }, 'slack desk resolve');
      if (request.confirm) await this.tell(team, where, deskReplies.resolved(disposition));
    } catch (error) {
      if (!isAgentRace(error)) throw error;
      const current = await this.options.handoff.get(handoffId);
      if (!current || !isActive(current)) return this.tell(team, where, deskReplies.ended);
      const text =
        current.status === 'assigned' ? deskReplies.onlyHolder(holderOf(current)) : deskReplies.claimFirst;
      await this.tell(team, where, text);
    }
  }

  /** The conversations `agent` holds whose card is in `channel`. */
  private async heldIn(agent: AgentIdentity, channel: string): Promise<Handoff[]> {
    const open = await this.options.handoff.listOpen();
    const held = open.filter((h) => h.status === 'assigned' && h.agentId === agent.id);
    const cards = await Promise.all(held.map((h) => this.options.store.card(h.id)));
    return held.filter((_h, i) => cards[i]?.channel === channel);
  }

  /** The agent a Slack user is mapped to; otherwise `refuse` is called with the reason. */
  private async agentOr(
    user: string,
    refuse: (text: string) => Promise<void>,
  ): Promise<AgentIdentity | undefined> {
    const agentId = this.options.agents[user];
    const agent = agentId === undefined ? undefined : this.options.directory.get(agentId);
    if (agent) return agent;
    this.options.logger.info({ slackUser: user }, 'slack desk: user is not a mapped agent');
    await refuse(agentId === undefined ? deskReplies.unmapped(user) : deskReplies.unknownAgent(agentId));
    return undefined;
  }

  private tell(team: string, where: EphemeralTarget, text: string): Promise<void> {
    return this.options.poster.ephemeral(team, where, text);
  }

  private async hintOnce(key: string, team: string, where: EphemeralTarget, text: string): Promise<void> {
    if (await this.options.dedupe.claim(`slack-desk:hint:${key}`, HINT_TTL_MS))
      await this.tell(team, where, text);
  }
}

function holderOf(handoff: Handoff): string {
  return handoff.agentName ?? handoff.agentId ?? 'another agent';
}

function isAgentRace(error: unknown): boolean {
  return hasErrorCode(error) && AGENT_RACE_CODES.has(error.code);
}
