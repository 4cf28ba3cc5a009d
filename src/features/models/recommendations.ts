import type * as vscode from 'vscode';
import type { Catalog } from '../../core/models/catalog';
import type { Hardware } from '../../core/models/hardware';
import { recommend, type MemoryBudget, type Recommendations } from '../../core/models/recommend';
import { probeHardware } from './hardware-probe';

/**
 * Recommendations for this machine. The hardware probe runs the first time they
 * are asked for (the Recommended group expanded, or the pull picker opened),
 * never on activation, and once per session: RAM and GPUs do not change under us.
 */
export class RecommendationSource {
  private hardware: Promise<Hardware> | undefined;
  private known: MemoryBudget | undefined;

  constructor(
    readonly catalog: Catalog,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  async get(installed: readonly string[]): Promise<Recommendations> {
    this.hardware ??= probeHardware().then((hw) => {
      const gpus = hw.gpus.map((g) => `${g.name} (${Math.round(g.vramBytes / 2 ** 20)} MiB)`).join(', ') || 'none';
      this.log.info(`models: hardware: ${Math.round(hw.totalRamBytes / 2 ** 30)} GiB RAM, GPUs: ${gpus}${hw.unifiedMemory ? ', unified memory' : ''}`);
      return hw;
    });
    const recs = recommend(this.catalog, await this.hardware, installed);
    this.known = recs.budget;
    return recs;
  }

  /** The memory budget once the hardware was looked at (never looks by itself). */
  get budget(): MemoryBudget | undefined {
    return this.known;
  }
}
