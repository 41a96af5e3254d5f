import type { Role } from '../entities/api-key.entity.js';

/** Who is calling: the API key (or the bootstrap admin key) behind a request. */
export type Principal = {
  /** The key's id; null for the `ADMIN_API_KEY` from the environment. */
  keyId: string | null;
  name: string;
  role: Role;
};

/** The caller as the domain sees it: principal, effective roles and the end user acted for. */
export type Actor = {
  principal: Principal;
  /** Roles in force: a service key acting for a configured admin end user also holds `admin`. */
  roles: ReadonlySet<Role>;
  /** The end user searches and feedback belong to, e.g. `telegram:12345` or `key:<id>`. */
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
