import { Field, ID, ObjectType } from 'type-graphql';
import { RoleEnum } from './role.enum.js';

@ObjectType('ApiKey', { description: 'An API key as listed; the key itself is never shown again.' })
export class ApiKeyType {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  name: string;

  @Field(() => RoleEnum)
  role: RoleEnum;

  @Field(() => String, { description: 'The first characters of the key, to recognise it.' })
  keyPrefix: string;

  @Field(() => Boolean, { description: 'The Telegram bot’s key: an admin when acting for ADMIN_TELEGRAM_IDS.' })
  actsForTelegramAdmins: boolean;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => Date, { nullable: true })
  revokedAt: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt: Date | null;
}

@ObjectType({ description: 'A new API key. `key` is shown this once; only its hash is stored.' })
export class CreatedApiKey {
  @Field(() => ID)
  id: string;

  @Field(() => String)
  key: string;

  @Field(() => RoleEnum)
  role: RoleEnum;

  @Field(() => String)
  name: string;

  @Field(() => Boolean)
  actsForTelegramAdmins: boolean;
}

@ObjectType({ description: 'The caller, as the server sees the request.' })
export class Viewer {
  @Field(() => RoleEnum)
  role: RoleEnum;

  @Field(() => [RoleEnum], { description: 'Roles in force, including admin granted to configured admin end users.' })
  roles: RoleEnum[];

  @Field(() => String, { description: 'The end user searches and feedback are recorded for.' })
  userId: string;

  @Field(() => String)
  keyName: string;
}
