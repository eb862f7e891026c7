import type { Migration } from './types';

/**
 * Version 55: replay reads a queue's archive in id order from a checkpoint (`id > ? ORDER BY id LIMIT n`);
 * this index makes each batch O(batch) instead of a scan of the queue's rows.
 */
export const archiveById: Migration = {
  version: 55,
  name: 'archive-by-id',
  up: `CREATE INDEX archive_by_queue_id ON archive (cluster, vhost, queue, id);`,
};
