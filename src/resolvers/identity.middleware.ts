import type { MiddlewareFn } from 'type-graphql';
import type { Context } from '../api/context.js';
import { presentUserId } from '../services/principal.js';

/**
 * A stored user id as the caller knows it: a key's own end users by the names it gave them
 * (`telegram:12345`), other keys' end users in full (`key:<id>/telegram:12345`).
 */
export const AsCallerSees: MiddlewareFn<Context> = async ({ context }, next) => {
  const value: unknown = await next();
  return typeof value === 'string' ? presentUserId(value, context.actor) : value;
};

/**
 * Who reviewed, rated, trained or activated: admins' identities (a Telegram admin's id among
 * them), shown to admins only; anyone else reads null.
 */
export const AdminsOnly: MiddlewareFn<Context> = async ({ context }, next) => {
  if (!context.actor?.roles.has('admin')) return null;
  const value: unknown = await next();
  return typeof value === 'string' ? presentUserId(value, context.actor) : value;
};
