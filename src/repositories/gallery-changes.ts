/**
 * A statement that inserts into or deletes from `gallery_vectors` (ending in `RETURNING
 * model_version_id`, one row per vector it changed), wrapped so that the same statement stamps
 * `model_versions.gallery_changed_at` of every version it changed: once per statement whatever
 * the number of rows (a version catching up with hundreds of views writes one timestamp per
 * batch), atomically with the change, and not at all when no row changed (a no-op upsert or a
 * delete that found nothing leaves the drift reference where it was).
 *
 * The versions' rows are locked in id order: two transactions changing the galleries of several
 * versions (an acceptance publishing to each, a removal from all at once) then queue instead of
 * deadlocking. `statement_timestamp()` rather than `now()`: an acceptance may wait for its
 * product's lock, and the searches made meanwhile did not see the new view.
 */
export function stampingGalleryChange(change: string): string {
  return `WITH changed AS (${change}),
    versions AS (
      SELECT id FROM model_versions WHERE id IN (SELECT model_version_id FROM changed)
      ORDER BY id FOR NO KEY UPDATE)
    UPDATE model_versions m SET gallery_changed_at = statement_timestamp() FROM versions WHERE m.id = versions.id`;
}
