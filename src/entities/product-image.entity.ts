import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Product } from './product.entity.js';
import { StoredImage } from './stored-image.entity.js';

@ObjectType()
@Entity('product_images')
@Index('product_images_product_image_key', ['productId', 'imageSha256'], { unique: true })
@Index('product_images_image_idx', ['imageSha256'])
export class ProductImage {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, (product) => product.images, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'product_id' })
  product: Product;

  @Field(() => String, { description: 'SHA-256 of the image bytes (its content address).' })
  @Column({ type: 'text' })
  imageSha256: string;

  @ManyToOne(() => StoredImage, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'image_sha256' })
  image: StoredImage;

  @Field(() => Int)
  @Column({ type: 'integer', default: 0 })
  position: number;

  @Field(() => Date)
  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
