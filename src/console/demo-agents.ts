import type { AgentAccount } from '../handoff/agents';

/**
 * The demo deployment's agents (`npm start`), for trying the console locally. Never used when
 * `env` is `production`: configure `handoff.agentsFile` there (docs/agent-console.md).
 *
 * | user | password | skills | role |
 * |---|---|---|---|
 * | `alice` | `alice-demo-password` | general, billing | agent |
 * | `bob` | `bob-demo-password` | cards, general | agent |
 * | `sam` | `sam-demo-password` | general, billing, cards | supervisor |
 *
 * The hashes use a lower scrypt cost (N = 2^14) than `hashPassword`'s default so that logging in
 * to the demo and the browser tests stays quick; real agents files use the default.
 */
export const DEMO_AGENTS: readonly AgentAccount[] = [
  {
    id: 'alice',
    name: 'Alice Martin',
    skills: ['general', 'billing'],
    role: 'agent',
    passwordHash: 'scrypt$14$8$1$koRQKwG/4mBW49eneq2Pqw==$I2xS4f35wqMxQSkoed/yW5DC6ISeOuTK5RNOl3D8lEw=',
  },
  {
    id: 'bob',
    name: 'Bob Chen',
    skills: ['cards', 'general'],
    role: 'agent',
    passwordHash: 'scrypt$14$8$1$pUSws+xZ73HpJLzeMim0FQ==$hVfoWws8dPZ9Dm6s0Bu9HFpcm/jmLJ724WKgYPmFdGQ=',
  },
  {
    id: 'sam',
    name: 'Sam Rivera',
    skills: ['general', 'billing', 'cards'],
    role: 'supervisor',
    passwordHash: 'scrypt$14$8$1$IgckcBdDRck2FxTZ6iE5dw==$978J0OU0ufu1AY/YzkRlV/It2jxD64nZD+B0okKszqM=',
  },
];

/** The demo agents' passwords, for tests and the docs. */
export const DEMO_PASSWORDS: Readonly<Record<string, string>> = {
  alice: 'alice-demo-password',
  bob: 'bob-demo-password',
  sam: 'sam-demo-password',
};
