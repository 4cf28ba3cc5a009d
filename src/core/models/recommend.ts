/**
 * Which catalog models to suggest for this machine: one FIM model for inline
 * completion and a few chat models, sized so both fit at once (completion must
 * stay loaded to be fast; unloading it for every chat makes the next ghost text
 * wait seconds for a reload).
 */
import { modelKey } from '../ollama/capabilities';
import { type Catalog, type CatalogEntry, type ModelRole, type Uncensored } from './catalog';
import { nominalGb, type Hardware } from './hardware';
import { assertNever } from '../assert-never';

export type MemoryBudget =
  | { readonly kind: 'gpu'; readonly gb: number; readonly gpuName: string }
  | { readonly kind: 'unified'; readonly gb: number; readonly ramGb: number }
  | { readonly kind: 'cpu'; readonly gb: number };

export interface Recommendation {
  readonly entry: CatalogEntry;
  readonly role: ModelRole;
  /** Why it was picked, for the tree tooltip: "fits in 8 GB VRAM next to the completion model". */
  readonly reason: string;
  readonly installed: boolean;
}

export interface Recommendations {
  readonly budget: MemoryBudget;
  readonly completion?: Recommendation;
  readonly chat: readonly Recommendation[];
}

/** Share of a GPU budget the completion model may take; the rest is for chat. */
const COMPLETION_SHARE = 0.25;
/** On CPU, completion must be small to answer while the user types (1.5B at Q4 and below). */
const CPU_COMPLETION_MAX_GB = 1.5;
/**
 * On CPU, generation speed is bound by memory bandwidth: every token reads the
 * whole model. Up to ~3 GB (3-4B at Q4) answers at a readable pace on a laptop;
 * a 7-8B (~5 GB) answers, slowly; a 14B (~9 GB) takes minutes per answer, so it
 * is never recommended there, however much RAM is free.
 */
const CPU_FAST_CHAT_MAX_GB = 3;
const CPU_CHAT_MAX_GB = 5;
/** How many of the CPU chat picks come from the fast band. */
const CPU_FAST_PICKS = 2;
/** Metal lets the GPU wire roughly three quarters of unified memory by default. */
const UNIFIED_GPU_SHARE = 0.75;
const MAX_CHAT_PICKS = 3;

export function memoryBudget(hardware: Hardware): MemoryBudget {
  const ramGb = nominalGb(hardware.totalRamBytes);
  if (hardware.unifiedMemory) return { kind: 'unified', gb: Math.floor(ramGb * UNIFIED_GPU_SHARE), ramGb };
  // Ollama can split a model across GPUs, but that is slower; size for the largest card.
  const largest = [...hardware.gpus].sort((a, b) => b.vramBytes - a.vramBytes)[0];
  if (largest) return { kind: 'gpu', gb: nominalGb(largest.vramBytes), gpuName: largest.name };
  return { kind: 'cpu', gb: ramGb };
}

export function describeBudget(budget: MemoryBudget): string {
  switch (budget.kind) {
    case 'gpu':
      return `${budget.gb} GB VRAM (${budget.gpuName})`;
    case 'unified':
      return `${budget.ramGb} GB unified memory`;
    case 'cpu':
      return `${budget.gb} GB RAM, no GPU found`;
    default:
      return assertNever(budget);
  }
}

export function recommend(catalog: Catalog, hardware: Hardware, installed: readonly string[]): Recommendations {
  const budget = memoryBudget(hardware);
  const have = new Set(installed.map(modelKey));
  const isInstalled = (entry: CatalogEntry): boolean => have.has(entry.name);

  const completionEntry = catalog.entries
    .filter((entry) => entry.roles.includes('completion') && entry.fim !== false)
    .filter((entry) => fitsCompletion(entry, budget))
    .sort(compareCompletion)[0];

  const chatRoom = budget.kind === 'cpu' ? budget.gb : budget.gb - (completionEntry?.vramGb ?? 0);
  const chat: Recommendation[] = [];
  const families = new Set<string>();
  const candidates = catalog.entries.filter((e) => e.roles.includes('chat') && e !== completionEntry && fitsChat(e, budget, chatRoom));
  const pick = (from: readonly CatalogEntry[], max: number): void => {
    for (const entry of [...from].sort(compareChat)) {
      if (chat.length >= max) break;
      if (families.has(entry.family)) continue;
      families.add(entry.family);
      chat.push({ entry, role: 'chat', reason: chatReason(entry, budget, completionEntry), installed: isInstalled(entry) });
    }
  };
  if (budget.kind === 'cpu') {
    // Small models first: on a CPU the ones that answer at a usable speed, then one larger, slower one.
    pick(candidates.filter((e) => e.sizeGb <= CPU_FAST_CHAT_MAX_GB), CPU_FAST_PICKS);
    pick(candidates.filter((e) => e.sizeGb <= CPU_CHAT_MAX_GB), MAX_CHAT_PICKS);
  } else {
    pick(candidates, MAX_CHAT_PICKS);
  }

  return {
    budget,
    ...(completionEntry
      ? { completion: { entry: completionEntry, role: 'completion' as const, reason: completionReason(completionEntry, budget), installed: isInstalled(completionEntry) } }
      : {}),
    chat,
  };
}

function fitsCompletion(entry: CatalogEntry, budget: MemoryBudget): boolean {
  if (budget.kind === 'cpu') return entry.sizeGb <= CPU_COMPLETION_MAX_GB && entry.minRamGb <= budget.gb / 2;
  return entry.vramGb <= budget.gb * COMPLETION_SHARE;
}

function fitsChat(entry: CatalogEntry, budget: MemoryBudget, room: number): boolean {
  // On CPU both models live in RAM; the catalog's min_ram heuristic already includes headroom for the OS.
  if (budget.kind === 'cpu') return entry.minRamGb <= room;
  return entry.vramGb <= room;
}

/** Verified FIM first, then base tags (made for FIM), then newer families, then the largest that fits. */
function compareCompletion(a: CatalogEntry, b: CatalogEntry): number {
  return (
    fimRank(b) - fimRank(a) ||
    Number(b.uncensored === 'base') - Number(a.uncensored === 'base') ||
    b.tier - a.tier ||
    b.vramGb - a.vramGb
  );
}

/** Uncensored first (the point of Unbound), then newer families, then the largest that fits. */
function compareChat(a: CatalogEntry, b: CatalogEntry): number {
  return uncensoredRank(b.uncensored) - uncensoredRank(a.uncensored) || b.tier - a.tier || b.vramGb - a.vramGb;
}

function fimRank(entry: CatalogEntry): number {
  if (entry.fim === true) return entry.verified.fim ? 2 : 1;
  return 0;
}

function uncensoredRank(value: Uncensored): number {
  switch (value) {
    case true:
      return 3;
    case 'partial':
      return 2;
    case false:
      return 1;
    case 'base':
      return 0;
    default:
      return assertNever(value);
  }
}

function completionReason(entry: CatalogEntry, budget: MemoryBudget): string {
  const fim = entry.fim === true ? 'fill-in-the-middle' : 'fill-in-the-middle unverified';
  switch (budget.kind) {
    case 'gpu':
    case 'unified':
      return `${fim}; fits in ${describeBudget(budget)} with room for a chat model (needs ~${entry.vramGb} GB)`;
    case 'cpu':
      return `${fim}; small enough to answer while you type on the CPU (${describeBudget(budget)})`;
    default:
      return assertNever(budget);
  }
}

function chatReason(entry: CatalogEntry, budget: MemoryBudget, completion: CatalogEntry | undefined): string {
  const traits = [
    entry.uncensored === true ? 'uncensored' : entry.uncensored === 'partial' ? 'lightly aligned' : 'aligned',
    ...(entry.thinking ? ['shows its reasoning'] : []),
  ].join(', ');
  const beside = completion ? ` next to ${completion.name}` : '';
  switch (budget.kind) {
    case 'gpu':
    case 'unified':
      return `${traits}; fits in ${describeBudget(budget)}${beside} (needs ~${entry.vramGb} GB)`;
    case 'cpu':
      return entry.sizeGb <= CPU_FAST_CHAT_MAX_GB
        ? `${traits}; small enough to answer at a readable pace on the CPU (${describeBudget(budget)})`
        : `${traits}; fits in ${describeBudget(budget)} (needs ${entry.minRamGb} GB), but answers slowly on the CPU`;
    default:
      return assertNever(budget);
  }
}
