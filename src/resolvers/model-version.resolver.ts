import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../api/context.js';
import type { ModelVersion } from '../entities/model-version.entity.js';
import type { EmbeddingService } from '../services/embedding.service.js';
import type { ModelRegistry } from '../services/model-registry.js';
import { ModelActivationType, ModelVersionType, TrainingParameters } from './model-version.types.js';

const asType = (version: ModelVersion) => version as unknown as ModelVersionType;

/** The model registry: versions with their lineage and metrics, activation, rollback, archive. */
@Resolver(() => ModelVersionType)
export class ModelVersionResolver {
  constructor(
    private readonly registry: ModelRegistry,
    private readonly embeddings: Pick<EmbeddingService, 'requestCatalogEmbedding'>,
  ) {}

  @Authorized('admin')
  @Query(() => [ModelVersionType], { description: 'Every model version, newest first.' })
  async modelVersions(): Promise<ModelVersionType[]> {
    return (await this.registry.list()).map(asType);
  }

  @Authorized('admin')
  @Query(() => [ModelActivationType], { description: 'Which version served when, newest first.' })
  async modelActivations(): Promise<ModelActivationType[]> {
    return this.registry.activations();
  }

  @Authorized('admin')
  @Mutation(() => ModelVersionType, {
    description:
      'Serve this version. Refused when it runs on another encoder, its weights fail their checksum, or it did worse than its parent on held-out feedback (unless `force`).',
  })
  async activateModelVersion(
    @Arg('id', () => ID) id: string,
    @Arg('force', () => Boolean, { defaultValue: false }) force: boolean,
    @Ctx() ctx: Context,
  ): Promise<ModelVersionType> {
    return asType(await this.registry.activate(id, { force, by: ctx.actor!.userId }));
  }

  @Authorized('admin')
  @Mutation(() => ModelVersionType, { description: 'Serve the previously active version again.' })
  async rollbackModelVersion(@Ctx() ctx: Context): Promise<ModelVersionType> {
    return asType(await this.registry.rollback(ctx.actor!.userId));
  }

  @Authorized('admin')
  @Mutation(() => ModelVersionType, { description: 'Retire a version that does not serve; it can be activated again.' })
  async archiveModelVersion(@Arg('id', () => ID) id: string): Promise<ModelVersionType> {
    return asType(await this.registry.archive(id));
  }

  @Authorized('admin')
  @Mutation(() => ModelVersionType, {
    description:
      'A new ready version with the same encoder and adapter, serving gallery views or not: compare the two in an experiment. Its catalog vectors are written in the background.',
  })
  async copyModelVersion(
    @Arg('id', () => ID) id: string,
    @Arg('servesGallery', () => Boolean) servesGallery: boolean,
    @Ctx() ctx: Context,
  ): Promise<ModelVersionType> {
    const copy = await this.registry.copy(id, servesGallery, ctx.actor!.userId);
    await this.embeddings.requestCatalogEmbedding();
    return asType(copy);
  }

  @FieldResolver(() => ModelVersionType, {
    nullable: true,
    description: 'The version this one was trained (or copied) from.',
  })
  async parent(@Root() version: ModelVersionType): Promise<ModelVersionType | null> {
    return version.parentId ? asType(await this.registry.get(version.parentId)) : null;
  }

  @FieldResolver(() => TrainingParameters, { nullable: true })
  parameters(@Root() version: ModelVersionType): TrainingParameters | null {
    const params = (version as unknown as ModelVersion).parameters;
    return params && Object.keys(params).length > 0 ? (params as TrainingParameters) : null;
  }
}
