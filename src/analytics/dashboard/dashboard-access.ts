import type { AgentRole } from '../../handoff/agents';

/**
 * Who may open the analytics dashboard: supervisors and admins, never plain agents (the figures
 * cover every queue).
 */
export function canSeeDashboard(role: AgentRole | string): boolean {
  return role === 'supervisor' || role === 'admin';
}
