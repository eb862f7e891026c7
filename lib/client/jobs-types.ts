// The shape the Jobs pages read from GET /api/jobs and GET /api/jobs/:id. The recovery features (drain,
// replay, offset reset) implement those routes; until they land the routes answer 404 and the pages say
// plainly that there are no recovery jobs yet. Pure types.

export interface JobSummary {
  id: string;
  /** `drain`, `replay`, `offset-reset`… */
  kind: string;
  /** `planned`, `running`, `paused`, `done`, `failed`, `cancelled`… */
  state: string;
  cluster: string;
  /** The topic, group or queue the job works on. */
  target: string;
  /** Epoch ms. */
  createdAt: number;
  updatedAt: number;
  /** 0..1; null when unknown. */
  progress: number | null;
  etaSeconds: number | null;
}

export interface JobsResponse {
  jobs: JobSummary[];
}

export interface JobResponse {
  job: JobSummary;
  steps?: Array<{ name: string; state: string; detail?: string }>;
}
