/**
 * The part of a fault that acts before any byte of the answer: a status
 * reply, delayed headers, or a chunk fault armed for the stream. The
 * simulator's global fault and a script's fault both go through here, so a
 * new fault kind is one more case in one switch.
 */
import { sendError, sendJson, sleep, type Exchange } from './http-io';
import type { SimFault } from './types';

/** Faults an exchange can answer; 'refuse' (no HTTP at all) is the caller's. */
export type HeaderFault = Exclude<SimFault, { kind: 'refuse' }>;

/** Applies `fault`; resolves true when the exchange is finished (answered, or the client left) and the caller must stop. */
export async function applyHeaderFault(ex: Exchange, fault: HeaderFault): Promise<boolean> {
  switch (fault.kind) {
    case 'status':
      sendError(ex, fault.code, fault.error);
      return true;
    case 'slow-headers':
      await sleep(fault.ms, ex.signal);
      return ex.signal.aborted;
    case 'reply':
      sendJson(ex, fault.status ?? 200, fault.body);
      return true;
    case 'drop':
    case 'malformed':
    case 'error-line':
    case 'huge-line':
    case 'endless-line':
    case 'silent':
      ex.chunkFault = fault;
      return false;
    default: {
      const never: never = fault;
      throw new Error(`unknown fault ${String(never)}`);
    }
  }
}
