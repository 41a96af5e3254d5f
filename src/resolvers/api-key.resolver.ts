import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Mutation, Query, Resolver } from 'type-graphql';
import { Length } from 'class-validator';
import type { Context } from '../api/context.js';
import type { ApiKeyService } from '../services/api-key.service.js';
import { ApiKeyType, CreatedApiKey, Viewer } from './api-key.types.js';
import { RoleEnum } from './role.enum.js';

@ArgsType()
class CreateApiKeyArgs {
  @Field(() => RoleEnum)
  role: RoleEnum;

  @Field(() => String)
  @Length(1, 100)
  name: string;
}

@Resolver()
export class ApiKeyResolver {
  constructor(private readonly keyService: ApiKeyService) {}

  @Authorized('admin')
  @Mutation(() => CreatedApiKey, { description: 'Create an API key; the key is returned only here.' })
  async createApiKey(
    @Args(() => CreateApiKeyArgs) { role, name }: CreateApiKeyArgs,
    @Ctx() ctx: Context,
  ): Promise<CreatedApiKey> {
    const { apiKey, key } = await this.keyService.create(role, name, ctx.actor!.userId);
    return { id: apiKey.id, key, role: apiKey.role as RoleEnum, name: apiKey.name };
  }

  @Authorized('admin')
  @Mutation(() => ApiKeyType, { description: 'Revoke a key; requests with it are refused from then on.' })
  revokeApiKey(@Arg('id', () => ID) id: string): Promise<ApiKeyType> {
    return this.keyService.revoke(id) as Promise<ApiKeyType>;
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
      userId: actor!.userId,
      keyName: actor!.principal.name,
    };
  }
}
