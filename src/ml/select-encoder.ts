import type { Logger } from 'pino';
import type { Config } from '../config.js';
import { BuiltinEncoder } from './builtin/index.js';
import type { ImageEncoder } from './encoder.js';
import { DEFAULT_MODEL, describeInstall, installedModel } from './models/registry.js';

/**
 * The installed encoder: CLIP when its files are under DATA_DIR/models, else the built-in
 * descriptor (which needs no weights). A CLIP that fails to load is logged and skipped, so the
 * product still starts.
 */
export async function selectEncoder(config: Config, logger: Logger): Promise<ImageEncoder> {
  const dir = await installedModel(config.dataDir, DEFAULT_MODEL);
  if (dir) {
    try {
      const { ClipEncoder } = await import('./clip/clip-encoder.js');
      const clip = await ClipEncoder.load(dir, DEFAULT_MODEL);
      logger.info({ encoder: clip.id, dim: clip.dim }, 'using the installed CLIP encoder');
      return clip;
    } catch (error) {
      logger.error({ err: error, dir }, 'the installed CLIP model could not be loaded; using the built-in encoder');
    }
  } else {
    logger.info(`${describeInstall(DEFAULT_MODEL)} (using the built-in encoder meanwhile)`);
  }
  // Catalog photos in threads of their own: a large import's embedding leaves the API its event loop.
  return new BuiltinEncoder(undefined, { catalogThreads: true });
}
