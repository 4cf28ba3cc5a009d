/**
 * What the engine knows about the completion model: how to ask it to fill in the
 * middle (from /api/show capabilities and template, never from its name) and the
 * num_ctx every request for it carries. Asked once per model and remembered, so a
 * keystroke costs no /api/show round trip.
 */
import type { Clock } from '../clock';
import { silentLogger, type Logger } from '../log';
import { ModelInfoCache } from '../ollama/capabilities';
import { OllamaError, toOllamaError } from '../ollama/errors';
import type { OllamaApi, OllamaErrorCause } from '../ollama/types';
import type { FimPlan } from './api';
import { planFim } from './formats';

/** The model to suggest pulling when none of the installed ones can fill in the middle. */
export const RECOMMENDED_FIM_MODEL = 'qwen2.5-coder:1.5b-base';
/** After "model not found", ask again only after this long (a pull may be under way). */
const MISSING_RETRY_MS = 3000;
/**
 * The largest num_ctx sent, whatever the setting and the model say: the KV cache
 * grows with it, and a completion gains nothing from more (128K is what the
 * long-context local models offer).
 */
export const MAX_NUM_CTX = 131_072;

export type UsablePlan = Exclude<FimPlan, { kind: 'unsupported' }>;

export type ModelPlan =
  | { readonly kind: 'fim'; readonly model: string; readonly plan: UsablePlan; readonly numCtx: number; readonly remoteHost?: string }
  | { readonly kind: 'not-fim'; readonly model: string; readonly reason: string };

interface Failure {
  readonly cause: OllamaErrorCause;
  readonly at: number;
}

export class ModelPlanner {
  private readonly plans = new Map<string, ModelPlan>();
  private readonly pending = new Map<string, Promise<ModelPlan>>();
  private readonly failures = new Map<string, Failure>();
  /** /api/show answers for `api`, shared by the plans and the "which models can fill in the middle" list. */
  private infos: ModelInfoCache;

  constructor(
    private api: OllamaApi,
    private readonly clock: Clock,
    private readonly logger: Logger = silentLogger,
  ) {
    this.infos = new ModelInfoCache(api);
  }

  /** A known plan, without any I/O (the scheduler decides synchronously). */
  peek(model: string): ModelPlan | undefined {
    return this.plans.get(model);
  }

  /**
   * The plan for `model`, asking /api/show once. `contextLength` is the setting;
   * num_ctx is fixed per model from it (capped at what the model supports) and
   * never varies per request, since a changed num_ctx makes Ollama reload the model.
   * A cloud model (its /api/show names a remote host) is refused unless
   * `remoteAllowed`: the user chose it in their own settings.
   * Rejects with OllamaError.
   */
  async plan(model: string, contextLength: number, remoteAllowed = true): Promise<ModelPlan> {
    const plan = await this.planFor(model, contextLength);
    if (plan.kind === 'fim' && plan.remoteHost !== undefined && !remoteAllowed) {
      throw new OllamaError({ kind: 'remote-model', model, host: plan.remoteHost });
    }
    return plan;
  }

  private planFor(model: string, contextLength: number): Promise<ModelPlan> {
    const known = this.plans.get(model);
    if (known) return Promise.resolve(known);
    const failure = this.failures.get(model);
    if (failure && this.clock.now() - failure.at < MISSING_RETRY_MS) {
      return Promise.reject(new OllamaError(failure.cause));
    }
    const inFlight = this.pending.get(model);
    if (inFlight) return inFlight;
    const request = this.resolve(this.api, this.infos, model, contextLength).finally(() => {
      if (this.pending.get(model) === request) this.pending.delete(model);
    });
    this.pending.set(model, request);
    return request;
  }

  private async resolve(api: OllamaApi, infos: ModelInfoCache, model: string, contextLength: number): Promise<ModelPlan> {
    try {
      // Not tied to the request's signal: the answer is shared by every later keystroke.
      const info = await infos.show(model);
      const fim = planFim(info);
      const numCtx = fixedNumCtx(contextLength, info.contextLength);
      if (fim.kind !== 'unsupported' && numCtx < Math.floor(contextLength)) {
        const why = info.contextLength !== undefined && info.contextLength <= MAX_NUM_CTX ? `${model} supports ${info.contextLength}` : `the most Unbound sends is ${MAX_NUM_CTX}`;
        this.logger.info(`unbound.completion.contextLength ${contextLength} is more than ${why}: num_ctx ${numCtx}.`);
      }
      const plan: ModelPlan =
        fim.kind === 'unsupported'
          ? { kind: 'not-fim', model, reason: fim.reason }
          : { kind: 'fim', model, plan: fim, numCtx, ...(info.remoteHost !== undefined ? { remoteHost: info.remoteHost } : {}) };
      if (api === this.api) {
        this.plans.set(model, plan);
        this.failures.delete(model);
      }
      return plan;
    } catch (e) {
      const error = toOllamaError(e, { host: api.host.url, model });
      if (error.cause.kind === 'model-missing' && api === this.api) {
        this.failures.set(model, { cause: error.cause, at: this.clock.now() });
      }
      throw error;
    }
  }

  /** Installed models that can fill in the middle (for "pick another model" notices). */
  async fimModels(signal?: AbortSignal): Promise<string[]> {
    const { api, infos } = this;
    const installed = await api.list(signal);
    const local = installed.filter((m) => !m.remote);
    const results = await Promise.all(
      local.map(async ({ name, digest }) => {
        try {
          infos.noteDigest(name, digest);
          const info = await infos.show(name, signal);
          return planFim(info).kind === 'unsupported' ? undefined : name;
        } catch {
          return undefined;
        }
      }),
    );
    return results.filter((name): name is string => name !== undefined);
  }

  /**
   * Forget the plans: with a new `api` (host changed) what /api/show said goes too;
   * without (the context length changed) the plans are redone from the answers kept.
   */
  reset(api?: OllamaApi): void {
    if (api) {
      this.api = api;
      this.infos = new ModelInfoCache(api);
    }
    this.plans.clear();
    this.pending.clear();
    this.failures.clear();
  }

  /** Drop a cached plan (the model was deleted since): the next request asks /api/show again. */
  forget(model: string): void {
    this.plans.delete(model);
    this.infos.invalidate(model);
  }
}

/** The setting, within the model's own context length (when /api/show tells it) and MAX_NUM_CTX. */
export function fixedNumCtx(setting: number, modelMax: number | undefined): number {
  const wanted = Math.min(MAX_NUM_CTX, Math.max(256, Math.floor(setting)));
  return modelMax && modelMax > 0 ? Math.min(wanted, modelMax) : wanted;
}
