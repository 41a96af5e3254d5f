import { Router, type Request, type RequestHandler } from 'express';
import type { StoredImage } from '../../entities/stored-image.entity.js';
import type { CatalogService } from '../../services/catalog.service.js';
import type { ImageStore } from '../../services/image-store.js';
import type { Authenticate } from '../authenticate.js';
import { httpCaller } from '../rate-limit.js';

export type ImagesRouteDeps = {
  catalog: Pick<CatalogService, 'catalogImage'>;
  images: Pick<ImageStore, 'find' | 'pathOf'>;
  authenticate: Authenticate;
  /** The request budgets, taken before anything is looked up. */
  rateLimit: RequestHandler;
};

type Viewable = { image: Pick<StoredImage, 'sha256' | 'format'>; cacheControl: string };

/**
 * `GET /images/<sha256>`: a catalog image for anyone, cached for good (its name is its content's
 * hash); any other stored image (a shopper's query photo) only for an admin.
 */
export function imagesRoute(deps: ImagesRouteDeps): Router {
  const router = Router();
  router.use(deps.rateLimit);
  router.get('/:sha256', async (req, res, next) => {
    try {
      const found = await viewableImage(req.params.sha256, req, deps);
      if (!found) return void res.status(404).json({ error: 'not found' });
      res.setHeader('Cache-Control', found.cacheControl);
      res.sendFile(deps.images.pathOf(found.image.sha256, found.image.format));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

async function viewableImage(sha256: string, req: Request, deps: ImagesRouteDeps): Promise<Viewable | null> {
  const image = await deps.catalog.catalogImage(sha256);
  if (image) return { image, cacheControl: 'public, max-age=31536000, immutable' };
  if (!(await seesQueryPhotos(req, deps.authenticate))) return null;
  const stored = await deps.images.find(sha256);
  return stored && { image: stored, cacheControl: 'private, max-age=3600' };
}

/**
 * Shoppers' query photos are not public: admins see them to review feedback and suggestions.
 * A bad key is no error here, just not an admin's.
 */
async function seesQueryPhotos(req: Request, authenticate: Authenticate): Promise<boolean> {
  if (!req.headers.authorization) return false;
  const actor = await authenticate(httpCaller(req)).catch(() => null);
  return actor?.roles.has('admin') ?? false;
}
