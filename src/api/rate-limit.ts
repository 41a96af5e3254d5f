import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import type { Pool } from 'pg';
import {
  RateLimiterMemory,
  RateLimiterPostgres,
  RateLimiterRes,
  type RateLimiterAbstract,
  type RateLimiterStoreAbstract,
} from 'rate-limiter-flexible';
import { bearerToken } from './context.js';
import { errorResponse } from './errors.js';
import type { ErrorReporter } from './error-reporting.js';

/** Requests per minute; 0 everywhere turns limiting off (`perMinute` 0 turns off all of them). */
export type RateLimits = {
  /** Per caller: a key, a key's end user, or an address without a key. */
  perMinute: number;
  /** Per key over all the end users it acts for: rotating X-End-User buys no more than this. */
  perKeyPerMinute: number;
  /** Per client address, every request, before its key is looked up. */
  perAddressPerMinute: number;
  /** Failed authentications (unknown, revoked or malformed keys) per address before it is refused. */
  authFailuresPerMinute: number;
};

/** Who a request is, as far as can be told before its key is checked. */
export type Caller = { authorization?: string; endUser?: string; address: string };

/** The table replicas share their budgets in (src/db/migrations: rate-limits). */
export const RATE_LIMIT_TABLE = 'rate_limits';

/**
 * Request budgets, taken before the key is looked up and before an upload is read, so that a
 * flood costs neither a database query nor a parsed upload:
 * - every request from an address draws on the address's budget first, and an address whose
 *   failed authentications used up theirs is refused before its keys are looked up (a new random
 *   token per request is no way around the limit);
 * - a key draws on its own budget, and a service key also on one per end user it acts for (one
 *   busy shopper does not use up a bot's budget for everyone, nor do many end users multiply it);
 * - without a key, the address's caller budget.
 * With a shared PostgreSQL (`store`), every replica draws on the same budgets: adding replicas
 * does not multiply anyone's allowance. Keys are kept only as a hash prefix: the budgets never
 * hold a usable key.
 */
export class RequestRateLimiter {
  private readonly limiters: {
    caller: RateLimiterAbstract;
    key: RateLimiterAbstract;
    address: RateLimiterAbstract;
    failures: RateLimiterAbstract;
  } | null;

  constructor(
    readonly limits: RateLimits,
    store?: Pool,
  ) {
    if (limits.perMinute <= 0) {
      this.limiters = null;
      return;
    }
    const make = (keyPrefix: string, points: number): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix, points, duration: 60 });
      if (!store) return memory;
      return new RateLimiterPostgres({
        storeClient: store,
        storeType: 'pool',
        tableName: RATE_LIMIT_TABLE,
        tableCreated: true,
        // One limiter sweeps the shared table of expired budgets (every 5 min); the rest need not.
        clearExpiredByTimeout: keyPrefix === 'caller',
        keyPrefix,
        points,
        duration: 60,
        // The database away: each replica limits on its own until it is back.
        insuranceLimiter: memory,
      }) as RateLimiterStoreAbstract;
    };
    this.limiters = {
      caller: make('caller', limits.perMinute),
      key: make('key', limits.perKeyPerMinute),
      address: make('address', limits.perAddressPerMinute),
      failures: make('authfail', limits.authFailuresPerMinute),
    };
  }

  /** Takes one request from every budget it draws on: null when allowed, else seconds until a retry can succeed. */
  async take(caller: Caller): Promise<number | null> {
    const l = this.limiters;
    if (!l) return null;
    return (
      (await consume(l.address, caller.address)) ??
      (await blocked(l.failures, caller.address)) ??
      (await this.takeCaller(caller))
    );
  }

  /** A request whose key was refused: counted against its address. */
  async authenticationFailed(address: string): Promise<void> {
    if (!this.limiters) return;
    await consume(this.limiters.failures, address);
  }

  private async takeCaller({ authorization, endUser, address }: Caller): Promise<number | null> {
    const l = this.limiters!;
    const key = keyOf(authorization);
    if (!key) return consume(l.caller, `address:${address}`);
    const user = endUser?.trim();
    if (!user) return consume(l.caller, `key:${key}`);
    return (await consume(l.key, key)) ?? consume(l.caller, `key:${key}:${user}`);
  }
}

/** A hash prefix of the bearer token, or null without one. */
function keyOf(authorization: string | undefined): string | null {
  const token = bearerToken(authorization);
  return token ? createHash('sha256').update(token).digest('base64url').slice(0, 22) : null;
}

async function consume(limiter: RateLimiterAbstract, bucket: string): Promise<number | null> {
  try {
    await limiter.consume(bucket);
    return null;
  } catch (refusal) {
    if (refusal instanceof RateLimiterRes) return retryAfter(refusal);
    throw refusal;
  }
}

/** Whether a budget is used up, without drawing on it. */
async function blocked(limiter: RateLimiterAbstract, bucket: string): Promise<number | null> {
  const state = await limiter.get(bucket);
  return state && state.remainingPoints <= 0 ? retryAfter(state) : null;
}

const retryAfter = (res: RateLimiterRes) => Math.max(1, Math.ceil(res.msBeforeNext / 1000));

/** Open WebSocket connections are counted per key, key and end user, or address. */
export function connectionBucket({ authorization, endUser, address }: Caller): string {
  const key = keyOf(authorization);
  if (!key) return `address:${address}`;
  return endUser?.trim() ? `key:${key}:${endUser.trim()}` : `key:${key}`;
}

export function rateLimitedMessage(retryAfterSeconds: number): string {
  return `Too many requests: retry after ${retryAfterSeconds} s`;
}

/** The caller of an HTTP request, for the budgets. */
export function httpCaller(req: Request): Caller {
  const endUser = req.headers['x-end-user'];
  return {
    authorization: req.headers.authorization,
    endUser: Array.isArray(endUser) ? endUser[0] : endUser,
    // Express's `trust proxy` (TRUST_PROXY) decides whether X-Forwarded-For names the client.
    address: req.ip ?? req.socket.remoteAddress ?? 'unknown',
  };
}

/** Express middleware: 429 with `Retry-After` and a RATE_LIMITED GraphQL error once a budget is empty. */
export function rateLimitRequests(limiter: RequestRateLimiter, errors: ErrorReporter) {
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS') return next();
    let retryAfterSeconds: number | null;
    try {
      retryAfterSeconds = await limiter.take(httpCaller(req));
    } catch (error) {
      return next(error);
    }
    if (retryAfterSeconds === null) return next();
    errors.report('RATE_LIMITED');
    // The request's body is left unread: say so, so that the client does not reuse the connection.
    res.setHeader('Connection', 'close');
    res.setHeader('Retry-After', String(retryAfterSeconds));
    res
      .status(429)
      .json(errorResponse(rateLimitedMessage(retryAfterSeconds), { code: 'RATE_LIMITED', retryAfterSeconds }));
  };
}
