import type { WebSocket } from 'ws';
import type { ApiKeyService } from '../services/api-key.service.js';

/** How often the keys of open WebSockets are checked again (a revocation elsewhere shows within this and the key cache). */
const KEY_SWEEP_MS = 5_000;

/** Closes a socket whose key was revoked, with the code clients see for it. */
export const closeRevoked = (socket: WebSocket) => socket.close(4403, 'Forbidden: the API key was revoked');

/**
 * Open sockets by the key they were opened with: a socket outlives the check of its key, so a
 * revoked key's sockets are closed, whether it was revoked here or through another replica.
 */
export class KeySockets {
  private readonly byKey = new Map<string, Set<WebSocket>>();
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly apiKeys: Pick<ApiKeyService, 'isValid' | 'onRevoked'>) {
    apiKeys.onRevoked((keyId) => this.byKey.get(keyId)?.forEach(closeRevoked));
    // A key revoked through another replica: every open socket's key is checked again (cached for seconds).
    this.sweep = setInterval(() => this.checkAll(), KEY_SWEEP_MS);
    this.sweep.unref();
  }

  add(keyId: string, socket: WebSocket): void {
    const sockets = this.byKey.get(keyId) ?? new Set<WebSocket>();
    this.byKey.set(keyId, sockets.add(socket));
  }

  remove(keyId: string, socket: WebSocket): void {
    const sockets = this.byKey.get(keyId);
    if (sockets?.delete(socket) && sockets.size === 0) this.byKey.delete(keyId);
  }

  stop(): void {
    clearInterval(this.sweep);
  }

  private checkAll(): void {
    for (const [keyId, sockets] of this.byKey) {
      this.apiKeys.isValid(keyId).then(
        (valid) => valid || sockets.forEach(closeRevoked),
        () => {}, // the database is away: the next operation on the socket says so
      );
    }
  }
}

/** Open, acknowledged connections per rate-limit bucket (key, key + end user, or address), up to a limit each. */
export class ConnectionCounts {
  private readonly open = new Map<string, number>();

  constructor(private readonly limit: number) {}

  /** Counts one more connection in `bucket`; false (and not counted) when the bucket is full. */
  tryOpen(bucket: string): boolean {
    const open = this.open.get(bucket) ?? 0;
    if (open >= this.limit) return false;
    this.open.set(bucket, open + 1);
    return true;
  }

  close(bucket: string): void {
    const open = (this.open.get(bucket) ?? 1) - 1;
    if (open > 0) this.open.set(bucket, open);
    else this.open.delete(bucket);
  }
}
