/**
 * What a row of the models view says at its default width (about 300 px): the
 * name, then what matters first (its role here, whether it can complete, its
 * size); parameters, quantization, where the catalog's figures come from and
 * which are unverified go in the tooltip. No vscode import: tested under node.
 */
import { unverifiedFacts } from '../../core/models/catalog';
import { capabilityBadges } from '../../core/models/model-labels';
import type { MemoryBudget, Recommendation } from '../../core/models/recommend';
import type { InstalledModel, ModelInfo } from '../../core/ollama/types';
import { formatBytes } from '../../core/models/units';

export type Role = 'completion' | 'chat';

/** Room a loaded model needs beyond its file: context cache and runtime (GB). */
const RUNTIME_OVERHEAD_GB = 1;

/** False when the model cannot be held whole in the memory it would run from; undefined until the hardware was looked at. */
export function fitsMachine(model: InstalledModel, budget: MemoryBudget | undefined): boolean | undefined {
  if (!budget) return undefined;
  return model.sizeBytes / 1e9 + RUNTIME_OVERHEAD_GB <= budget.gb;
}

/** "completion · FIM · 986 MB", "chat · 4.9 GB", "too big · 9 GB" (once the hardware is known). */
export function installedRow(model: InstalledModel, info: ModelInfo | undefined, roles: readonly Role[], budget?: MemoryBudget): string {
  const fim = info && capabilityBadges(info).includes('FIM') ? ['FIM'] : [];
  const tooBig = fitsMachine(model, budget) === false ? ['too big'] : [];
  return [...tooBig, ...(roles.length ? [roles.join(' + ')] : []), ...fim, formatBytes(model.sizeBytes)].join(' · ');
}

/** Everything else about an installed model, for the tooltip: "7.6B · Q4_K_M · FIM · tools". */
export function installedDetails(model: InstalledModel, info: ModelInfo | undefined): string {
  const parts = [formatBytes(model.sizeBytes)];
  if (model.details.parameterSize) parts.push(model.details.parameterSize);
  if (model.details.quantizationLevel) parts.push(model.details.quantizationLevel);
  parts.push(...capabilityBadges(info));
  return parts.join(' · ');
}

/** "for completion · 1 GB" or "for chat · uncensored · 4.9 GB". */
export function recommendedRow(rec: Recommendation): string {
  const traits = rec.role === 'chat' ? [rec.entry.uncensored === true ? 'uncensored' : rec.entry.uncensored === 'partial' ? 'lightly aligned' : 'aligned'] : [];
  return [`for ${rec.role}`, ...traits, `${rec.entry.sizeGb} GB`].join(' · ');
}

/** Plain lines for the tooltip: why it was picked, then the catalog's caveats. */
export function recommendedTooltipLines(rec: Recommendation): string[] {
  const unverified = unverifiedFacts(rec.entry);
  return [
    `${rec.entry.name} for ${rec.role}${rec.installed ? ' (installed)' : ''}`,
    rec.reason,
    ...(unverified.length ? [`From the catalog, not checked against ollama.com: ${unverified.join(', ')}. Ollama's own answer wins once it is pulled.`] : []),
    `Size: ${rec.entry.sources.size}`,
  ];
}
