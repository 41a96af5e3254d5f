import type { ModelVersion } from '../entities/model-version.entity.js';

/** What `/healthz` reports: ready or not, and a line per dependency. */
export type HealthReport = { ok: boolean; checks: Record<string, string> };

export type HealthDeps = {
  /** Resolves when the database answers (Database.ping, src/db/open-database.ts). */
  pingDatabase: () => Promise<void>;
  /** The version searches are served with. */
  activeVersion: () => Promise<Pick<ModelVersion, 'name'>>;
  /** Set while the active version cannot serve and the last good one does. */
  degraded: () => { version: string; reason: string } | null;
};

/**
 * Readiness for `/healthz`: not ready while the database cannot be reached (an operator sees
 * which dependency is down); ready, and saying so, while a fallback version serves.
 */
export class HealthService {
  constructor(private readonly deps: HealthDeps) {}

  async check(): Promise<HealthReport> {
    try {
      await this.deps.pingDatabase();
    } catch (error) {
      const reason = (error as { code?: string }).code ?? (error as Error).message;
      return { ok: false, checks: { database: `unavailable (${reason})` } };
    }
    const version = await this.deps.activeVersion();
    const checks: Record<string, string> = { database: 'ok', model: version.name };
    // Still serving: the last good version answers while the active one cannot.
    const degraded = this.deps.degraded();
    if (degraded)
      checks.fallback = `${degraded.version} cannot serve (${degraded.reason}); the last good version serves`;
    return { ok: true, checks };
  }
}
