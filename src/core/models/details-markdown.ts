/**
 * The read-only "model details" document: what /api/show says about a model
 * (capabilities, context, template, parameters), plus what the catalog claims
 * and which of those claims are unverified. Markdown, so VS Code's preview and
 * plain text both read well.
 */
import type { CatalogEntry } from './catalog';
import { unverifiedFacts } from './catalog';
import type { InstalledModel, LoadedModel, ModelInfo } from '../ollama/types';
import { fence } from '../markdown-fence';
import { loadedDescription } from './model-labels';
import { formatBytes } from './units';

export interface DetailsInput {
  readonly name: string;
  readonly info: ModelInfo;
  readonly installed?: InstalledModel;
  readonly loaded?: LoadedModel;
  readonly catalog?: CatalogEntry;
  readonly nowMs: number;
}

export function detailsMarkdown(input: DetailsInput): string {
  const { info } = input;
  const out: string[] = [`# ${input.name}`, ''];
  const caps = [...info.capabilities].sort();
  out.push(`- **Capabilities:** ${caps.length ? caps.map((c) => `\`${c}\``).join(', ') : 'none reported'}${info.capabilitiesInferred ? ' (inferred from the template: this Ollama is older than v0.6.4)' : ''}`);
  out.push(`- **Fill-in-the-middle:** ${info.capabilities.has('insert') ? 'yes: usable for inline completions' : 'no: the template has no suffix, so it cannot complete code inline'}`);
  if (info.contextLength !== undefined) out.push(`- **Context length (model):** ${info.contextLength.toLocaleString('en-US')} tokens`);
  if (input.loaded?.contextLength !== undefined) out.push(`- **Context allocated now:** ${input.loaded.contextLength.toLocaleString('en-US')} tokens`);
  if (info.architecture) out.push(`- **Architecture:** ${info.architecture}`);
  const d = info.details;
  if (d.family) out.push(`- **Family:** ${d.family}`);
  if (d.parameterSize) out.push(`- **Parameters:** ${d.parameterSize}`);
  if (d.quantizationLevel) out.push(`- **Quantization:** ${d.quantizationLevel}`);
  if (d.format) out.push(`- **Format:** ${d.format}`);
  if (input.installed) {
    out.push(`- **Size on disk:** ${formatBytes(input.installed.sizeBytes)}`);
    if (input.installed.digest) out.push(`- **Digest:** \`${input.installed.digest}\``);
    if (input.installed.modifiedAt) out.push(`- **Modified:** ${input.installed.modifiedAt}`);
  }
  out.push(`- **Loaded:** ${input.loaded ? loadedDescription(input.loaded, input.nowMs) : 'no'}`);

  if (input.catalog) out.push('', ...catalogSection(input.catalog));

  out.push('', '## Parameters', '', fence(info.parameters || '(none)'));
  out.push('', '## System prompt', '', fence(info.system || '(none)'));
  out.push('', '## Template', '', fence(info.template || '(none)'));
  return `${out.join('\n')}\n`;
}

function catalogSection(entry: CatalogEntry): string[] {
  const unverified = new Set(unverifiedFacts(entry));
  const label = (fact: 'name' | 'size' | 'context' | 'fim'): string => (unverified.has(fact) ? ' *(unverified)*' : '');
  const uncensored =
    entry.uncensored === true ? 'yes' : entry.uncensored === 'partial' ? 'lightly aligned' : entry.uncensored === 'base' ? 'base model (no chat alignment)' : 'no';
  return [
    "## What Unbound's catalog says",
    '',
    `- **Roles:** ${entry.roles.join(', ')}`,
    `- **Uncensored:** ${uncensored} (source: ${entry.sources.uncensored})`,
    `- **Download size:** ~${entry.sizeGb} GB${label('size')} (source: ${entry.sources.size})`,
    `- **Native context:** ${entry.context.toLocaleString('en-US')} tokens${label('context')} (source: ${entry.sources.context})`,
    `- **Fill-in-the-middle:** ${String(entry.fim)}${label('fim')} (source: ${entry.sources.fim})`,
    `- **Memory:** ~${entry.vramGb} GB VRAM at 4k context, ${entry.minRamGb} GB RAM (heuristics)`,
    `- **Name:** ${entry.sources.name}${label('name')}`,
    ...(entry.notes ? [`- **Notes:** ${entry.notes}`] : []),
    '',
    'Ollama library tags can be re-pointed; the facts above the catalog section come from this Ollama and win.',
  ];
}
