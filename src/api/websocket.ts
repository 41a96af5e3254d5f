import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import proxyaddr from 'proxy-addr';
import { getOperationAST, GraphQLError, type GraphQLSchema } from 'graphql';
import type { Context as WsContext } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import type { Config } from '../config.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import type { Authenticate } from './authenticate.js';
import type { Context } from './context.js';
import type { ErrorReporter } from './error-reporting.js';
import { isConnectionError, mapConnectionError, ServiceUnavailableError } from './errors.js';
import type { GraphQLLimits } from './graphql-limits.js';
import { operationLabel, UNKNOWN_OPERATION, type RequestCounter } from './request-counting.js';
import { connectionBucket, rateLimitedMessage, type Caller, type RequestRateLimiter } from './rate-limit.js';
import { closeRevoked, ConnectionCounts, KeySockets } from './ws-connections.js';
import { wsOperations } from './ws-operations.js';

export type WebSocketDeps = {
  httpServer: http.Server;
  schema: GraphQLSchema;
  config: Config;
  logger: Logger;
  errors: ErrorReporter;
  requests: RequestCounter;
  apiKeys: ApiKeyService;
  /** The same document limits as over HTTP. */
  limits: GraphQLLimits;
  rateLimiter: RequestRateLimiter;
  /** Resolves the caller's actor, counting a refused key against its address. */
  authenticate: Authenticate;
};

type SocketState = { actor?: Context['actor']; bucket?: string; caller?: Caller };
type SocketContext = WsContext<Record<string, unknown>, Extra & Partial<SocketState>>;

/**
 * GraphQL over WebSocket (graphql-ws) on `/graphql`, held to the rules of HTTP: a key at
 * `connection_init` (no anonymous sockets), checked again on every operation and closed when
 * revoked; the same rate limits, connection limits, validation and error codes.
 */
export function serveWebSocket(deps: WebSocketDeps): { dispose(): Promise<void>; close(): void } {
  const { httpServer, schema, config, logger, errors } = deps;
  const ws = wsOperations({
    schema,
    validationRules: deps.limits.validationRules,
    maxTokens: deps.limits.maxTokens,
    onError: (code, error) => errors.report(code, error, { transport: 'ws' }),
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
  const sockets: Sockets = {
    byKey: new KeySockets(deps.apiKeys),
    counts: new ConnectionCounts(config.limits.wsConnectionsPerKey),
    trustProxy: proxyaddr.compile(config.trustProxy),
  };

  const cleanup = useServer<Record<string, unknown>, SocketState>(
    {
      schema,
      onConnect: (ctx) => admit(ctx, deps, sockets),
      onClose: (ctx) => {
        const keyId = ctx.extra.actor?.principal.keyId;
        if (keyId) sockets.byKey.remove(keyId, ctx.extra.socket);
        if (ctx.extra.bucket !== undefined) sockets.counts.close(ctx.extra.bucket);
      },
      onSubscribe: async (ctx, _id, payload) => {
        const prepared = (await refuseOperation(ctx, deps)) ?? ws.prepare(payload);
        // A refused operation never starts: it is counted here, a started one in onOperation.
        if (Array.isArray(prepared)) deps.requests.count(UNKNOWN_OPERATION, true);
        return prepared;
      },
      onOperation: (_ctx, _id, _payload, args, result) => {
        const operation = operationLabel(args.document, getOperationAST(args.document, args.operationName));
        deps.requests.count(operation, 'errors' in result && (result.errors?.length ?? 0) > 0);
      },
      onNext: ws.onNext,
      onError: ws.onError,
      context: (ctx): Context => {
        const requestId = randomUUID();
        return { requestId, logger: logger.child({ requestId, transport: 'ws' }), actor: ctx.extra.actor ?? null };
      },
    },
    wsServer,
  );

  return {
    dispose: async () => {
      sockets.byKey.stop();
      await cleanup.dispose();
    },
    close: () => wsServer.close(),
  };
}

type Sockets = {
  byKey: KeySockets;
  counts: ConnectionCounts;
  /** Which proxies' X-Forwarded-For to believe (TRUST_PROXY), compiled once. */
  trustProxy: ReturnType<typeof proxyaddr.compile>;
};

/** `connection_init`: the budgets, the connection limit, then the key; false refuses the socket. */
async function admit(ctx: SocketContext, deps: WebSocketDeps, sockets: Sockets): Promise<boolean> {
  const { socket, request } = ctx.extra;
  const caller: Caller = {
    ...connectionHeaders(ctx.connectionParams, request),
    // Behind a trusted load balancer (TRUST_PROXY), the client it names, as over HTTP.
    address: proxyaddr(request, sockets.trustProxy),
  };
  ctx.extra.caller = caller;
  // A connection is a request too: the address's budgets are checked before the key is.
  const retryAfterSeconds = await deps.rateLimiter.take(caller);
  if (retryAfterSeconds !== null) {
    deps.errors.report('RATE_LIMITED');
    socket.close(4429, rateLimitedMessage(retryAfterSeconds));
    return false;
  }
  const bucket = connectionBucket(caller);
  // Counted before the key is checked, so that a burst of connections cannot pass the limit together.
  if (!sockets.counts.tryOpen(bucket)) {
    socket.close(4429, 'Too many connections for this key');
    return false;
  }
  ctx.extra.bucket = bucket;
  try {
    const actor = await deps.authenticate(caller);
    // Nothing over WebSocket is open to anonymous callers: no socket is held for them.
    if (!actor) return false;
    ctx.extra.actor = actor;
    if (actor.principal.keyId) sockets.byKey.add(actor.principal.keyId, socket);
    return true;
  } catch (error) {
    // A key the server could not check is not a wrong key: the client should come back.
    if (isConnectionError(error)) socket.close(1013, 'The database is unavailable: try again later');
    return false;
  }
}

/**
 * Every operation checks the key again (a socket outlives the key it was opened with) and draws
 * on the caller's budgets: the errors that refuse it, or null to run it.
 */
async function refuseOperation(ctx: SocketContext, deps: WebSocketDeps): Promise<GraphQLError[] | null> {
  let valid: boolean;
  try {
    valid = await deps.apiKeys.isValid(ctx.extra.actor?.principal.keyId ?? null);
  } catch (error) {
    const mapped = mapConnectionError(error);
    if (mapped instanceof ServiceUnavailableError) return [mapped];
    throw error;
  }
  if (!valid) {
    closeRevoked(ctx.extra.socket);
    return [new GraphQLError('Unknown or revoked API key', { extensions: { code: 'UNAUTHENTICATED' } })];
  }
  const retryAfterSeconds = await deps.rateLimiter.take(ctx.extra.caller ?? { address: 'unknown' });
  if (retryAfterSeconds === null) return null;
  return [
    new GraphQLError(rateLimitedMessage(retryAfterSeconds), {
      extensions: { code: 'RATE_LIMITED', retryAfterSeconds },
    }),
  ];
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
