import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Length } from 'class-validator';
import type { Context } from '../api/context.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import { ApiKeyType, CreatedApiKey, Viewer } from './api-key.types.js';
import { RoleEnum } from './role.enum.js';
import { presentUserId } from '../services/principal.js';

@ArgsType()
class CreateApiKeyArgs {
  @Field(() => RoleEnum)
  role: RoleEnum;

  @Field(() => String)
  @Length(1, 100)
  name: string;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'For the Telegram bot’s SERVICE key: acting for a Telegram user listed in ADMIN_TELEGRAM_IDS, it is an admin. Needs an ADMIN key.',
  })
  actsForTelegramAdmins?: boolean | null;
}

@Resolver()
export class ApiKeyResolver {
  constructor(private readonly keyService: ApiKeyService) {}

  @Authorized('admin')
  @Mutation(() => CreatedApiKey, { description: 'Create an API key; the key is returned only here.' })
  async createApiKey(
    @Args(() => CreateApiKeyArgs) { role, name, actsForTelegramAdmins }: CreateApiKeyArgs,
    @Ctx() ctx: Context,
  ): Promise<CreatedApiKey> {
    const { apiKey, key } = await this.keyService.create(role, name, ctx.actor!, {
      actsForTelegramAdmins: actsForTelegramAdmins ?? false,
    });
    return {
      id: apiKey.id,
      key,
      role: apiKey.role as RoleEnum,
      name: apiKey.name,
      actsForTelegramAdmins: apiKey.actsForTelegramAdmins,
    };
  }

  @Authorized('admin')
  @Mutation(() => ApiKeyType, { description: 'Revoke a key; requests with it are refused from then on.' })
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<ApiKeyType> {
    return this.keyService.revoke(id, ctx.actor!) as Promise<ApiKeyType>;
  }

  @Authorized('admin')
  @Query(() => [ApiKeyType])
  apiKeys(): Promise<ApiKeyType[]> {
    return this.keyService.list() as Promise<ApiKeyType[]>;
  }

  @Authorized()
  @Query(() => Viewer, { description: 'Who the server takes the caller to be.' })
  viewer(@Ctx() { actor }: Context): Viewer {
    return {
      role: actor!.principal.role as RoleEnum,
      roles: [...actor!.roles] as RoleEnum[],
      userId: presentUserId(actor!.userId, actor),
      keyName: actor!.principal.name,
    };
  }
}
