import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows are an end user's, with their search (whose key acted for that user). */
const OWNED = ['training_examples', 'new_product_annotations', 'search_comments'] as const;

/**
 * Security (#13): acting for a Telegram admin is a property of one key (the bot's), and an end
 * user belongs to the key that acts for it. Stored end users become `key:<key id>/<name>`
 * (`admin:env/<name>` for ADMIN_API_KEY), so that two keys naming the same end user share
 * nothing. Rows written before are given to the key that made their search.
 */
export class KeyOwnedEndUsers1763830000000 implements MigrationInterface {
  name = 'KeyOwnedEndUsers1763830000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "api_keys" ADD "acts_for_telegram_admins" boolean NOT NULL DEFAULT false`);
    // An end user's name (`telegram:12345`), not a key's own id, nor one already owned.
    const bare = (column: string) =>
      `${column} LIKE '%:%' AND ${column} NOT LIKE '%/%' AND ${column} NOT LIKE 'key:%' AND ${column} NOT LIKE 'admin:%'`;
    const owner = `coalesce('key:' || s.api_key_id::text, 'admin:env')`;
    for (const table of OWNED) {
      await q.query(
        `UPDATE "${table}" t SET user_id = ${owner} || '/' || t.user_id
         FROM searches s WHERE s.id = t.search_id AND ${bare('t.user_id')}`,
      );
    }
    await q.query(`UPDATE searches s SET user_id = ${owner} || '/' || s.user_id WHERE ${bare('s.user_id')}`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [...OWNED, 'searches']) {
      await q.query(`UPDATE "${table}" SET user_id = split_part(user_id, '/', 2) WHERE user_id LIKE '%/%'`);
    }
    await q.query(`ALTER TABLE "api_keys" DROP COLUMN "acts_for_telegram_admins"`);
  }
}
