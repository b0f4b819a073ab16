import { DEMO_AGENTS } from '../../src/console/demo-agents';
import { AgentDirectory } from '../../src/handoff/agents';

describe('agent phones (voice handoff)', () => {
  const [alice, bob] = DEMO_AGENTS;
  const skills = ['general', 'billing', 'cards'];

  test('an account may carry an E.164 phone, read by phoneOf and never part of the identity', () => {
    const directory = AgentDirectory.fromConfig(
      { agents: [{ ...alice, phone: '+15557770001' }, bob] },
      skills,
    );
    expect(directory.phoneOf('alice')).toBe('+15557770001');
    expect(directory.phoneOf('bob')).toBeUndefined();
    expect(directory.phoneOf('nobody')).toBeUndefined();
    expect(directory.get('alice')).not.toHaveProperty('phone');
    expect(directory.list()[0]).not.toHaveProperty('phone');
  });

  test('a phone that is not E.164 is a configuration error naming the field and the fix', () => {
    expect(() => AgentDirectory.fromConfig({ agents: [{ ...alice, phone: '555-0100' }] }, skills)).toThrow(
      /agents\.0\.phone: must be an E\.164 number such as \+15551234567/,
    );
  });
});
