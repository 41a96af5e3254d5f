import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Searches say when their assigned arm (or version) failed and another served them.
 *
 * `search_judgements`: top-1 correctness of each ranking of an image search, judged from its
 * feedback. This one definition feeds experiment reports, metrics and retraining triggers.
 *
 * - A search whose feedback names its right product (CORRECT on a result, or CORRECT_PRODUCT)
 *   judges every ranking of it, shown or shadow: correct when that product ranked first
 *   (`by_truth`).
 * - Without a named product, INCORRECT on the shown top result judges the shown ranking only
 *   (not `by_truth`): a shadow ranking's top result may differ, so it stays unjudged.
 * - Suggested new products judge nothing: the catalog lacked the product, not the model.
 */
export class SearchJudgements1763820000000 implements MigrationInterface {
  name = 'SearchJudgements1763820000000';

  async up(q: QueryRunner): Promise<void> {
    // A search whose assigned arm failed is served (and recorded) by the fallback; these say so.
    await q.query(`ALTER TABLE "searches" ADD "fallback_from_arm" text`);
    await q.query(`ALTER TABLE "searches" ADD "fallback_reason" text`);
    await q.query(`
      CREATE VIEW search_judgements AS
      WITH feedback AS (
        SELECT search_id,
               (array_agg(product_id ORDER BY updated_at DESC)
                  FILTER (WHERE feedback_type IN ('correct', 'correct_product')))[1] AS truth,
               array_agg(product_id) FILTER (WHERE feedback_type = 'incorrect') AS wrong,
               max(updated_at) AS judged_at
        FROM training_examples
        WHERE product_id IS NOT NULL AND feedback_type <> 'new_item'
        GROUP BY search_id)
      SELECT s.id AS search_id,
             s.user_id,
             s.experiment_id,
             CASE WHEN r.shadow
               THEN (SELECT a.name FROM experiment_arms a
                     WHERE a.experiment_id = s.experiment_id AND NOT a.is_control ORDER BY a.name LIMIT 1)
               ELSE s.arm END AS arm,
             r.model_version_id,
             r.shadow,
             f.truth IS NOT NULL AS by_truth,
             coalesce(r.product_id = f.truth, false) AS correct,
             f.judged_at
      FROM feedback f
      JOIN searches s ON s.id = f.search_id AND s.kind = 'image'
      JOIN search_results r ON r.search_id = s.id AND r.rank = 1
      WHERE f.truth IS NOT NULL OR (NOT r.shadow AND r.product_id = ANY (f.wrong))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP VIEW search_judgements`);
    await q.query(`ALTER TABLE "searches" DROP COLUMN "fallback_reason"`);
    await q.query(`ALTER TABLE "searches" DROP COLUMN "fallback_from_arm"`);
  }
}
