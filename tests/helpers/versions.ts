import type { Vitrina } from '../../src/app.js';
import { ModelVersion } from '../../src/entities/model-version.entity.js';
import { adapterChecksum, identityAdapter, serializeAdapter } from '../../src/trainer/adapter.js';

/**
 * A ready model version derived from the active one by a diagonal adapter (every other
 * dimension scaled by `scale`), with its catalog vectors computed by the embedding worker: a
 * candidate for experiments without a training run.
 */
export async function addVersion(vitrina: Vitrina, name: string, scale = 1): Promise<string> {
  const base = await vitrina.services.registry.active();
  const adapter = identityAdapter('diagonal', base.dim);
  adapter.tensors.scale!.forEach((_, i, s) => (s[i] = i % 2 === 0 ? scale : 1));
  const weights = serializeAdapter(adapter);
  const repo = vitrina.dataSource.getRepository(ModelVersion);
  const version = await repo.save(
    repo.create({
      name,
      encoderId: base.encoderId,
      encoderChecksum: base.encoderChecksum,
      dim: base.dim,
      adapterKind: 'diagonal',
      adapterWeights: weights,
      adapterChecksum: adapterChecksum(weights),
      parentId: base.id,
      status: 'ready',
      createdBy: 'test',
      parameters: {},
    }),
  );
  await vitrina.services.embeddings.requestCatalogEmbedding();
  await vitrina.worker!.drain();
  return version.id;
}
