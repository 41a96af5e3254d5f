import type { Actor } from '../services/principal.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import { resolveActor, type ActorOptions } from './context.js';
import { RequestUnauthenticatedError } from './errors.js';
import type { Caller, RequestRateLimiter } from './rate-limit.js';

/** The actor a caller's credentials name: null without a key; throws for a refused one. */
export type Authenticate = (caller: Caller) => Promise<Actor | null>;

/**
 * Authentication over every transport. A refused key counts against its address: a new random
 * token per request is no way around the limits.
 */
export function authenticator(
  apiKeys: ApiKeyService,
  rateLimiter: RequestRateLimiter,
  options: ActorOptions,
): Authenticate {
  return async (caller) => {
    try {
      return await resolveActor(caller, apiKeys, options);
    } catch (error) {
      if (error instanceof RequestUnauthenticatedError) await rateLimiter.authenticationFailed(caller.address);
      throw error;
    }
  };
}
