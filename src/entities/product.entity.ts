import { Field, ID, ObjectType } from 'type-graphql';
import { GraphQLJSONObject } from 'graphql-scalars';
import {
  Column,
  CreateDateColumn,
  DeleteDateColumn,
  Entity,
  Index,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';
import { ProductImage } from './product-image.entity.js';

@ObjectType({ description: 'A catalog product; searches return products ranked by their best image.' })
@Entity('products')
@Index('products_sku_key', ['sku'], { unique: true, where: 'deleted_at IS NULL AND sku IS NOT NULL' })
@Index('products_category_idx', ['category'])
@Index('products_name_trgm_idx', { synchronize: false })
@Index('products_search_idx', { synchronize: false })
export class Product {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { nullable: true, description: 'External SKU or id, unique in the catalog.' })
  @Column({ type: 'text', nullable: true })
  sku: string | null;

  @Field(() => String)
  @Column({ type: 'text' })
  name: string;

  @Field(() => String)
  @Column({ type: 'text', default: '' })
  category: string;

  @Field(() => String)
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => GraphQLJSONObject)
  @Column({ type: 'jsonb', default: {} })
  attributes: Record<string, unknown>;

  @OneToMany(() => ProductImage, (image) => image.product)
  images: ProductImage[];

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Field(() => Date)
  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /** Products are soft-deleted: feedback and searches that name them keep their history. */
  @DeleteDateColumn({ type: 'timestamptz', nullable: true })
  deletedAt: Date | null;
}
