import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

/** The Prometheus registry of one vitrina process. */
export class Metrics {
  readonly registry = new Registry();

  readonly errors = new Counter({
    name: 'vitrina_errors_total',
    help: 'GraphQL errors returned to clients, by code.',
    labelNames: ['code'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }
}
