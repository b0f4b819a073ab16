import type { Middleware } from 'botbuilder-core';
import type { IntentReader } from '../../dialogs/intent';
import type { CreateAnalyticsOptions } from '../analytics/create-analytics';
import type { TranscriptStore } from '../analytics/transcript-store';
import type { AuditLog } from '../audit/audit-log';
import type { CreateHandoffOptions } from '../bot/handoff/create-handoff';
import type { SwitchboardConfig } from '../config/schema';
import type { AgentAssist } from '../console/console-api';
import type { AgentDirectory } from '../handoff/agents';
import type { Logger } from '../logging/logger';
import type { ReadinessCheck } from '../server/readiness';
import type { SwitchboardServerOptions } from '../server/switchboard-server';
import type { StateServices } from '../state/ports';
import type { DemoFaq } from './demo-faq';

/** Options of {@link createDemoServer}. */
export interface DemoServerOptions {
  config: SwitchboardConfig;
  logger: Logger;
  state: StateServices;
  /** Where the dialogs read the turn's intent. */
  readIntent: IntentReader;
  /** NLU and other inner middleware. */
  inner?: Middleware[];
  /** The knowledge base and feedback store the FAQ dialog uses (none: no FAQ answers). */
  faq?: Pick<DemoFaq, 'faq' | 'feedback'> & Partial<Pick<DemoFaq, 'assist'>>;
  /** Channels besides web chat (Slack, SMS, voice), as the server's `channels` option. */
  channels?: SwitchboardServerOptions['channels'];
  readiness?: ReadinessCheck[];
  onClose?: () => Promise<void>;
  /** Transcripts (default: in memory); the agent console shows them. */
  transcripts?: TranscriptStore;
  /**
   * Human handoff (escalation queues, agent console at /console/), on by default; `false` leaves
   * the bot alone (the dialogs then say no person is available).
   */
  handoff?:
    | false
    | {
        directory?: AgentDirectory;
        assist?: AgentAssist;
        keyPrefix?: string;
        now?: () => number;
        /** Negative sentiment as an escalation trigger (`sentiment-trigger.ts`); `false` turns it off. */
        sentimentTrigger?: CreateHandoffOptions['sentimentTrigger'];
        /** Escalator options (intent → skill map over the demo's, customer tier, snapshot). */
        escalator?: CreateHandoffOptions['escalator'];
      };
  /** The audit log (console logins, claims, transcript views, …); none: nothing is recorded. */
  audit?: AuditLog;
  /** Which parts this process starts (`serve --role`); default `all`. */
  role?: SwitchboardServerOptions['role'];
  /** Platform sends with retries (see `SwitchboardServerOptions.outbound`). */
  outbound?: SwitchboardServerOptions['outbound'];
  /**
   * Analytics (events, SQL transcripts, dashboard at /dashboard/), on by default: SQLite under
   * .data/, PostgreSQL when `databaseUrl` is set; `false` turns it off (docs/analytics.md).
   */
  analytics?: false | Partial<Omit<CreateAnalyticsOptions, 'config' | 'logger'>>;
}
