import {
  ApiKeysDocument,
  CreateApiKeyDocument,
  RevokeApiKeyDocument,
  ViewerDocument,
  type Role,
} from '../client/generated/graphql.js';
import {
  choice,
  date,
  parseOptions,
  println,
  printJson,
  required,
  table,
  UsageError,
  type Command,
} from './command.js';

const ROLES: readonly Role[] = ['ADMIN', 'SERVICE', 'USER'];

/** `vitrina keys list | create <role> <name> [--telegram-admins] | revoke <id>` */
export async function keysCommand({ args, io, client }: Command): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseOptions(rest, { 'telegram-admins': { type: 'boolean' } });
  switch (sub) {
    case 'list':
    case undefined: {
      const { apiKeys } = await client().execute(ApiKeysDocument, {});
      if (values.json) printJson(io, apiKeys);
      else
        println(
          io,
          table([
            ['ID', 'ROLE', 'NAME', 'PREFIX', 'CREATED', 'LAST USED', 'REVOKED'],
            ...apiKeys.map((k) => [
              k.id,
              k.actsForTelegramAdmins ? `${k.role} (telegram admins)` : k.role,
              k.name,
              k.keyPrefix,
              date(k.createdAt),
              date(k.lastUsedAt),
              date(k.revokedAt),
            ]),
          ]),
        );
      return 0;
    }
    case 'create': {
      const role = choice(positionals[0], 'role', ROLES);
      const name = required(positionals.slice(1).join(' ').trim(), '<name>');
      // The bot's key: acting for a Telegram user in ADMIN_TELEGRAM_IDS, it is an admin.
      const actsForTelegramAdmins = values['telegram-admins'] ?? false;
      const { createApiKey: created } = await client().execute(CreateApiKeyDocument, {
        role,
        name,
        actsForTelegramAdmins,
      });
      if (values.json) printJson(io, created);
      else {
        // The key alone on stdout (KEY=$(vitrina keys create user x)); the note on stderr.
        println(io, created.key);
        io.stderr.write(
          `created ${created.role} key "${created.name}" (id ${created.id}); keep the key now, it is not shown again\n`,
        );
      }
      return 0;
    }
    case 'revoke': {
      const id = required(positionals[0], '<key id>');
      const { revokeApiKey: key } = await client().execute(RevokeApiKeyDocument, { id });
      if (values.json) printJson(io, key);
      else println(io, `revoked ${key.role} key "${key.name}" (${key.id})`);
      return 0;
    }
    default:
      throw new UsageError(`unknown keys command "${sub}"`);
  }
}

/** `vitrina whoami`: the key's role and the end user the server records searches for. */
export async function whoamiCommand({ args, io, client }: Command): Promise<number> {
  const { values } = parseOptions(args, {});
  const { viewer } = await client().execute(ViewerDocument, {});
  if (values.json) printJson(io, viewer);
  else println(io, `${viewer.userId} (key "${viewer.keyName}", roles ${viewer.roles.join(', ')})`);
  return 0;
}
