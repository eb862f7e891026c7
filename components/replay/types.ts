// Shapes of the replay/archive JSON API as the dashboard reads them (components never import lib/store).

export interface ArchiveRow {
  id: number;
  cluster: string;
  vhost: string;
  queue: string;
  exchange: string;
  routingKeys: string[];
  messageId: string | null;
  properties: Record<string, unknown>;
  headers: Record<string, unknown>;
  deathReason: string;
  deathTime: number | null;
  deathCount: number;
  sha256: string;
  capturedAt: number;
  replayedAt: number | null;
  replayCount: number;
  bodySize: number;
}

export interface ArchiveResponse {
  total: number;
  messages: ArchiveRow[];
  captures: Array<{ cluster: string; vhost: string; queue: string; createdAt: number; createdBy: string }>;
  next: number | null;
}

export interface ArchiveMessage extends Omit<ArchiveRow, 'bodySize'> {
  bodySize: number;
  bodyTruncated: boolean;
  body: { encoding: 'utf8' | 'base64'; data: string };
}

export interface ArchiveFilter {
  cluster?: string;
  vhost?: string;
  queue?: string;
  reason?: string;
  replayed?: 'yes' | 'no';
  since?: string;
}

export interface RabbitReplayResult {
  dryRun: boolean;
  count: number;
  destinations: Array<{ exchange: string; routingKeys: string[]; count: number; exists: boolean }>;
  missingExchanges: string[];
  job?: { id: string } | null;
}

export interface FilePreview {
  dryRun: boolean;
  name: string;
  format: string;
  count: number;
  invalid: Array<{ line: number; error: string }>;
  invalidCount: number;
  duplicateIds: number;
  alreadyPublished: number;
  toPublish: number;
  target: string;
  first: Array<{ line: number; id: string; key: string | null }>;
  job?: { id: string } | null;
}
