/**
 * Folds /api/pull progress lines into one figure for a progress notification.
 * Layers download concurrently, each line reporting one digest, so the totals
 * are sums over a per-digest map (docs/reference/ollama-api.md section 8). The rate is measured
 * over a sliding window of what was downloaded in this session only: a resumed
 * pull starts with `completed` already high, and counting that as one instant
 * burst would show an absurd rate and a wrong ETA.
 */
import type { PullProgressLine } from '../ollama/types';
import { formatBytes, formatDuration, formatRate } from './units';
import { assertNever } from '../assert-never';

export type PullPhase = 'manifest' | 'downloading' | 'verifying' | 'writing' | 'cleanup' | 'success' | 'other';

export interface PullSnapshot {
  readonly phase: PullPhase;
  /** Ollama's own status text of the last line, e.g. "pulling 6e4c38e1172f". */
  readonly status: string;
  readonly completedBytes: number;
  readonly totalBytes: number;
  /** Bytes already on disk when this pull started (a resumed download). */
  readonly resumedBytes: number;
  /** 0..1 once a total is known. */
  readonly fraction?: number;
  readonly bytesPerSecond?: number;
  readonly etaSeconds?: number;
}

interface LayerProgress {
  total: number;
  completed: number;
  /** `completed` when first seen: bytes that came from an earlier, cancelled pull. */
  readonly initial: number;
}

interface Sample {
  readonly at: number;
  readonly downloaded: number;
}

export interface PullProgressOptions {
  /** Milliseconds, injected so tests run under a fake clock. */
  readonly now: () => number;
  /** Width of the rate window. */
  readonly windowMs?: number;
  /** Shortest span worth computing a rate over; a rate over 50 ms is noise. */
  readonly minSpanMs?: number;
}

export class PullProgress {
  private readonly layers = new Map<string, LayerProgress>();
  private samples: Sample[] = [];
  private phase: PullPhase = 'manifest';
  private status = 'pulling manifest';
  private readonly windowMs: number;
  private readonly minSpanMs: number;

  constructor(private readonly options: PullProgressOptions) {
    this.windowMs = options.windowMs ?? 5000;
    this.minSpanMs = options.minSpanMs ?? 1000;
  }

  push(line: PullProgressLine): PullSnapshot {
    this.status = line.status;
    this.phase = phaseOf(line);
    if (line.digest && line.total !== undefined) {
      const completed = line.completed ?? 0;
      const layer = this.layers.get(line.digest);
      if (layer) {
        layer.total = line.total;
        layer.completed = Math.max(layer.completed, completed);
      } else {
        this.layers.set(line.digest, { total: line.total, completed, initial: completed });
      }
      this.sample();
    }
    return this.snapshot();
  }

  snapshot(): PullSnapshot {
    let total = 0;
    let completed = 0;
    let resumed = 0;
    for (const layer of this.layers.values()) {
      total += layer.total;
      completed += layer.completed;
      resumed += layer.initial;
    }
    const rate = this.phase === 'downloading' ? this.rate() : undefined;
    const remaining = total - completed;
    return {
      phase: this.phase,
      status: this.status,
      completedBytes: completed,
      totalBytes: total,
      resumedBytes: resumed,
      ...(total > 0 ? { fraction: Math.min(1, completed / total) } : {}),
      ...(rate !== undefined ? { bytesPerSecond: rate } : {}),
      ...(rate !== undefined && rate > 0 && remaining > 0 ? { etaSeconds: remaining / rate } : {}),
    };
  }

  private sample(): void {
    const at = this.options.now();
    let downloaded = 0;
    for (const layer of this.layers.values()) downloaded += layer.completed - layer.initial;
    this.samples.push({ at, downloaded });
    // Keep one sample older than the window so the span covers the whole window.
    const cutoff = at - this.windowMs;
    while (this.samples.length > 2 && this.samples[1]!.at <= cutoff) this.samples.shift();
  }

  private rate(): number | undefined {
    const first = this.samples[0];
    const last = this.samples[this.samples.length - 1];
    if (!first || !last) return undefined;
    const span = last.at - first.at;
    if (span < this.minSpanMs) return undefined;
    return ((last.downloaded - first.downloaded) * 1000) / span;
  }
}

export function phaseOf(line: PullProgressLine): PullPhase {
  const status = line.status;
  if (status === 'success') return 'success';
  if (status === 'pulling manifest') return 'manifest';
  if (status.startsWith('pulling ') || line.digest) return 'downloading';
  if (status.startsWith('verifying')) return 'verifying';
  if (status === 'writing manifest') return 'writing';
  if (status.startsWith('removing')) return 'cleanup';
  return 'other';
}

/** "1.2 GB / 4.7 GB · 85 MB/s · 42 s left", or the phase in words when no bytes are moving. */
export function formatPullProgress(snapshot: PullSnapshot): string {
  switch (snapshot.phase) {
    case 'manifest':
      return 'Pulling manifest…';
    case 'downloading': {
      if (snapshot.totalBytes === 0) return 'Downloading…';
      const parts = [`${formatBytes(snapshot.completedBytes)} / ${formatBytes(snapshot.totalBytes)}`];
      if (snapshot.bytesPerSecond !== undefined) parts.push(formatRate(snapshot.bytesPerSecond));
      if (snapshot.etaSeconds !== undefined) parts.push(`${formatDuration(snapshot.etaSeconds)} left`);
      return parts.join(' · ');
    }
    case 'verifying':
      return 'Verifying download…';
    case 'writing':
      return 'Writing manifest…';
    case 'cleanup':
      return 'Removing unused layers…';
    case 'success':
      return 'Done';
    case 'other':
      return snapshot.status;
    default:
      return assertNever(snapshot.phase);
  }
}
