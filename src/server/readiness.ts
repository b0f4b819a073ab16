/** One readiness check: a name for `/readyz` and a probe. */
export interface ReadinessCheck {
  name: string;
  /** Resolves true when ready; false or a rejection means not ready. */
  probe: () => boolean | Promise<boolean>;
}

/** The result of running every check. */
export interface ReadinessReport {
  ready: boolean;
  checks: Record<string, boolean>;
}

/** Runs every check concurrently; a check that throws counts as not ready. */
export async function checkReadiness(checks: readonly ReadinessCheck[]): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async (c) => {
      try {
        return [c.name, (await c.probe()) === true] as const;
      } catch {
        return [c.name, false] as const;
      }
    }),
  );
  return { ready: results.every(([, ok]) => ok), checks: Object.fromEntries(results) };
}
