/**
 * What the machine can run: total RAM and the GPUs Ollama could use. Called only
 * when the user looks at recommendations (never on activation), and bounded by a
 * short timeout because `nvidia-smi` can hang for seconds on a wedged driver.
 */

export interface GpuInfo {
  readonly name: string;
  readonly vramBytes: number;
}

export interface Hardware {
  readonly totalRamBytes: number;
  /** Discrete GPUs with their own memory. Empty on CPU-only machines and on Apple silicon. */
  readonly gpus: readonly GpuInfo[];
  /** Apple silicon: the GPU shares system RAM, so RAM is the budget for GPU offload. */
  readonly unifiedMemory: boolean;
}

export interface ExecResult {
  readonly stdout: string;
}

/** Runs an executable without a shell; rejects when it is missing, fails or outlives the signal. */
export type ExecFile = (file: string, args: readonly string[], signal: AbortSignal) => Promise<ExecResult>;

export interface HardwareDeps {
  readonly platform: string;
  readonly arch: string;
  readonly totalmem: () => number;
  readonly execFile: ExecFile;
  /** Upper bound for the GPU query. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

const NVIDIA_SMI_ARGS = ['--query-gpu=name,memory.total', '--format=csv,noheader,nounits'] as const;
const DEFAULT_TIMEOUT_MS = 2000;

export async function detectHardware(deps: HardwareDeps): Promise<Hardware> {
  const totalRamBytes = deps.totalmem();
  if (deps.platform === 'darwin') {
    // Ollama uses Metal on Apple silicon (shared memory) and the CPU on Intel Macs.
    return { totalRamBytes, gpus: [], unifiedMemory: deps.arch === 'arm64' };
  }
  const gpus = await queryNvidia(deps);
  return { totalRamBytes, gpus, unifiedMemory: false };
}

/** nvidia-smi is the one GPU probe that is cheap and present wherever the NVIDIA driver is; anything else counts as no GPU. */
async function queryNvidia(deps: HardwareDeps): Promise<GpuInfo[]> {
  // A plain timer rather than AbortSignal.timeout(): that one is unref'd, so nothing would wait for it.
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(new Error('nvidia-smi timed out')), deps.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const signal = deps.signal ? AbortSignal.any([deps.signal, timeout.signal]) : timeout.signal;
  try {
    const { stdout } = await deps.execFile('nvidia-smi', NVIDIA_SMI_ARGS, signal);
    return parseNvidiaSmi(stdout);
  } catch {
    // Missing binary, no driver, or timeout: recommendations fall back to RAM.
    return [];
  } finally {
    clearTimeout(timer);
  }
}

/** Parses `name, memory.total` lines; memory.total is MiB with `nounits`. */
export function parseNvidiaSmi(stdout: string): GpuInfo[] {
  const gpus: GpuInfo[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const comma = line.lastIndexOf(',');
    if (comma < 0) continue;
    const name = line.slice(0, comma).trim();
    const mib = Number(line.slice(comma + 1).trim());
    if (name && Number.isFinite(mib) && mib > 0) gpus.push({ name, vramBytes: mib * 1024 * 1024 });
  }
  return gpus;
}

const COMMON_SIZES_GB = [2, 4, 6, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 512];

/**
 * Memory as the size printed on the box: the OS reserves some RAM (a 16 GB
 * laptop reports ~15.4 GiB) and nvidia-smi reports 8192 MiB for an "8 GB" card.
 */
export function nominalGb(bytes: number): number {
  const gib = bytes / 2 ** 30;
  const snapped = COMMON_SIZES_GB.find((size) => gib <= size && gib >= size * 0.9);
  return snapped ?? Math.round(gib * 10) / 10;
}
