import { Writable } from 'node:stream';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { ErrorReporter } from '../../../src/api/error-reporting.js';
import { Metrics } from '../../../src/api/metrics.js';

/** A logger writing its events into `lines`. */
function memoryLogger() {
  const lines: Array<Record<string, unknown>> = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: pino({ level: 'info' }, destination), lines };
}

async function errorCount(metrics: Metrics, code: string): Promise<number> {
  const { values } = await metrics.errors.get();
  return values.find((v) => v.labels.code === code)?.value ?? 0;
}

describe('ErrorReporter', () => {
  it('counts every error by its code and logs only the unexpected ones', async () => {
    const metrics = new Metrics();
    const { logger, lines } = memoryLogger();
    const errors = new ErrorReporter(metrics, logger);
    errors.report('NOT_FOUND', new GraphQLError('no such product'));
    errors.report('RATE_LIMITED');
    const cause = new Error('undefined is not a function');
    errors.report('INTERNAL_SERVER_ERROR', new GraphQLError('boom', { originalError: cause, path: ['search'] }), {
      transport: 'ws',
    });
    expect(await errorCount(metrics, 'NOT_FOUND')).toBe(1);
    expect(await errorCount(metrics, 'RATE_LIMITED')).toBe(1);
    expect(await errorCount(metrics, 'INTERNAL_SERVER_ERROR')).toBe(1);
    await new Promise((r) => setImmediate(r));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 50,
      msg: 'unexpected error',
      path: ['search'],
      transport: 'ws',
      err: { message: 'undefined is not a function' },
    });
  });

  it("logs with the request's logger when it is given one", async () => {
    const root = memoryLogger();
    const request = memoryLogger();
    const errors = new ErrorReporter(new Metrics(), root.logger);
    errors.report('INTERNAL_SERVER_ERROR', new Error('disk full'), {
      logger: request.logger.child({ requestId: 'r1' }),
    });
    await new Promise((r) => setImmediate(r));
    expect(root.lines).toEqual([]);
    expect(request.lines).toMatchObject([{ requestId: 'r1', err: { message: 'disk full' } }]);
  });
});
