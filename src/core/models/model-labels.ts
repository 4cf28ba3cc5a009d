/**
 * The short texts the models view shows next to a name. Pure, so the exact
 * wording is unit-tested without VS Code.
 */
import type { CatalogEntry } from './catalog';
import { unverifiedFacts } from './catalog';
import type { Capability, InstalledModel, LoadedModel, ModelInfo } from '../ollama/types';
import { formatBytes, formatDuration } from './units';

const BADGES: readonly (readonly [Capability, string])[] = [
  ['insert', 'FIM'],
  ['thinking', 'thinking'],
  ['tools', 'tools'],
  ['vision', 'vision'],
  ['embedding', 'embedding'],
];

/** Capabilities worth a badge; `completion` is every chat model, so it is not one. */
export function capabilityBadges(info: ModelInfo | undefined): string[] {
  if (!info) return [];
  return BADGES.filter(([cap]) => info.capabilities.has(cap)).map(([, label]) => label);
}

/** "4.7 GB · 7.6B · Q4_K_M · FIM · tools" */
export function installedDescription(model: InstalledModel, info: ModelInfo | undefined): string {
  const parts = [formatBytes(model.sizeBytes)];
  if (model.details.parameterSize) parts.push(model.details.parameterSize);
  if (model.details.quantizationLevel) parts.push(model.details.quantizationLevel);
  parts.push(...capabilityBadges(info));
  return parts.join(' · ');
}

/** Ollama's keep_alive -1 shows up as an expiry centuries away. */
const FOREVER_MS = 365 * 24 * 3600 * 1000;

/** "in VRAM (5.1 GB) · unloads in 25 min", or the CPU share when the model did not fit the GPU. */
export function loadedDescription(loaded: LoadedModel, nowMs: number): string {
  const placement =
    loaded.vramBytes <= 0
      ? `on CPU (${formatBytes(loaded.sizeBytes)})`
      : loaded.vramBytes < loaded.sizeBytes
        ? `partly on CPU (${formatBytes(loaded.vramBytes)} of ${formatBytes(loaded.sizeBytes)} in VRAM)`
        : `in VRAM (${formatBytes(loaded.vramBytes)})`;
  return [placement, expiryText(loaded.expiresAt, nowMs)].filter(Boolean).join(' · ');
}

export function expiryText(expiresAt: string, nowMs: number): string {
  const at = Date.parse(expiresAt);
  if (Number.isNaN(at)) return '';
  const left = at - nowMs;
  if (left > FOREVER_MS) return 'kept loaded';
  if (left <= 0) return 'unloading';
  return `unloads in ${formatDuration(left / 1000)}`;
}

/** "4.9 GB · chat · uncensored · thinking · size unverified" */
export function catalogDescription(entry: CatalogEntry): string {
  const parts = [`${entry.sizeGb} GB`, entry.roles.join(' + ')];
  if (entry.uncensored === true) parts.push('uncensored');
  else if (entry.uncensored === 'partial') parts.push('lightly aligned');
  if (entry.fim === true) parts.push('FIM');
  else if (entry.fim === 'unverified' && entry.roles.includes('completion')) parts.push('FIM unverified');
  if (entry.thinking) parts.push('thinking');
  const unverified = unverifiedFacts(entry).filter((fact) => fact !== 'fim');
  if (unverified.length > 0) parts.push(`${unverified.join(', ')} unverified`);
  return parts.join(' · ');
}
