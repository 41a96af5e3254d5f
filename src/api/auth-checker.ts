import type { AuthChecker } from 'type-graphql';
import type { Role } from '../entities/api-key.entity.js';
import type { Context } from './context.js';
import { ForbiddenError, UnauthenticatedError } from './errors.js';

/**
 * `@Authorized()` needs any key; `@Authorized('admin')` needs one of the named roles.
 * Refusals throw coded errors so clients can tell "who are you?" from "not you".
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const actor = context.actor;
  if (!actor) throw new UnauthenticatedError();
  if (roles.length === 0 || roles.some((role) => actor.roles.has(role))) return true;
  throw new ForbiddenError(`This operation needs the ${roles.join(' or ')} role`);
};
