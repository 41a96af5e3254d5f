import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export const ROLES = ['admin', 'service', 'user'] as const;
export type Role = (typeof ROLES)[number];

/** An API key. Only its SHA-256 is stored; the key itself is shown once, at creation. */
@Entity('api_keys')
@Check('api_keys_role_check', `role IN ('admin', 'service', 'user')`)
@Index('api_keys_hash_key', ['keyHash'], { unique: true })
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  role: Role;

  @Column({ type: 'text' })
  keyHash: string;

  /** The first characters of the key, to recognise it in lists without revealing it. */
  @Column({ type: 'text' })
  keyPrefix: string;

  @Column({ type: 'text', nullable: true })
  createdBy: string | null;

  /** The bot's key: acting for a Telegram user in ADMIN_TELEGRAM_IDS, it holds the admin role. */
  @Column({ type: 'boolean', default: false })
  actsForTelegramAdmins: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
