import type { Logger } from 'pino';

/** What `stop()` closes: everything opened, in reverse order; an error is logged, not thrown. */
export class Closers {
  private readonly opened: Array<[string, () => Promise<void>]> = [];

  constructor(private readonly logger: Logger) {}

  push(closer: [name: string, close: () => Promise<void>]): void {
    this.opened.push(closer);
  }

  async closeAll(): Promise<void> {
    for (const [name, close] of this.opened.reverse()) {
      const started = Date.now();
      await close().catch((error: unknown) => this.logger.error({ err: error, name }, 'error during shutdown'));
      this.logger.debug({ name, ms: Date.now() - started }, 'closed');
    }
    this.opened.length = 0;
  }
}
