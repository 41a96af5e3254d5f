import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The whole data model: catalog, embeddings, model versions, searches, feedback, training, experiments, keys, jobs. */
export class InitialSchema1763780000000 implements MigrationInterface {
  name = 'InitialSchema1763780000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS vector`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(
      `CREATE TABLE "api_keys" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "role" text NOT NULL, "key_hash" text NOT NULL, "key_prefix" text NOT NULL, "created_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "api_keys_role_check" CHECK (role IN ('admin', 'service', 'user')), CONSTRAINT "PK_5c8a79801b44bd27b79228e1dad" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "api_keys_hash_key" ON "api_keys" ("key_hash")`);
    await q.query(
      `CREATE TABLE "model_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "encoder_id" text NOT NULL, "encoder_checksum" text NOT NULL, "dim" integer NOT NULL, "adapter_kind" text, "adapter_weights" bytea, "parent_id" uuid, "status" text NOT NULL DEFAULT 'ready', "metrics" jsonb, "parameters" jsonb NOT NULL DEFAULT '{}', "examples_used" integer NOT NULL DEFAULT '0', "failure_reason" text, "created_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "activated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "model_versions_status_check" CHECK (status IN ('training', 'ready', 'active', 'archived', 'failed')), CONSTRAINT "PK_77c0256872dcc26394dba4b87ec" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "model_versions_name_key" ON "model_versions" ("name")`);
    await q.query(
      `CREATE UNIQUE INDEX "model_versions_one_active_key" ON "model_versions" ("status") WHERE status = 'active'`,
    );
    await q.query(
      `CREATE TABLE "experiment_arms" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "experiment_id" uuid NOT NULL, "name" text NOT NULL, "model_version_id" uuid NOT NULL, "weight" real NOT NULL, "is_control" boolean NOT NULL DEFAULT false, CONSTRAINT "experiment_arms_weight_check" CHECK (weight >= 0), CONSTRAINT "PK_c6724284646fdddb00a95c2ad1e" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "experiment_arms_name_key" ON "experiment_arms" ("experiment_id", "name")`);
    await q.query(
      `CREATE TABLE "experiments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "mode" text NOT NULL, "status" text NOT NULL DEFAULT 'running', "settings" jsonb NOT NULL DEFAULT '{}', "decisions" jsonb NOT NULL DEFAULT '[]', "promoted_version_id" uuid, "created_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "stopped_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "experiments_status_check" CHECK (status IN ('running', 'stopped')), CONSTRAINT "experiments_mode_check" CHECK (mode IN ('split', 'shadow', 'bandit')), CONSTRAINT "PK_aafe1321d916fac58ba06ad8178" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "experiments_one_running_key" ON "experiments" ("status") WHERE status = 'running'`,
    );
    await q.query(
      `CREATE TABLE "images" ("sha256" text NOT NULL, "format" text NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "byte_size" integer NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7ef35e63c1a4b4aefa9faca9e4e" PRIMARY KEY ("sha256"))`,
    );
    await q.query(
      `CREATE TABLE "image_embeddings" ("image_sha256" text NOT NULL, "encoder_id" text NOT NULL, "dim" integer NOT NULL, "embedding" vector NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ada6c21c3b5abc7ac0baa3e2986" PRIMARY KEY ("image_sha256", "encoder_id"))`,
    );
    await q.query(
      `CREATE TABLE "jobs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "payload" jsonb NOT NULL DEFAULT '{}', "status" text NOT NULL DEFAULT 'queued', "priority" integer NOT NULL DEFAULT '0', "attempts" integer NOT NULL DEFAULT '0', "max_attempts" integer NOT NULL DEFAULT '3', "dedupe_key" text, "run_after" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "locked_by" text, "heartbeat_at" TIMESTAMP WITH TIME ZONE, "result" jsonb, "error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "jobs_status_check" CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')), CONSTRAINT "PK_cf0a6c42b72fcc7f7c237def345" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "jobs_dedupe_key" ON "jobs" ("dedupe_key") WHERE dedupe_key IS NOT NULL AND status IN ('queued', 'running')`,
    );
    await q.query(`CREATE INDEX "jobs_claim_idx" ON "jobs" ("status", "run_after", "priority")`);
    await q.query(
      `CREATE TABLE "model_activations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "model_version_id" uuid NOT NULL, "previous_version_id" uuid, "reason" text NOT NULL, "activated_by" text, "activated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deactivated_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_3f0b1193284bd36c53b848eedae" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "model_activations_version_idx" ON "model_activations" ("model_version_id")`);
    await q.query(
      `CREATE TABLE "searches" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "kind" text NOT NULL, "user_id" text NOT NULL, "api_key_id" uuid, "query_image_sha256" text, "query_text" text, "model_version_id" uuid, "experiment_id" uuid, "arm" text, "result_limit" integer NOT NULL, "latency_ms" real, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "searches_kind_check" CHECK (kind IN ('image', 'text')), CONSTRAINT "PK_60a4e082658af4c8834c23f6fad" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "searches_experiment_idx" ON "searches" ("experiment_id", "arm")`);
    await q.query(`CREATE INDEX "searches_version_idx" ON "searches" ("model_version_id", "created_at")`);
    await q.query(`CREATE INDEX "searches_user_idx" ON "searches" ("user_id", "created_at")`);
    await q.query(
      `CREATE TABLE "product_images" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "product_id" uuid NOT NULL, "image_sha256" text NOT NULL, "position" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_1974264ea7265989af8392f63a1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "product_images_image_idx" ON "product_images" ("image_sha256")`);
    await q.query(
      `CREATE UNIQUE INDEX "product_images_product_image_key" ON "product_images" ("product_id", "image_sha256")`,
    );
    await q.query(
      `CREATE TABLE "products" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "sku" text, "name" text NOT NULL, "category" text NOT NULL DEFAULT '', "description" text NOT NULL DEFAULT '', "attributes" jsonb NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "deleted_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_0806c755e0aca124e67c0cf6d7d" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "products_category_idx" ON "products" ("category")`);
    await q.query(
      `CREATE UNIQUE INDEX "products_sku_key" ON "products" ("sku") WHERE deleted_at IS NULL AND sku IS NOT NULL`,
    );
    await q.query(
      `CREATE TABLE "new_product_annotations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "search_id" uuid NOT NULL, "image_sha256" text, "user_id" text NOT NULL, "name" text NOT NULL, "category" text NOT NULL DEFAULT '', "comment" text, "status" text NOT NULL DEFAULT 'pending', "reviewed_by" text, "reviewed_at" TIMESTAMP WITH TIME ZONE, "product_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "new_product_annotations_status_check" CHECK (status IN ('pending', 'approved', 'rejected')), CONSTRAINT "PK_8f5a9900581193a80968cf5a081" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "new_product_annotations_status_idx" ON "new_product_annotations" ("status", "created_at")`,
    );
    await q.query(
      `CREATE TABLE "search_comments" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "search_id" uuid NOT NULL, "user_id" text NOT NULL, "text" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_456088086c875cc83bdfc07be59" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "search_comments_search_idx" ON "search_comments" ("search_id")`);
    await q.query(
      `CREATE TABLE "search_results" ("search_id" uuid NOT NULL, "shadow" boolean NOT NULL DEFAULT false, "rank" integer NOT NULL, "product_id" uuid NOT NULL, "score" real NOT NULL, "model_version_id" uuid, CONSTRAINT "PK_ada785095b72e2c1d70137fcc5c" PRIMARY KEY ("search_id", "shadow", "rank"))`,
    );
    await q.query(`CREATE INDEX "search_results_product_idx" ON "search_results" ("product_id")`);
    await q.query(
      `CREATE TABLE "training_examples" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "search_id" uuid NOT NULL, "image_sha256" text, "user_id" text NOT NULL, "feedback_type" text NOT NULL, "product_id" uuid, "similarity_score" real, "quality_rating" smallint, "rated_by" text, "used_for_training" boolean NOT NULL DEFAULT false, "model_version_id" uuid, "experiment_id" uuid, "arm" text, "comment" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "training_examples_quality_check" CHECK (quality_rating IS NULL OR quality_rating BETWEEN 1 AND 5), CONSTRAINT "training_examples_type_check" CHECK (feedback_type IN ('correct', 'incorrect', 'correct_product', 'new_item')), CONSTRAINT "PK_3e25ab895f28833e51482352f2a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "training_examples_version_idx" ON "training_examples" ("model_version_id")`);
    await q.query(
      `CREATE INDEX "training_examples_unused_idx" ON "training_examples" ("used_for_training", "created_at")`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "training_examples_verdict_key" ON "training_examples" ("search_id", "product_id", "user_id") WHERE product_id IS NOT NULL`,
    );
    await q.query(
      `CREATE TABLE "training_runs" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" text NOT NULL DEFAULT 'queued', "parent_version_id" uuid, "model_version_id" uuid, "parameters" jsonb NOT NULL DEFAULT '{}', "examples_used" integer NOT NULL DEFAULT '0', "accuracy_before" real, "accuracy_after" real, "metrics_before" jsonb, "metrics_after" jsonb, "progress" real NOT NULL DEFAULT '0', "epoch" integer, "loss" real, "error" text, "started_by" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, "duration_ms" integer, CONSTRAINT "training_runs_progress_check" CHECK (progress BETWEEN 0 AND 1), CONSTRAINT "training_runs_status_check" CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'cancelled')), CONSTRAINT "PK_3f5056858e48ed5e97b4faaa05a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "training_runs_status_idx" ON "training_runs" ("status", "created_at")`);
    await q.query(
      `CREATE TABLE "version_vectors" ("model_version_id" uuid NOT NULL, "product_image_id" uuid NOT NULL, "product_id" uuid NOT NULL, "embedding" vector NOT NULL, CONSTRAINT "PK_4eb73425ca809d14208532e4ad2" PRIMARY KEY ("model_version_id", "product_image_id"))`,
    );
    await q.query(`CREATE INDEX "version_vectors_product_idx" ON "version_vectors" ("model_version_id", "product_id")`);
    await q.query(
      `ALTER TABLE "model_versions" ADD CONSTRAINT "FK_d8748a6cf4eac41b41aab83a865" FOREIGN KEY ("parent_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "experiment_arms" ADD CONSTRAINT "FK_8c1eb11cfe4818498eb44163be4" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "experiment_arms" ADD CONSTRAINT "FK_0d1b6fe1f2b4a43321b6f821eeb" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "image_embeddings" ADD CONSTRAINT "FK_18d6ffaae0d9c16cd0b902880bc" FOREIGN KEY ("image_sha256") REFERENCES "images"("sha256") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "model_activations" ADD CONSTRAINT "FK_445748618113d74478daae95c85" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "searches" ADD CONSTRAINT "FK_d0c91d8649c6f04813265b70767" FOREIGN KEY ("query_image_sha256") REFERENCES "images"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "searches" ADD CONSTRAINT "FK_3d9ce7f77e696895450cef5d692" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "searches" ADD CONSTRAINT "FK_cfc54f64b73d9133af21ccb472f" FOREIGN KEY ("experiment_id") REFERENCES "experiments"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "product_images" ADD CONSTRAINT "FK_4f166bb8c2bfcef2498d97b4068" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "product_images" ADD CONSTRAINT "FK_09b3a51f2d7cce891065e0c4513" FOREIGN KEY ("image_sha256") REFERENCES "images"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "new_product_annotations" ADD CONSTRAINT "FK_39b9c83b5a8f52cc6269fe4da69" FOREIGN KEY ("search_id") REFERENCES "searches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "new_product_annotations" ADD CONSTRAINT "FK_32bc5608d67bd7cc43c49735c17" FOREIGN KEY ("image_sha256") REFERENCES "images"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "new_product_annotations" ADD CONSTRAINT "FK_39ce4f16a407e934b13d94bcfaa" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "search_comments" ADD CONSTRAINT "FK_70b2a42239fac319e3cbb6c1b63" FOREIGN KEY ("search_id") REFERENCES "searches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "search_results" ADD CONSTRAINT "FK_50030436828249e970fc3250b1b" FOREIGN KEY ("search_id") REFERENCES "searches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "search_results" ADD CONSTRAINT "FK_29f3c58a4b495761a17eecb3c0c" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "training_examples" ADD CONSTRAINT "FK_dbe912b0d9ad849b0d2be5ae13a" FOREIGN KEY ("search_id") REFERENCES "searches"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "training_examples" ADD CONSTRAINT "FK_8e5608f6786676a50cac5b1ccb7" FOREIGN KEY ("image_sha256") REFERENCES "images"("sha256") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "training_examples" ADD CONSTRAINT "FK_297ea615b8479f5285c65635ba3" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "training_examples" ADD CONSTRAINT "FK_d9a4a4dc0dc2ff0bfeb48a9a058" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "training_runs" ADD CONSTRAINT "FK_4e611907a8f45cc1a6513110501" FOREIGN KEY ("parent_version_id") REFERENCES "model_versions"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "training_runs" ADD CONSTRAINT "FK_8424468066735c710b8e4ec7127" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "version_vectors" ADD CONSTRAINT "FK_de553b545ea377814e9e0d8958f" FOREIGN KEY ("model_version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "version_vectors" ADD CONSTRAINT "FK_75d69adfd0ecc54a2437647ee9b" FOREIGN KEY ("product_image_id") REFERENCES "product_images"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "version_vectors" ADD CONSTRAINT "FK_343fc0a42406c8f091c07cdcdcd" FOREIGN KEY ("product_id") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    // Text search: trigram similarity on names, full text on name + description.
    await q.query(`CREATE INDEX "products_name_trgm_idx" ON "products" USING gin ("name" gin_trgm_ops)`);
    await q.query(
      `CREATE INDEX "products_search_idx" ON "products" USING gin (to_tsvector('simple', "name" || ' ' || "category" || ' ' || "description"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'version_vectors',
      'training_runs',
      'training_examples',
      'search_results',
      'search_comments',
      'new_product_annotations',
      'products',
      'product_images',
      'searches',
      'model_activations',
      'jobs',
      'image_embeddings',
      'images',
      'experiments',
      'experiment_arms',
      'model_versions',
      'api_keys',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
  }
}
