import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { Search } from './search.entity.js';
import { Product } from './product.entity.js';

/**
 * A ranked result of a search. `shadow` results were ranked by a shadow arm and never shown;
 * they are kept so that feedback can score both arms.
 */
@Entity('search_results')
@Index('search_results_product_idx', ['productId'])
export class SearchResult {
  @PrimaryColumn({ type: 'uuid' })
  searchId: string;

  @ManyToOne(() => Search, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'search_id' })
  search: Search;

  @PrimaryColumn({ type: 'boolean', default: false })
  shadow: boolean;

  @PrimaryColumn({ type: 'integer' })
  rank: number;

  @Column({ type: 'uuid' })
  productId: string;

  @ManyToOne(() => Product, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'product_id' })
  product: Product;

  @Column({ type: 'real' })
  score: number;

  @Column({ type: 'uuid', nullable: true })
  modelVersionId: string | null;
}
