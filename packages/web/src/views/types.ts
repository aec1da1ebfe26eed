// The parts of audit.json the views read (the library's AuditReport; deep parts typed here as the views use them).
import type { AuditReport } from '@cartograph/stats';

export type AuditJson = AuditReport;

export interface GtheoryModelView {
  name: string;
  components: { name: string; variance: number; percent: number }[];
  g: { sigma2p: number; sigma2b: number; sigma2res: number; nb: number; erho2: number; phi: number } | null;
}

export interface RankRow {
  model_id: string;
  raw_average: number | null;
  raw_rank: number | null;
  latent_rank: number | null;
  expected_rank: number | null;
  rank_lo: number | null;
  rank_hi: number | null;
  g_mean: number | null;
  g_sd: number | null;
  shift: number | null;
}

export interface MiRow {
  item1: string;
  item2: string;
  mi: number;
  sepc_all: number;
  cross_benchmark: boolean;
}
