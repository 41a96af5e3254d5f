import type { Role } from '../entities/api-key.entity.js';

/** Who is calling: the API key (or the bootstrap admin key) behind a request. */
export type Principal = {
  /** The key's id; null for the `ADMIN_API_KEY` from the environment. */
  keyId: string | null;
  name: string;
  role: Role;
  /** Set on the bot's key only: acting for a Telegram admin (ADMIN_TELEGRAM_IDS) makes it an admin. */
  actsForTelegramAdmins?: boolean;
};

/** The caller as the domain sees it: principal, effective roles and the end user acted for. */
export type Actor = {
  principal: Principal;
  /** Roles in force: the bot's service key acting for a configured admin end user also holds `admin`. */
  roles: ReadonlySet<Role>;
  /**
   * Who searches and feedback belong to: the key itself (`key:<id>`), or an end user of that key
   * (`key:<id>/telegram:12345`): a key's end users are its own, whatever another key calls its users.
   */
  userId: string;
};

/**
 * `<namespace>:<id>`. The `key` and `admin` namespaces are the API keys' own identities
 * (principalUserId): an end user named in them would let a service key act as another key.
 */
export const END_USER_PATTERN = /^(?!(?:key|admin):)[a-z][a-z0-9_-]{0,31}:[A-Za-z0-9_.@+-]{1,128}$/;

export function principalUserId(principal: Principal): string {
  return principal.keyId ? `key:${principal.keyId}` : 'admin:env';
}

/** The stored id of `endUser` acting through `principal`'s key. */
export function endUserId(principal: Principal, endUser: string): string {
  return `${principalUserId(principal)}/${endUser}`;
}

/**
 * A stored user id as `actor` sees it: its own end users by the name it gave them (a bot sees
 * `telegram:12345`, as it sent), anyone else's in full (`key:<id>/telegram:12345`).
 */
export function presentUserId(stored: string, actor: Actor | null): string {
  const own = actor ? `${principalUserId(actor.principal)}/` : null;
  return own && stored.startsWith(own) ? stored.slice(own.length) : stored;
}
