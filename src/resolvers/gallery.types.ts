import { ArgsType, Field, ID, Int, ObjectType, registerEnumType, UseMiddleware } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { Product } from '../entities/product.entity.js';
import { AdminsOnly, AsCallerSees } from './identity.middleware.js';
import { PageArgs } from './page.args.js';
import { PageInfo } from './product.types.js';

export enum GalleryViewStatusEnum {
  PENDING = 'pending',
  ACCEPTED = 'accepted',
  REJECTED = 'rejected',
}
registerEnumType(GalleryViewStatusEnum, {
  name: 'GalleryViewStatus',
  valuesConfig: {
    PENDING: { description: 'Waiting for an admin (or for enough users to agree).' },
    ACCEPTED: { description: 'Searched as a view of the product in every version that serves gallery views.' },
    REJECTED: { description: 'Rejected, removed, withdrawn by its verdict, or a duplicate: not searched.' },
  },
});

@ObjectType('GalleryView', {
  description:
    "A shopper's photo confirmed for a product, proposed as one more view of it (never shown as its picture).",
})
export class GalleryViewType {
  @Field(() => ID)
  id: string;

  @Field(() => GalleryViewStatusEnum)
  status: GalleryViewStatusEnum;

  @Field(() => Product)
  product: Product;

  @Field(() => ID, { description: 'The search whose photo this is.' })
  searchId: string;

  @Field(() => String, { description: 'Who confirmed the photo for the product.' })
  @UseMiddleware(AsCallerSees)
  userId: string;

  @Field(() => String, { description: 'The confirming verdict: `correct` or `correct_product`.' })
  verdict: string;

  @Field(() => String, { description: 'Path of the photo (`/images/<sha256>`, for admins).' })
  imageUrl: string;

  @Field(() => String, {
    nullable: true,
    description: 'Who decided: `admin`, `trusted` (a trusted contributor), `consensus` (users agreed), `policy`.',
  })
  decidedBy: string | null;

  @Field(() => String, { nullable: true })
  @UseMiddleware(AdminsOnly)
  reviewedBy: string | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected or removed.' })
  reason: string | null;

  @Field(() => Date, { nullable: true })
  decidedAt: Date | null;

  @Field(() => Date)
  createdAt: Date;
}

@ObjectType()
export class GalleryViewConnection {
  @Field(() => [GalleryViewType])
  nodes: GalleryViewType[];

  @Field(() => PageInfo)
  pageInfo: PageInfo;

  @Field(() => Int)
  totalCount: number;
}

@ArgsType()
export class GalleryViewsArgs extends PageArgs {
  @Field(() => GalleryViewStatusEnum, { nullable: true, description: 'Null lists every status.' })
  status: GalleryViewStatusEnum | null;

  @Field(() => ID, { nullable: true })
  productId: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Only this contributor’s views; a key (`key:<id>`) covers every end user it spoke for.',
  })
  @IsOptional()
  @Length(1, 300)
  userId: string | null;
}
