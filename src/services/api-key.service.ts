import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ApiKey, Role } from '../entities/api-key.entity.js';
import type { Repositories } from '../repositories/index.js';
import { BadUserInputError, ForbiddenError, NotFoundError } from '../domain/errors.js';
import type { Actor, Principal } from './principal.js';
import { isUuid } from '../lib/ids.js';

const KEY_PREFIX = 'vtr_';
const CACHE_TTL_MS = 5_000;
const TOUCH_INTERVAL_MS = 60_000;

export const hashKey = (key: string) => createHash('sha256').update(key, 'utf8').digest();

type CacheEntry = { principal: Principal | null; expires: number };

/**
 * API keys: random, shown once, stored as SHA-256 hashes. Keys carry 256 bits of entropy, so a
 * fast hash is the right tool (a slow KDF protects guessable passwords, not random tokens).
 */
export class ApiKeyService {
  private readonly keys: Repositories['apiKeys'];
  private readonly adminKeyHash: Buffer | null;
  private readonly cache = new Map<string, CacheEntry>();
  /** Validity by key id, for connections that checked their key once and keep asking. */
  private readonly validity = new Map<string, { valid: boolean; expires: number }>();
  private readonly touched = new Map<string, number>();
  private readonly revokedListeners = new Set<(keyId: string) => void>();

  constructor(repos: Repositories, adminApiKey: string | undefined) {
    this.keys = repos.apiKeys;
    this.adminKeyHash = adminApiKey ? hashKey(adminApiKey) : null;
  }

  async create(
    role: Role,
    name: string,
    createdBy: Actor | 'system',
    { actsForTelegramAdmins = false }: { actsForTelegramAdmins?: boolean } = {},
  ): Promise<{ apiKey: ApiKey; key: string }> {
    if (actsForTelegramAdmins && role !== 'service') {
      throw new BadUserInputError('actsForTelegramAdmins is for a SERVICE key (the Telegram bot’s)');
    }
    if (createdBy !== 'system') this.assertMayManage(createdBy, { role, actsForTelegramAdmins });
    const key = KEY_PREFIX + randomBytes(32).toString('base64url');
    const apiKey = await this.keys.create({
      role,
      name,
      actsForTelegramAdmins,
      keyHash: hashKey(key).toString('hex'),
      keyPrefix: key.slice(0, KEY_PREFIX.length + 6),
      createdBy: createdBy === 'system' ? 'system' : createdBy.userId,
    });
    return { apiKey, key };
  }

  /**
   * Keys that can be or become admins (ADMIN keys, and the bot's key that acts for Telegram
   * admins) are made and revoked by a real ADMIN key only: an admin by delegation, through the
   * bot, could otherwise mint itself a key that outlives the bot's.
   */
  assertMayManage(actor: Actor, key: { role: Role; actsForTelegramAdmins: boolean }): void {
    if ((key.role === 'admin' || key.actsForTelegramAdmins) && actor.principal.role !== 'admin') {
      throw new ForbiddenError(
        'Only an ADMIN key may create or revoke admin keys and keys that act for Telegram admins',
      );
    }
  }

  async revoke(id: string, actor: Actor): Promise<ApiKey> {
    const apiKey = isUuid(id) ? await this.keys.findById(id) : null;
    if (!apiKey) throw new NotFoundError('API key', id);
    this.assertMayManage(actor, apiKey);
    if (!apiKey.revokedAt) {
      apiKey.revokedAt = new Date();
      await this.keys.markRevoked(apiKey.id, apiKey.revokedAt);
    }
    this.cache.delete(apiKey.keyHash);
    this.validity.delete(apiKey.id);
    for (const listener of this.revokedListeners) listener(apiKey.id);
    return apiKey;
  }

  /** Told of every key revoked through this process (e.g. to close its open WebSockets). */
  onRevoked(listener: (keyId: string) => void): void {
    this.revokedListeners.add(listener);
  }

  /**
   * Whether a key still holds (null, ADMIN_API_KEY, always does while configured).
   * Cached as `authenticate` is: a key revoked through another replica stops within seconds.
   */
  async isValid(keyId: string | null): Promise<boolean> {
    if (!keyId) return true;
    const now = Date.now();
    const cached = this.validity.get(keyId);
    if (cached && cached.expires > now) return cached.valid;
    const valid = await this.keys.isActive(keyId);
    if (this.validity.size > 10_000) this.validity.clear();
    this.validity.set(keyId, { valid, expires: now + CACHE_TTL_MS });
    return valid;
  }

  /**
   * First start without ADMIN_API_KEY: create an admin key and write it, readable only by this
   * user, to `file` (never to the log), so that a fresh `npm start` can be used at once.
   * Returns the file, or null when an admin key exists already.
   */
  async bootstrapAdmin(file: string): Promise<string | null> {
    if (this.adminKeyHash) return null;
    if (await this.keys.hasActiveAdmin()) return null;
    const { key } = await this.create('admin', 'initial admin', 'system');
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, `${key}\n`, { mode: 0o600 });
    return file;
  }

  list(): Promise<ApiKey[]> {
    return this.keys.list();
  }

  /** The principal for a presented key, or null when the key is unknown or revoked. */
  async authenticate(key: string): Promise<Principal | null> {
    const digest = hashKey(key);
    if (this.adminKeyHash && timingSafeEqual(digest, this.adminKeyHash)) {
      return { keyId: null, name: 'ADMIN_API_KEY', role: 'admin' };
    }
    const hash = digest.toString('hex');
    const now = Date.now();
    const cached = this.cache.get(hash);
    if (cached && cached.expires > now) return cached.principal;

    const apiKey = await this.keys.findActiveByHash(hash);
    const principal: Principal | null = apiKey
      ? { keyId: apiKey.id, name: apiKey.name, role: apiKey.role, actsForTelegramAdmins: apiKey.actsForTelegramAdmins }
      : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, expires: now + CACHE_TTL_MS });
    if (apiKey) this.touch(apiKey.id, now);
    return principal;
  }

  /** Record last use at most once a minute per key, off the request path. */
  private touch(id: string, now: number): void {
    if ((this.touched.get(id) ?? 0) + TOUCH_INTERVAL_MS > now) return;
    this.touched.set(id, now);
    this.keys.touch(id, new Date(now)).catch(() => this.touched.delete(id));
  }
}
