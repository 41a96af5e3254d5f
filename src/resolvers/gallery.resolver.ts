import { Arg, Args, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../api/context.js';
import type { GalleryView } from '../entities/gallery-view.entity.js';
import type { GalleryService } from '../services/gallery.service.js';
import { connection } from './feedback.presenters.js';
import {
  GalleryViewConnection,
  GalleryViewsArgs,
  GalleryViewType,
  type GalleryViewStatusEnum,
} from './gallery.types.js';

/** Admins review, list and remove gallery views (shoppers' confirmed photos searched as product views). */
@Resolver()
export class GalleryResolver {
  constructor(private readonly gallery: GalleryService) {}

  @Authorized('admin')
  @Query(() => GalleryViewConnection, {
    description: 'Gallery views, oldest first (pending ones are the review queue).',
  })
  async galleryViews(
    @Args(() => GalleryViewsArgs) { status, productId, userId, first, after }: GalleryViewsArgs,
    @Ctx() ctx: Context,
  ): Promise<GalleryViewConnection> {
    return connection(await this.gallery.list(ctx.actor!, { status, productId, userId }, first, after), present);
  }

  @Authorized('admin')
  @Mutation(() => GalleryViewType, {
    description: 'Accept a view (searched in every version that serves gallery views) or reject it.',
  })
  async reviewGalleryView(
    @Arg('id', () => ID) id: string,
    @Arg('accept', () => Boolean) accept: boolean,
    @Ctx() ctx: Context,
  ): Promise<GalleryViewType> {
    return present(await this.gallery.review(ctx.actor!, id, accept));
  }

  @Authorized('admin')
  @Mutation(() => GalleryViewType, {
    description: 'Stop searching a view, in every version; its record stays, rejected.',
  })
  async removeGalleryView(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<GalleryViewType> {
    return present(await this.gallery.remove(ctx.actor!, id));
  }

  @Authorized('admin')
  @Mutation(() => Int, {
    description:
      'Reject every pending or accepted view a user contributed (out of every version); how many there were. ' +
      'A key (`key:<id>`) covers every end user it spoke for.',
  })
  removeGalleryContributions(@Arg('userId', () => String) userId: string, @Ctx() ctx: Context): Promise<number> {
    return this.gallery.removeContributions(ctx.actor!, userId);
  }
}

function present(view: GalleryView): GalleryViewType {
  return { ...view, status: view.status as GalleryViewStatusEnum, imageUrl: `/images/${view.imageSha256}` };
}
