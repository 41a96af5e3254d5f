import { Column, CreateDateColumn, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { StoredImage } from './stored-image.entity.js';

/** A base embedding: one image encoded once by one encoder. Version vectors derive from these. */
@Entity('image_embeddings')
export class ImageEmbedding {
  @PrimaryColumn({ type: 'text' })
  imageSha256: string;

  @ManyToOne(() => StoredImage, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'image_sha256' })
  image: StoredImage;

  /** Encoder id, e.g. `builtin-v4` or `clip-vit-base-patch32`. */
  @PrimaryColumn({ type: 'text' })
  encoderId: string;

  @Column({ type: 'integer' })
  dim: number;

  @Column({ type: 'vector' })
  embedding: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
