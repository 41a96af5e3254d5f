import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import { errorResponse } from './errors.js';
import type { Metrics } from './metrics.js';

/**
 * Per-caller request budgets. A caller is an API key (a service key once per end user it acts
 * for, so one busy shopper does not use up a bot's budget for everyone) or, without a key, the
 * client's address. The bucket is decided before the key is looked up and before an upload is
 * read, so a flood costs neither a database query nor a parsed upload.
 */
export class RequestRateLimiter {
  private readonly limiter: RateLimiterMemory | null;

  /** `perMinute` 0 turns limiting off. */
  constructor(readonly perMinute: number) {
    this.limiter = perMinute > 0 ? new RateLimiterMemory({ points: perMinute, duration: 60 }) : null;
  }

  /** Takes one request from the bucket: null when allowed, else seconds until a retry can succeed. */
  async take(bucket: string): Promise<number | null> {
    if (!this.limiter) return null;
    try {
      await this.limiter.consume(bucket);
      return null;
    } catch (refusal) {
      if (refusal instanceof RateLimiterRes) return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
      throw refusal;
    }
  }
}

/**
 * The bucket a request draws from. Keys are kept only as a hash prefix: the limiter's memory
 * never holds a usable key.
 */
export function rateLimitBucket(
  authorization: string | undefined,
  endUser: string | undefined,
  address: string,
): string {
  const token = /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1];
  if (!token) return `address:${address}`;
  const key = createHash('sha256').update(token).digest('base64url').slice(0, 22);
  return endUser?.trim() ? `key:${key}:${endUser.trim()}` : `key:${key}`;
}

export function rateLimitedMessage(retryAfterSeconds: number): string {
  return `Too many requests: retry after ${retryAfterSeconds} s`;
}

/** Express middleware: 429 with `Retry-After` and a RATE_LIMITED GraphQL error once the bucket is empty. */
export function rateLimitRequests(limiter: RequestRateLimiter, metrics: Metrics) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    const endUser = req.headers['x-end-user'];
    const bucket = rateLimitBucket(
      req.headers.authorization,
      Array.isArray(endUser) ? endUser[0] : endUser,
      req.socket.remoteAddress ?? 'unknown',
    );
    const retryAfterSeconds = await limiter.take(bucket);
    if (retryAfterSeconds === null) return next();
    metrics.errors.inc({ code: 'RATE_LIMITED' });
    // The request's body is left unread: say so, so that the client does not reuse the connection.
    res.setHeader('Connection', 'close');
    res.setHeader('Retry-After', String(retryAfterSeconds));
    res
      .status(429)
      .json(errorResponse(rateLimitedMessage(retryAfterSeconds), { code: 'RATE_LIMITED', retryAfterSeconds }));
  };
}
