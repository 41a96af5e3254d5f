import { IsOptional, Length, Max, Min } from 'class-validator';
import { Arg, Args, ArgsType, Authorized, Ctx, Field, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import GraphQLUpload from 'graphql-upload/GraphQLUpload.mjs';
import type { FileUpload } from 'graphql-upload/processRequest.mjs';
import type { Context } from '../api/context.js';
import type { Search } from '../entities/search.entity.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { ImageStore } from '../services/image-store.js';
import type { ModelRegistry } from '../services/model-registry.js';
import {
  MAX_RESULTS,
  type PresentedSearch,
  type SearchService,
  type SearchStages,
} from '../services/search.service.js';
import { ModelVersionType } from './model-version.types.js';
import { SearchType } from './search.types.js';

@ArgsType()
class SearchByTextArgs {
  @Field(() => String)
  @Length(1, 500)
  text: string;

  @Field(() => Int, { defaultValue: 5 })
  @IsOptional()
  @Min(1)
  @Max(MAX_RESULTS)
  limit: number;
}

@ArgsType()
class SearchByImageArgs {
  @Field(() => GraphQLUpload)
  image: Promise<FileUpload>;

  @Field(() => Int, { defaultValue: 5 })
  @IsOptional()
  @Min(1)
  @Max(MAX_RESULTS)
  limit: number;
}

@Resolver(() => SearchType)
export class SearchResolver {
  constructor(
    private readonly searches: SearchService,
    private readonly images: ImageStore,
    private readonly registry: ModelRegistry,
  ) {}

  @Authorized()
  @Mutation(() => SearchType, {
    description: 'Find the products in a photo (JPEG, PNG or WebP; GraphQL multipart upload).',
  })
  async searchByImage(
    @Args(() => SearchByImageArgs) { image, limit }: SearchByImageArgs,
    @Ctx() ctx: Context,
  ): Promise<SearchType> {
    const bytes = await this.images.readUpload(image);
    return this.present(await this.searches.byImage(ctx.actor!, bytes, limit));
  }

  @Authorized()
  @Mutation(() => SearchType, { description: 'Find products by name, category and description.' })
  async searchByText(
    @Args(() => SearchByTextArgs) { text, limit }: SearchByTextArgs,
    @Ctx() ctx: Context,
  ): Promise<SearchType> {
    return this.present(await this.searches.byText(ctx.actor!, text, limit));
  }

  @Authorized()
  @Query(() => SearchType, { description: 'One of your searches (admins: any search).' })
  async search(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<SearchType> {
    return this.present(await this.searches.get(ctx.actor!, id));
  }

  @Authorized()
  @Query(() => ModelVersionType, { description: 'The model version that serves searches outside experiments.' })
  async activeModelVersion(): Promise<ModelVersionType> {
    return (await this.registry.active()) as unknown as ModelVersionType;
  }

  private async present(
    search: Search & {
      modelVersion?: ModelVersion | null;
      stages?: SearchStages;
      results?: PresentedSearch['results'];
    },
  ): Promise<SearchType> {
    const results = search.results ?? (await this.searches.results(search.id));
    const modelVersion =
      search.modelVersion ?? (search.modelVersionId ? await this.registry.get(search.modelVersionId) : null);
    return {
      id: search.id,
      kind: search.kind as SearchType['kind'],
      queryText: search.queryText,
      queryImageSha256: search.queryImageSha256,
      modelVersion: modelVersion as unknown as ModelVersionType | null,
      experimentArm: search.arm,
      results: results.map((r) => ({ rank: r.rank, score: r.score, product: r.product })),
      timings: search.stages ?? null,
      createdAt: search.createdAt,
    };
  }
}
