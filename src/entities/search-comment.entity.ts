import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { Search } from './search.entity.js';

/** A free-text comment a user left on one of their searches. */
@Entity('search_comments')
@Index('search_comments_search_idx', ['searchId'])
export class SearchComment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  searchId: string;

  @ManyToOne(() => Search, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'search_id' })
  search: Search;

  @Column({ type: 'text' })
  userId: string;

  @Column({ type: 'text' })
  text: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
