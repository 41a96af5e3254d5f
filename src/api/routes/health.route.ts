import type { RequestHandler } from 'express';
import type { HealthReport } from '../../services/health.service.js';

/** `GET /healthz`: 200 when ready, 503 naming what is not (load balancers and orchestrators ask). */
export function healthRoute(health: { check(): Promise<HealthReport> }): RequestHandler {
  return async (_req, res) => {
    const report = await health.check().catch((error: Error) => ({ ok: false, checks: { error: error.message } }));
    res.status(report.ok ? 200 : 503).json({ status: report.ok ? 'ok' : 'unavailable', ...report.checks });
  };
}
