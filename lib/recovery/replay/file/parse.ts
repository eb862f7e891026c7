// Reading a lost-data file for replay: NDJSON (one JSON object per line) or CSV (a header row, RFC 4180
// quoting). Every row must carry the id field (and the routing/key field when one is named); rows that do
// not are listed as invalid with their line numbers. Pure: no I/O.
import { ReplayError } from '../errors';

export type FileFormat = 'ndjson' | 'csv';

export interface FileRow {
  /** 1-based line number of the row in the file. */
  line: number;
  id: string;
  /** Routing key (RabbitMQ) or record key (Kafka); null when no key field was named. */
  key: string | null;
  record: Record<string, unknown>;
}

export interface ParsedFile {
  format: FileFormat;
  rows: FileRow[];
  invalid: Array<{ line: number; error: string }>;
  /** Ids seen more than once in the file (published once). */
  duplicateIds: number;
}

export function formatOf(name: string): FileFormat {
  const lower = name.toLowerCase();
  if (lower.endsWith('.ndjson') || lower.endsWith('.jsonl')) return 'ndjson';
  if (lower.endsWith('.csv')) return 'csv';
  throw new ReplayError(`"${name}": expected a .ndjson, .jsonl or .csv file`);
}

/** CSV records with the line each starts on; quoted fields may hold commas, quotes ("") and newlines. */
export function csvRecords(text: string): Array<{ line: number; fields: string[] }> {
  const out: Array<{ line: number; fields: string[] }> = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"' && field === '') {
      quoted = true;
      any = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      if (any || field !== '') out.push({ line: start, fields: [...fields, field] });
      fields = [];
      field = '';
      any = false;
      line++;
      start = line;
    } else {
      field += c;
      any = true;
    }
  }
  if (quoted) throw new ReplayError(`line ${start}: unterminated quoted field`);
  if (any || field !== '') out.push({ line: start, fields: [...fields, field] });
  return out;
}

function scalar(v: unknown): string | null {
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}

export interface ParseOptions {
  format: FileFormat;
  idField: string;
  keyField: string | null;
}

export function parseReplayFile(text: string, o: ParseOptions): ParsedFile {
  const records: Array<{ line: number; record?: Record<string, unknown>; error?: string }> = [];
  if (o.format === 'ndjson') {
    text.split('\n').forEach((raw, i) => {
      const s = raw.trim();
      if (s === '') return;
      try {
        const v = JSON.parse(s) as unknown;
        if (!v || typeof v !== 'object' || Array.isArray(v))
          records.push({ line: i + 1, error: 'not a JSON object' });
        else records.push({ line: i + 1, record: v as Record<string, unknown> });
      } catch (error) {
        records.push({ line: i + 1, error: `malformed JSON (${(error as Error).message})` });
      }
    });
  } else {
    const [header, ...rest] = csvRecords(text);
    if (!header) throw new ReplayError('the CSV file is empty (a header row is needed)');
    const names = header.fields.map((f) => f.trim());
    for (const r of rest) {
      if (r.fields.length !== names.length) {
        records.push({ line: r.line, error: `${r.fields.length} field(s), the header has ${names.length}` });
      } else
        records.push({
          line: r.line,
          record: Object.fromEntries(names.map((n, i) => [n, r.fields[i] ?? ''])),
        });
    }
  }
  const rows: FileRow[] = [];
  const invalid: ParsedFile['invalid'] = [];
  const seen = new Set<string>();
  let duplicateIds = 0;
  for (const r of records) {
    if (!r.record) {
      invalid.push({ line: r.line, error: r.error ?? 'invalid' });
      continue;
    }
    const id = scalar(r.record[o.idField]);
    if (id === null) {
      invalid.push({ line: r.line, error: `missing id field "${o.idField}"` });
      continue;
    }
    const key = o.keyField === null ? null : scalar(r.record[o.keyField]);
    if (o.keyField !== null && key === null) {
      invalid.push({ line: r.line, error: `missing key field "${o.keyField}"` });
      continue;
    }
    if (seen.has(id)) duplicateIds++;
    seen.add(id);
    rows.push({ line: r.line, id, key, record: r.record });
  }
  return { format: o.format, rows, invalid, duplicateIds };
}
