/**
 * POST /api/generate and POST /api/chat: validation in Ollama's order with its
 * exact error texts, the one-at-a-time slot per model, model (re)loading for
 * /api/ps, and paced token streaming with thinking, stop sequences and
 * num_predict (docs/reference/ollama-api.md sections 6, 7 and 11).
 */
import { fullName, type ResolvedModel } from './catalog';
import { applyHeaderFault } from './header-fault';
import { holdSilent, hugeLineBody, NdjsonWriter, pumpEndlessLine, sendError, sendJson, sleep, type Exchange } from './http-io';
import { DEFAULT_KEEP_ALIVE, parseKeepAlive, type KeepAlive } from './keep-alive';
import type { SimState } from './state';
import { templateOpensThink } from './chat-models';
import { splitTokens, StopFilter } from './tokens';
import type { RecordedBody, SimScript } from './types';

type Endpoint = '/api/generate' | '/api/chat';

const DEFAULT_REPLY = 'Hello from the Ollama simulator.';
const DEFAULT_THINKING = ['Let', ' me', ' think', ' about', ' it.'];

const INT_OPTIONS = new Set(['num_predict', 'num_ctx', 'top_k', 'seed', 'num_keep', 'num_batch', 'num_gpu', 'main_gpu', 'num_thread', 'repeat_last_n', 'draft_num_predict']);
const FLOAT_OPTIONS = new Set(['temperature', 'top_p', 'min_p', 'typical_p', 'repeat_penalty', 'presence_penalty', 'frequency_penalty']);
const BOOL_OPTIONS = new Set(['use_mmap']);

/**
 * How thinking shows up for this request. 'prefilled': the template opened `<think>`
 * and Ollama does not parse it (no thinking capability), so the text carries the
 * reasoning and only the closing tag.
 */
type ThinkMode = 'off' | 'field' | 'inline' | 'prefilled';

interface Plan {
  readonly endpoint: Endpoint;
  readonly requestedModel: string;
  readonly model: ResolvedModel;
  readonly stream: boolean;
  readonly keepAlive: KeepAlive;
  readonly options: Readonly<Record<string, unknown>>;
  readonly think: ThinkMode;
  readonly script: SimScript | undefined;
  readonly promptChars: number;
  /** Generate without raw returns `context`. */
  readonly withContext: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Option type errors, as api.Options.FromMap reports them (500). */
function optionError(options: Readonly<Record<string, unknown>>): string | undefined {
  for (const [key, value] of Object.entries(options)) {
    if (INT_OPTIONS.has(key) && typeof value !== 'number') return `option "${key}" must be of type integer`;
    if (FLOAT_OPTIONS.has(key) && typeof value !== 'number') return `option "${key}" must be of type float`;
    if (BOOL_OPTIONS.has(key) && typeof value !== 'boolean') return `option "${key}" must be of type boolean`;
    if (key === 'stop' && (!Array.isArray(value) || value.some((s) => typeof s !== 'string'))) return `option "stop" must be of type array`;
  }
  return undefined;
}

function thinkRequested(think: unknown): boolean | undefined {
  if (think === undefined || think === null) return undefined;
  if (typeof think === 'boolean') return think;
  return typeof think === 'string' && think !== '' && think !== 'false';
}

/** Checks shared by generate and chat; answers the error and returns undefined on failure. */
function common(state: SimState, ex: Exchange, body: RecordedBody, endpoint: Endpoint, needsInsert: boolean, needsTools: boolean):
  { model: ResolvedModel; keepAlive: KeepAlive; options: Readonly<Record<string, unknown>>; think: ThinkMode } | undefined {
  const keepAlive = parseKeepAlive(body.keep_alive);
  if (keepAlive.kind === 'error') {
    sendError(ex, 400, keepAlive.message);
    return undefined;
  }
  const requested = typeof body.model === 'string' ? body.model : '';
  if (requested.trim() === '') {
    // Ollama answers an invalid name with "not found" (routes.go keeps that for compatibility).
    sendError(ex, 404, `model '${requested}' not found`);
    return undefined;
  }
  if (endpoint === '/api/generate' && body.raw === true && (body.template || body.system || (Array.isArray(body['context']) && body['context'].length > 0))) {
    sendError(ex, 400, 'raw mode does not support template, system, or context');
    return undefined;
  }
  const model = state.findInstalled(requested);
  if (!model) {
    sendError(ex, 404, `model '${requested}' not found`);
    return undefined;
  }
  if (needsInsert && !model.capabilities.includes('insert')) {
    sendError(ex, 400, `${fullName(model.name)} does not support insert`);
    return undefined;
  }
  if (needsTools && !model.capabilities.includes('tools')) {
    sendError(ex, 400, `${fullName(model.name)} does not support tools`);
    return undefined;
  }
  const thinkSupported = state.atLeast('0.9.0');
  const wants = thinkSupported ? thinkRequested(body.think) : undefined;
  const canThink = model.capabilities.includes('thinking');
  if (wants === true && !canThink) {
    sendError(ex, 400, `"${requested}" does not support thinking`);
    return undefined;
  }
  const options = isObject(body.options) ? body.options : {};
  const bad = optionError(options);
  if (bad) {
    sendError(ex, 500, bad);
    return undefined;
  }
  let think: ThinkMode = !canThink && templateOpensThink(model.template) ? 'prefilled' : 'off';
  if (canThink) {
    if (wants === true) think = 'field';
    else if (wants === undefined) think = thinkSupported && state.atLeast('0.12.4') ? 'field' : 'inline';
  }
  return { model, keepAlive, options, think };
}

export async function handleGenerate(state: SimState, ex: Exchange, body: RecordedBody): Promise<void> {
  const prompt = typeof body.prompt === 'string' ? body.prompt : '';
  const suffix = typeof body.suffix === 'string' ? body.suffix : '';
  const checked = common(state, ex, body, '/api/generate', suffix !== '', false);
  if (!checked) return;
  const requestedModel = String(body.model);
  if (prompt === '') {
    await loadOnly(state, ex, checked.model, checked.keepAlive, checked.options, (reason) => ({
      model: requestedModel, created_at: new Date().toISOString(), response: '', done: true, done_reason: reason,
    }));
    return;
  }
  state.latestRequest.set(checked.model.name, ex.record.id);
  const script = state.takeScript('/api/generate', checked.model.name, prompt, suffix);
  await run(state, ex, {
    endpoint: '/api/generate', requestedModel, model: checked.model, stream: body.stream !== false,
    keepAlive: checked.keepAlive, options: checked.options, think: checked.think, script,
    promptChars: prompt.length + suffix.length + (typeof body.system === 'string' ? body.system.length : checked.model.system.length),
    withContext: body.raw !== true,
  });
}

export async function handleChat(state: SimState, ex: Exchange, body: RecordedBody): Promise<void> {
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const tools = Array.isArray(body['tools']) ? body['tools'] : [];
  const checked = common(state, ex, body, '/api/chat', false, tools.length > 0);
  if (!checked) return;
  const requestedModel = String(body.model);
  if (messages.length === 0) {
    await loadOnly(state, ex, checked.model, checked.keepAlive, checked.options, (reason) => ({
      model: requestedModel, created_at: new Date().toISOString(), message: { role: 'assistant', content: '' }, done: true, done_reason: reason,
    }));
    return;
  }
  const text = messages.map((m) => (typeof m.content === 'string' ? m.content : '')).join('\n');
  state.latestRequest.set(checked.model.name, ex.record.id);
  const script = state.takeScript('/api/chat', checked.model.name, text, '');
  await run(state, ex, {
    endpoint: '/api/chat', requestedModel, model: checked.model, stream: body.stream !== false,
    keepAlive: checked.keepAlive, options: checked.options, think: checked.think, script,
    promptChars: text.length, withContext: false,
  });
}

/** Empty prompt / no messages: load (or unload with keep_alive 0) and answer one JSON object. */
async function loadOnly(state: SimState, ex: Exchange, model: ResolvedModel, keepAlive: KeepAlive, options: Readonly<Record<string, unknown>>,
  reply: (reason: 'load' | 'unload') => unknown): Promise<void> {
  if (keepAlive.kind === 'ms' && keepAlive.ms === 0) {
    const loaded = state.loaded.get(model.name);
    if (loaded && loaded.active === 0) state.loaded.delete(model.name);
    else if (loaded) loaded.expiresAt = Date.now();
    sendJson(ex, 200, reply('unload'));
    return;
  }
  const numCtx = state.numCtxFor(model, options);
  const loaded = state.loaded.get(model.name);
  if (loaded && loaded.numCtx === numCtx) {
    state.setExpiry(loaded, keepAlive);
    sendJson(ex, 200, reply('load'));
    return;
  }
  // Loading (or reloading for another num_ctx) waits for the runner to be idle.
  const slot = state.slotFor(model.name);
  if (!(await slot.acquire(ex.signal))) return;
  try {
    const l = await ensureLoaded(state, ex, model, numCtx);
    if (!l) return;
    state.setExpiry(l.loaded, keepAlive);
    sendJson(ex, 200, reply('load'));
  } finally {
    slot.release();
  }
}

async function ensureLoaded(state: SimState, ex: Exchange, model: ResolvedModel, numCtx: number) {
  state.expireLoaded();
  const current = state.loaded.get(model.name);
  if (current && current.numCtx === numCtx) return { loaded: current, loadNs: 0 };
  if (current) state.reloads++;
  state.loaded.delete(model.name);
  const started = performance.now();
  await sleep(state.timing.loadMs, ex.signal);
  if (ex.signal.aborted) return undefined;
  const loaded = { model, numCtx, expiresAt: Date.now() + DEFAULT_KEEP_ALIVE_MS, active: 0 };
  state.loaded.set(model.name, loaded);
  return { loaded, loadNs: Math.round((performance.now() - started) * 1e6) };
}

const MAX_CATCH_UP_MS = 50;

const DEFAULT_KEEP_ALIVE_MS = DEFAULT_KEEP_ALIVE.kind === 'ms' ? DEFAULT_KEEP_ALIVE.ms : 300_000;

interface Token {
  readonly field: 'thinking' | 'response';
  readonly text: string;
}

function tokensOf(plan: Plan): Token[] {
  const s = plan.script;
  const response = s?.response === undefined ? splitTokens(DEFAULT_REPLY) : typeof s.response === 'string' ? splitTokens(s.response) : [...s.response];
  const thinking = s?.thinking ?? (plan.model.capabilities.includes('thinking') || plan.think === 'prefilled' ? DEFAULT_THINKING : []);
  switch (plan.think) {
    case 'off':
      return response.map((text) => ({ field: 'response', text }));
    case 'field':
      return [...thinking.map((text): Token => ({ field: 'thinking', text })), ...response.map((text): Token => ({ field: 'response', text }))];
    case 'inline':
      // Servers before v0.12.4 (think omitted) leave the reasoning inline in the text.
      return [...['<think>\n', ...thinking, '\n</think>\n\n'].map((text): Token => ({ field: 'response', text })), ...response.map((text): Token => ({ field: 'response', text }))];
    case 'prefilled':
      return [...[...thinking, '\n</think>\n\n'].map((text): Token => ({ field: 'response', text })), ...response.map((text): Token => ({ field: 'response', text }))];
    default: {
      const never: never = plan.think;
      throw new Error(`unknown think mode ${String(never)}`);
    }
  }
}

async function run(state: SimState, ex: Exchange, plan: Plan): Promise<void> {
  const fault = plan.script?.fault;
  if (fault) {
    if (fault.kind === 'refuse') {
      ex.dropped = true;
      ex.res.socket?.destroy();
      return;
    }
    if (await applyHeaderFault(ex, fault)) return;
  }
  const slot = state.slotFor(plan.model.name);
  if (slot.running && slot.queued >= state.timing.maxQueue) {
    sendError(ex, 503, 'server busy, please try again.  maximum pending requests exceeded');
    return;
  }
  if (!(await slot.acquire(ex.signal))) return;
  ex.record.slotAt = performance.now();
  const started = performance.now();
  let loadedEntry: { loaded: { active: number; expiresAt: number | undefined }; loadNs: number } | undefined;
  try {
    const numCtx = state.numCtxFor(plan.model, plan.options);
    loadedEntry = await ensureLoaded(state, ex, plan.model, numCtx);
    if (!loadedEntry) return;
    loadedEntry.loaded.active++;
    await stream(state, ex, plan, started, loadedEntry.loadNs);
  } finally {
    if (loadedEntry) {
      const l = loadedEntry.loaded;
      l.active--;
      if (plan.keepAlive.kind === 'ms' && plan.keepAlive.ms === 0) {
        if (l.active === 0) state.loaded.delete(plan.model.name);
      } else {
        l.expiresAt = plan.keepAlive.kind === 'forever' ? undefined : Date.now() + plan.keepAlive.ms;
      }
    }
    ex.record.slotReleasedAt = performance.now();
    slot.release();
  }
}

async function stream(state: SimState, ex: Exchange, plan: Plan, started: number, loadNs: number): Promise<void> {
  const timing = state.timing;
  const ttftMs = plan.script?.ttftMs ?? timing.ttftMs;
  const tps = plan.script?.tokensPerSecond ?? timing.tokensPerSecond;
  const intervalMs = tps > 0 ? 1000 / tps : 0;
  const numPredict = typeof plan.options['num_predict'] === 'number' && !plan.script?.ignoreNumPredict ? plan.options['num_predict'] : -1;
  const stopOption = plan.options['stop'];
  const modelStops = plan.model.parameters['stop'];
  const stops = Array.isArray(stopOption) ? stopOption.map(String) : Array.isArray(modelStops) ? modelStops.map(String) : [];
  const filter = new StopFilter(stops);
  const writer = new NdjsonWriter(ex);
  const created = () => new Date().toISOString();
  const chunk = (field: Token['field'], text: string): unknown =>
    plan.endpoint === '/api/generate'
      ? { model: plan.requestedModel, created_at: created(), response: field === 'response' ? text : '', ...(field === 'thinking' ? { thinking: text } : {}), done: false }
      : { model: plan.requestedModel, created_at: created(), message: { role: 'assistant', content: field === 'response' ? text : '', ...(field === 'thinking' ? { thinking: text } : {}) }, done: false };

  let response = '';
  let thinking = '';
  const emit = (field: Token['field'], text: string): boolean => {
    if (field === 'response') response += text;
    else thinking += text;
    return plan.stream ? writer.line(chunk(field, text)) : true;
  };

  let doneReason: 'stop' | 'length' = 'stop';
  let firstTokenAfter = 0;
  let evalStarted = 0;
  const tokens = tokensOf(plan);
  // Tokens are paced against a schedule, not by sleeping a full interval after each: a timer fires
  // late on a busy machine, and 1,000 tokens/s asked must not come out as 600. After a stall longer
  // than MAX_CATCH_UP_MS the schedule restarts instead of bursting everything that is overdue.
  let due = 0;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (!token) continue;
    if (numPredict >= 0 && ex.record.tokensGenerated >= numPredict) {
      doneReason = 'length';
      break;
    }
    if (plan.script?.holdAfterTokens !== undefined && i === plan.script.holdAfterTokens) {
      ex.record.held = true;
      await state.hold(ex.signal);
      due = performance.now();
    }
    if (i === 0) {
      await sleep(ttftMs, ex.signal);
      due = performance.now();
    } else {
      due += intervalMs;
      const wait = due - performance.now();
      if (wait < -MAX_CATCH_UP_MS) due = performance.now();
      await sleep(Math.max(0, wait), ex.signal);
    }
    if (ex.signal.aborted || (plan.stream && !writer.open)) return;
    if (i === 0) {
      firstTokenAfter = performance.now() - started;
      evalStarted = performance.now();
      ex.record.firstTokenAt = performance.now();
    }
    ex.record.tokensGenerated++;
    if ((state.latestRequest.get(plan.model.name) ?? 0) > ex.record.id) ex.record.staleTokens++;
    if (token.field === 'thinking') {
      if (!emit('thinking', token.text)) return;
      continue;
    }
    const step = filter.push(token.text);
    if (step.emit !== '' && !emit('response', step.emit)) return;
    if (step.stopped) break;
  }
  const rest = filter.flush();
  if (rest !== '' && !emit('response', rest)) return;
  if (ex.signal.aborted) return;

  const evalCount = ex.record.tokensGenerated;
  const promptEvalCount = Math.max(1, Math.ceil(plan.promptChars / 4));
  const metrics = {
    total_duration: Math.round((performance.now() - started) * 1e6) + loadNs,
    load_duration: Math.max(loadNs, 1),
    prompt_eval_count: promptEvalCount,
    prompt_eval_duration: Math.round(firstTokenAfter * 1e6),
    eval_count: evalCount,
    eval_duration: Math.max(1, Math.round((evalStarted ? performance.now() - evalStarted : 0) * 1e6)),
  };
  ex.record.doneReason = doneReason;
  const context = plan.withContext ? { context: Array.from({ length: Math.min(promptEvalCount + evalCount, 64) }, (_, i) => 100 + i) } : {};
  const final = plan.endpoint === '/api/generate'
    ? { model: plan.requestedModel, created_at: created(), response: plan.stream ? '' : response, ...(!plan.stream && thinking ? { thinking } : {}), done: true, done_reason: doneReason, ...context, ...metrics }
    : { model: plan.requestedModel, created_at: created(), message: { role: 'assistant', content: plan.stream ? '' : response, ...(!plan.stream && thinking ? { thinking } : {}) }, done: true, done_reason: doneReason, ...metrics };
  if (plan.stream) {
    if (writer.line(final)) writer.end();
    return;
  }
  finishUnstreamed(ex, final);
}

/** stream:false: one JSON body; chunk faults turn into what a client would see. */
function finishUnstreamed(ex: Exchange, final: unknown): void {
  const fault = ex.chunkFault;
  if (!fault) {
    sendJson(ex, 200, final);
    return;
  }
  switch (fault.kind) {
    case 'drop':
      ex.dropped = true;
      ex.res.socket?.destroy();
      return;
    case 'malformed':
      ex.record.status = 200;
      ex.res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
      ex.res.end('{"model":"sim","response":"oops');
      ex.record.chunksSent++;
      return;
    case 'error-line':
      sendError(ex, 500, fault.message);
      return;
    case 'huge-line':
      sendJson(ex, 200, { ...hugeLineBody(ex.record.path, fault.chars), done: true });
      return;
    case 'endless-line':
      pumpEndlessLine(ex, fault.maxBytes ?? 64 * 1024 * 1024);
      return;
    case 'silent':
      holdSilent(ex);
      return;
    default: {
      const never: never = fault;
      throw new Error(`unknown fault ${String(never)}`);
    }
  }
}

