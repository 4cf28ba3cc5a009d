/**
 * HTTP controls under /__sim/, so a test in another process (the VS Code
 * extension host) can script a simulator started by the fake `ollama` binary.
 *
 *   POST   /__sim/script     SimScript
 *   POST   /__sim/fault      SimFault, or null / {} to clear
 *   POST   /__sim/configure  SimTiming
 *   POST   /__sim/models     SimModel (install)      DELETE /__sim/models {name}
 *   POST   /__sim/pullable   SimModel (add to the pull catalog)
 *   POST   /__sim/reset
 *   POST   /__sim/release   lets streams held at a script's holdAfterTokens go on: { released }
 *   GET    /__sim/requests   RecordedRequest[]
 *   GET    /__sim/state      { reloads, loaded, installed, version }
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody } from './http-io';
import type { OllamaSimulator } from './simulator';
import type { SimFault, SimModel, SimScript, SimTiming } from './types';

function reply(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export async function handleControl(sim: OllamaSimulator, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  const text = req.method === 'GET' || req.method === 'HEAD' ? '' : await readBody(req);
  let body: unknown;
  try {
    body = text.trim() === '' ? undefined : JSON.parse(text);
  } catch (e) {
    reply(res, 400, { error: `invalid JSON: ${(e as Error).message}` });
    return;
  }
  const key = `${req.method ?? 'GET'} ${path}`;
  switch (key) {
    case 'POST /__sim/script':
      if (!isRecord(body)) return reply(res, 400, { error: 'expected a SimScript object' });
      sim.script(body as SimScript);
      return reply(res, 200, { ok: true });
    case 'POST /__sim/fault':
      sim.setFault(isRecord(body) && typeof body['kind'] === 'string' ? (body as SimFault) : undefined);
      return reply(res, 200, { ok: true });
    case 'POST /__sim/configure':
      if (!isRecord(body)) return reply(res, 400, { error: 'expected a SimTiming object' });
      sim.configure(body as SimTiming);
      return reply(res, 200, { ok: true });
    case 'POST /__sim/models':
      if (!isRecord(body) || typeof body['name'] !== 'string') return reply(res, 400, { error: 'expected a SimModel with a name' });
      sim.addModel(body as unknown as SimModel);
      return reply(res, 200, { ok: true });
    case 'DELETE /__sim/models':
      if (!isRecord(body) || typeof body['name'] !== 'string') return reply(res, 400, { error: 'expected {name}' });
      return reply(res, 200, { ok: sim.removeModel(body['name']) });
    case 'POST /__sim/pullable':
      if (!isRecord(body) || typeof body['name'] !== 'string') return reply(res, 400, { error: 'expected a SimModel with a name' });
      sim.addPullable(body as unknown as SimModel);
      return reply(res, 200, { ok: true });
    case 'POST /__sim/release':
      return reply(res, 200, { released: sim.releaseHeld() });
    case 'POST /__sim/reset':
      sim.reset();
      return reply(res, 200, { ok: true });
    case 'GET /__sim/requests':
      return reply(res, 200, sim.requests);
    case 'GET /__sim/state':
      return reply(res, 200, sim.snapshot());
    default:
      return reply(res, 404, { error: `no simulator control ${key}` });
  }
}
