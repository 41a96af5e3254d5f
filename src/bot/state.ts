/**
 * The bot's only state: dialogs waiting for the user's next message, and a little memory about
 * messages it sent. None of it is product data (that lives behind the API); losing it on a restart
 * costs the user one /cancel or one tap, nothing else.
 */

export type Dialog =
  /** 🎯: waiting for a product name to search for. */
  | { kind: 'rightProduct'; searchId: string }
  /** ➕: collecting a name, then a category, then a comment. */
  | { kind: 'newProduct'; searchId: string; step: 'name' | 'category' | 'comment'; name?: string; category?: string }
  /** 📝: waiting for the comment. */
  | { kind: 'comment'; searchId: string };

/** A map that forgets its oldest entries beyond `capacity` and entries older than `ttlMs`. */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly capacity = 10_000,
    private readonly ttlMs = Number.POSITIVE_INFINITY,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.delete(key); // re-inserted last: the newest
    this.entries.set(key, { value, expiresAt: this.now() + this.ttlMs });
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.capacity) break;
      this.entries.delete(oldest);
    }
  }

  delete(key: K): V | undefined {
    const value = this.get(key);
    this.entries.delete(key);
    return value;
  }
}

/** Pending dialogs, one per user and chat; a forgotten one lapses after 15 minutes. */
export class DialogStore {
  private readonly dialogs: BoundedMap<string, Dialog>;

  constructor(ttlMs = 15 * 60_000, now: () => number = Date.now) {
    this.dialogs = new BoundedMap(10_000, ttlMs, now);
  }

  get(chatId: number, userId: number): Dialog | undefined {
    return this.dialogs.get(`${chatId}:${userId}`);
  }

  set(chatId: number, userId: number, dialog: Dialog): void {
    this.dialogs.set(`${chatId}:${userId}`, dialog);
  }

  delete(chatId: number, userId: number): Dialog | undefined {
    return this.dialogs.delete(`${chatId}:${userId}`);
  }
}

/** Per-user token bucket: `capacity` updates at once, refilled at `refillPerSecond`. */
export class RateLimiter {
  private readonly buckets = new BoundedMap<number, { tokens: number; at: number; warned: boolean }>(50_000);

  constructor(
    private readonly capacity = 10,
    private readonly refillPerSecond = 1,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes a token. `allowed: false` means drop the update; `warn` is true only for the first
   * refusal in a row, so a flood gets one "slow down", not one per message.
   */
  take(userId: number): { allowed: boolean; warn: boolean } {
    const now = this.now();
    const bucket = this.buckets.get(userId) ?? { tokens: this.capacity, at: now, warned: false };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + ((now - bucket.at) / 1000) * this.refillPerSecond);
    bucket.at = now;
    let result: { allowed: boolean; warn: boolean };
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.warned = false;
      result = { allowed: true, warn: false };
    } else {
      result = { allowed: false, warn: !bucket.warned };
      bucket.warned = true;
    }
    this.buckets.set(userId, bucket);
    return result;
  }
}
