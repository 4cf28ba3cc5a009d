/**
 * The catalog of models Unbound recommends: uncensored chat models and FIM code
 * models. The data (catalog.json) is a trimmed copy of the team reference and
 * keeps its provenance, so every fact that was not checked against a primary
 * source is shown to the user as unverified. Library tags are mutable: at run
 * time /api/tags and /api/show win over anything here.
 */
import { modelKey } from '../ollama/capabilities';
import catalogData from './catalog.json';

export type ModelRole = 'completion' | 'chat';
export type FimSupport = boolean | 'unverified';
export type Uncensored = true | false | 'partial' | 'base';
/** The facts a catalog entry states that may or may not have been checked. */
export type CatalogFact = 'name' | 'size' | 'context' | 'fim';

export interface CatalogEntry {
  /** `model:tag` as passed to /api/pull. */
  readonly name: string;
  readonly family: string;
  /** Human text such as "7B (7.6B)". */
  readonly parameters: string;
  readonly roles: readonly ModelRole[];
  /** Approximate download size in GB (1e9 bytes). */
  readonly sizeGb: number;
  /** Model-native context length in tokens. */
  readonly context: number;
  readonly fim: FimSupport;
  readonly thinking: boolean;
  readonly uncensored: Uncensored;
  readonly minRamGb: number;
  /** VRAM to run fully on GPU at 4k context (heuristic). */
  readonly vramGb: number;
  /** Editorial preference among entries that fit: 3 current, 2 older, 1 legacy. */
  readonly tier: 1 | 2 | 3;
  readonly verified: Readonly<Record<CatalogFact, boolean>>;
  /** Where each fact comes from, for the details view and for review. */
  readonly sources: Readonly<Record<CatalogFact | 'uncensored', string>>;
  readonly notes?: string;
}

export interface Catalog {
  readonly entries: readonly CatalogEntry[];
  /** By modelKey: `dolphin3` is `dolphin3:latest`, not `dolphin3:8b` (they may be different blobs). */
  find(name: string): CatalogEntry | undefined;
}

/** The shape of one row of catalog.json (snake_case, as in the reference). */
export interface CatalogRow {
  readonly name: string;
  readonly family: string;
  readonly parameters: string;
  readonly size_gb: number;
  readonly size_source: string;
  readonly context: number;
  readonly context_source: string;
  readonly fim: boolean | string;
  readonly fim_source: string;
  readonly thinking: boolean;
  readonly uncensored: boolean | string;
  readonly uncensored_source: string;
  readonly roles: readonly string[];
  readonly min_ram_gb: number;
  readonly vram_gb: number;
  readonly tier: number;
  readonly name_source: string;
  readonly verified: Readonly<Record<CatalogFact, boolean>>;
  readonly notes?: string;
}

/** Turns rows into typed entries; throws on a row that breaks the schema, so a bad edit fails the tests, not the UI. */
export function parseCatalog(rows: readonly CatalogRow[]): Catalog {
  const entries = rows.map(parseRow);
  const byName = new Map<string, CatalogEntry>();
  for (const entry of entries) {
    if (byName.has(entry.name)) throw new Error(`catalog: duplicate entry ${entry.name}`);
    byName.set(entry.name, entry);
  }
  return { entries, find: (name) => byName.get(modelKey(name)) };
}

/** The catalog shipped with the extension. */
export function loadCatalog(): Catalog {
  return parseCatalog(catalogData.models as readonly CatalogRow[]);
}

/** The facts of an entry that were not verified, for labels such as "size unverified". */
export function unverifiedFacts(entry: CatalogEntry): CatalogFact[] {
  return (['name', 'size', 'context', 'fim'] as const).filter((fact) => !entry.verified[fact]);
}

function parseRow(row: CatalogRow): CatalogEntry {
  const fail = (why: string): never => {
    throw new Error(`catalog: ${row.name}: ${why}`);
  };
  if (!/^[\w./-]+:[\w.-]+$/.test(row.name)) fail('name must be model:tag');
  const roles = row.roles.map((role) => (role === 'completion' || role === 'chat' ? role : fail(`unknown role ${role}`)));
  if (roles.length === 0) fail('no role');
  if (!(row.size_gb > 0)) fail('size_gb must be positive');
  if (!(row.context > 0)) fail('context must be positive');
  if (!(row.min_ram_gb > 0) || !(row.vram_gb > 0)) fail('memory figures must be positive');
  const tier = row.tier === 1 || row.tier === 2 || row.tier === 3 ? row.tier : fail(`tier ${row.tier}`);
  return {
    name: row.name,
    family: row.family,
    parameters: row.parameters,
    roles,
    sizeGb: row.size_gb,
    context: row.context,
    fim: parseFim(row.fim, fail),
    thinking: row.thinking,
    uncensored: parseUncensored(row.uncensored, fail),
    minRamGb: row.min_ram_gb,
    vramGb: row.vram_gb,
    tier,
    verified: row.verified,
    sources: {
      name: row.name_source,
      size: row.size_source,
      context: row.context_source,
      fim: row.fim_source,
      uncensored: row.uncensored_source,
    },
    ...(row.notes ? { notes: row.notes } : {}),
  };
}

function parseFim(value: boolean | string, fail: (why: string) => never): FimSupport {
  if (typeof value === 'boolean' || value === 'unverified') return value;
  return fail(`fim ${value}`);
}

function parseUncensored(value: boolean | string, fail: (why: string) => never): Uncensored {
  if (typeof value === 'boolean' || value === 'partial') return value;
  if (value === 'n/a (base)') return 'base';
  return fail(`uncensored ${value}`);
}
