import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { GraphQLError, type GraphQLSchema, type ValidationRule } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Config } from '../config.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import { resolveActor, type Context } from './context.js';
import { isConnectionError, mapConnectionError, ServiceUnavailableError } from './errors.js';
import type { Metrics } from './metrics.js';
import { connectionBucket, rateLimitedMessage, type Caller, type RequestRateLimiter } from './rate-limit.js';
import { wsOperations } from './ws-operations.js';

export type WebSocketDeps = {
  httpServer: http.Server;
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  metrics: Metrics;
  apiKeys: ApiKeyService;
  /** The same rules as over HTTP. */
  validationRules: readonly ValidationRule[];
  maxTokens: number;
  rateLimiter: RequestRateLimiter;
  /** Resolves the caller's actor, counting a refused key against its address. */
  authenticate: (caller: Caller, resolve: () => Promise<Context['actor']>) => Promise<Context['actor']>;
};

/** How often the keys of open WebSockets are checked again (a revocation elsewhere shows within this and the key cache). */
const KEY_SWEEP_MS = 5_000;

/**
 * GraphQL over WebSocket (graphql-ws) on `/graphql`, held to the rules of HTTP: a key at
 * `connection_init` (no anonymous sockets), checked again on every operation and closed when
 * revoked; the same rate limits, connection limits, validation and error codes.
 */
export function serveWebSocket(deps: WebSocketDeps): { dispose(): Promise<void>; close(): void } {
  const { httpServer, schema, config, logger, metrics, apiKeys, rateLimiter, authenticate } = deps;
  const ws = wsOperations({
    schema,
    validationRules: deps.validationRules,
    maxTokens: deps.maxTokens,
    onError: (code, error) => {
      metrics.errors.inc({ code });
      if (code === 'INTERNAL_SERVER_ERROR')
        logger.error({ err: error.originalError ?? error, path: error.path, transport: 'ws' }, 'unexpected error');
    },
  });

  const wsServer = new WebSocketServer({
    server: httpServer,
    path: '/graphql',
    maxPayload: config.limits.requestBytes,
  });
  wsServer.on('connection', (socket) => {
    if (wsServer.clients.size > config.limits.wsConnections)
      socket.close(1013, 'Too many connections: try again later');
  });
  /** Open, acknowledged connections per rate-limit bucket (key, key + end user, or address). */
  const wsConnections = new Map<string, number>();
  type WsExtra = { actor?: Context['actor']; bucket?: string; caller?: Caller; socket: WebSocket };
  /** Open sockets by the key they were opened with: a revoked key's are closed. */
  const keySockets = new Map<string, Set<WebSocket>>();
  const closeRevoked = (socket: WebSocket) => socket.close(4403, 'Forbidden: the API key was revoked');
  apiKeys.onRevoked((keyId) => keySockets.get(keyId)?.forEach(closeRevoked));
  // A key revoked through another replica: every open socket's key is checked again (cached for seconds).
  const keySweep = setInterval(() => {
    for (const [keyId, sockets] of keySockets) {
      apiKeys.isValid(keyId).then(
        (valid) => valid || sockets.forEach(closeRevoked),
        () => {}, // the database is away: the next operation on the socket says so
      );
    }
  }, KEY_SWEEP_MS);
  keySweep.unref();
  const cleanup = useServer<Record<string, unknown>, WsExtra>(
    {
      schema,
      onConnect: async (ctx) => {
        const headers = connectionHeaders(ctx.connectionParams, ctx.extra.request);
        const caller: Caller = { ...headers, address: ctx.extra.request.socket.remoteAddress ?? 'unknown' };
        ctx.extra.caller = caller;
        // A connection is a request too: the address's budgets are checked before the key is.
        const retryAfterSeconds = await rateLimiter.take(caller);
        if (retryAfterSeconds !== null) {
          metrics.errors.inc({ code: 'RATE_LIMITED' });
          ctx.extra.socket.close(4429, rateLimitedMessage(retryAfterSeconds));
          return false;
        }
        const bucket = connectionBucket(caller);
        const open = wsConnections.get(bucket) ?? 0;
        if (open >= config.limits.wsConnectionsPerKey) {
          ctx.extra.socket.close(4429, 'Too many connections for this key');
          return false;
        }
        // Counted before the key is checked, so that a burst of connections cannot pass the limit together.
        wsConnections.set(bucket, open + 1);
        ctx.extra.bucket = bucket;
        try {
          const actor = await authenticate(caller, () => resolveActor(headers, apiKeys, config.bot));
          // Nothing over WebSocket is open to anonymous callers: no socket is held for them.
          if (!actor) return false;
          ctx.extra.actor = actor;
          const keyId = actor.principal.keyId;
          if (keyId) {
            const sockets = keySockets.get(keyId) ?? new Set<WebSocket>();
            keySockets.set(keyId, sockets.add(ctx.extra.socket));
          }
          return true;
        } catch (error) {
          // A key the server could not check is not a wrong key: the client should come back.
          if (isConnectionError(error)) ctx.extra.socket.close(1013, 'The database is unavailable: try again later');
          return false;
        }
      },
      onClose: (ctx) => {
        const keyId = ctx.extra.actor?.principal.keyId;
        const sockets = keyId ? keySockets.get(keyId) : undefined;
        if (sockets?.delete(ctx.extra.socket) && sockets.size === 0) keySockets.delete(keyId!);
        const bucket = ctx.extra.bucket;
        if (bucket === undefined) return;
        const open = (wsConnections.get(bucket) ?? 1) - 1;
        if (open > 0) wsConnections.set(bucket, open);
        else wsConnections.delete(bucket);
      },
      onSubscribe: async (ctx, _id, payload) => {
        // Every operation checks the key again: a socket outlives the key it was opened with.
        let valid: boolean;
        try {
          valid = await apiKeys.isValid(ctx.extra.actor?.principal.keyId ?? null);
        } catch (error) {
          const mapped = mapConnectionError(error);
          if (mapped instanceof ServiceUnavailableError) return [mapped];
          throw error;
        }
        if (!valid) {
          closeRevoked(ctx.extra.socket);
          return [new GraphQLError('Unknown or revoked API key', { extensions: { code: 'UNAUTHENTICATED' } })];
        }
        const retryAfterSeconds = await rateLimiter.take(ctx.extra.caller ?? { address: 'unknown' });
        if (retryAfterSeconds === null) return ws.prepare(payload);
        return [
          new GraphQLError(rateLimitedMessage(retryAfterSeconds), {
            extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
          }),
        ];
      },
      onNext: ws.onNext,
      onError: ws.onError,
      context: (ctx): Context => {
        const requestId = randomUUID();
        return {
          requestId,
          logger: logger.child({ requestId, transport: 'ws' }),
          actor: ctx.extra.actor ?? null,
        };
      },
    },
    wsServer,
  );

  return {
    dispose: async () => {
      clearInterval(keySweep);
      await cleanup.dispose();
    },
    close: () => wsServer.close(),
  };
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Browsers cannot set headers on a WebSocket: credentials may come in `connection_init`'s payload. */
function connectionHeaders(
  params: Readonly<Record<string, unknown>> | undefined,
  request: http.IncomingMessage,
): { authorization?: string; endUser?: string } {
  const fromParams = (name: string) => {
    const value = params?.[name] ?? params?.[name.toLowerCase()];
    return typeof value === 'string' ? value : undefined;
  };
  return {
    authorization: fromParams('Authorization') ?? header(request.headers.authorization),
    endUser: fromParams('X-End-User') ?? header(request.headers['x-end-user']),
  };
}
