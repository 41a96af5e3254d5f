import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/**
 * An image file kept content-addressed under DATA_DIR/images by its SHA-256,
 * shared by catalog images and query photos: a repeated photo is stored once.
 */
@Entity('images')
export class StoredImage {
  @PrimaryColumn({ type: 'text' })
  sha256: string;

  @Column({ type: 'text' })
  format: string;

  @Column({ type: 'integer' })
  width: number;

  @Column({ type: 'integer' })
  height: number;

  @Column({ type: 'integer' })
  byteSize: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  /** When the embedding job found the file missing; null once it is stored again (or never was). */
  @Column({ type: 'timestamptz', nullable: true })
  unreadableAt: Date | null;
}
