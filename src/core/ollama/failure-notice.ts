/**
 * What a notice of a failed Ollama request says and which ways out it offers, for
 * every place that shows one: a notification (src/features/models/error-notice.ts)
 * and the chat view's error under an answer or above the model picker. One rule for
 * Retry, so the same failure offers the same buttons wherever it is shown.
 */
import { describeError, type ErrorDescription } from './errors';
import type { OllamaErrorCause } from './types';

export interface FailureOffer {
  /** The caller can run the failed request again. */
  readonly retry: boolean;
}

export function failureNotice(cause: OllamaErrorCause, offer: FailureOffer): ErrorDescription {
  const { message, actions } = describeError(cause);
  // A Retry button that does nothing is worse than none.
  const offered = actions.filter((a) => a !== 'retry' || offer.retry);
  // Once the cause is fixed (Ollama started, the host corrected) the request can simply be
  // made again; a missing model is pulled or replaced instead, and a cancel was the user's.
  const retryable = cause.kind !== 'model-missing' && cause.kind !== 'aborted';
  if (offer.retry && retryable && !offered.includes('retry')) offered.push('retry');
  return { message, actions: offered };
}
