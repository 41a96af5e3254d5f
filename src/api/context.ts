import type { Logger } from 'pino';
import type { Role } from '../entities/api-key.entity.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import { END_USER_PATTERN, endUserId, principalUserId, type Actor, type Principal } from '../services/principal.js';
import {
  asGraphQLError,
  BadUserInputError,
  ForbiddenError,
  mapConnectionError,
  RequestUnauthenticatedError,
} from './errors.js';

/** What every resolver receives. */
export type Context = {
  requestId: string;
  logger: Logger;
  /** Null for an anonymous request; resolvers marked `@Authorized` refuse those. */
  actor: Actor | null;
  /** Over HTTP: how the request will be counted, filled in while Apollo answers it (src/api/request-counting.ts). */
  outcome?: RequestOutcome;
};

/** A GraphQL request as `vitrina_graphql_requests_total` counts it. */
export type RequestOutcome = { operation: string; failed: boolean };

export type AuthHeaders = { authorization?: string | null; endUser?: string | null };

export type ActorOptions = { adminTelegramIds: readonly string[] };

/**
 * Turn the request's credentials into an actor. A present but unknown or revoked key refuses the
 * whole request; a missing key yields an anonymous context.
 */
export async function resolveActor(
  headers: AuthHeaders,
  apiKeys: ApiKeyService,
  options: ActorOptions,
): Promise<Actor | null> {
  if (!headers.authorization?.trim()) return null;
  const token = bearerToken(headers.authorization);
  if (!token) throw new RequestUnauthenticatedError('Malformed Authorization header: use `Bearer <key>`');
  // Looked up while the request's context is built: a lost database must say so there too.
  const principal = await apiKeys.authenticate(token).catch((error: unknown) => {
    throw mapConnectionError(error);
  });
  if (!principal) throw new RequestUnauthenticatedError('Unknown or revoked API key');
  try {
    return actorFor(principal, headers.endUser?.trim() || null, options);
  } catch (error) {
    throw asGraphQLError(error);
  }
}

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(authorization: string | null | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(authorization?.trim() ?? '')?.[1] ?? null;
}

export function actorFor(principal: Principal, endUser: string | null, options: ActorOptions): Actor {
  const roles = new Set<Role>([principal.role]);
  if (!endUser) return { principal, roles, userId: principalUserId(principal) };
  if (principal.role === 'user') {
    throw new ForbiddenError('Only service and admin keys may act for an end user (X-End-User)', 403);
  }
  if (!END_USER_PATTERN.test(endUser)) {
    throw new BadUserInputError(
      'X-End-User must look like `<namespace>:<id>`, e.g. `telegram:12345`; the `key:` and `admin:` namespaces are reserved for API keys',
      {},
      400,
    );
  }
  // Only the bot's key (marked when an admin created it) acts as an admin, and only for the
  // Telegram users configured as admins: any other service key naming them stays a service key.
  const [namespace, id] = endUser.split(':') as [string, string];
  if (
    principal.role === 'service' &&
    principal.actsForTelegramAdmins &&
    namespace === 'telegram' &&
    options.adminTelegramIds.includes(id)
  ) {
    roles.add('admin');
  }
  return { principal, roles, userId: endUserId(principal, endUser) };
}
