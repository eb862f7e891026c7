/** One schema step. Versions are unique and only ever appended; an applied migration is never edited. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly up: string;
}
