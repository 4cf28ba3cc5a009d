/**
 * Where Explain sends its request. The chat view implements it (src/features/chat): it opens
 * the chat with the code as context and streams the answer there.
 */

export interface ExplainRequest {
  readonly code: string;
  readonly languageId: string;
  readonly fileName: string;
  readonly instruction: string;
}

export interface ExplainTarget {
  explain(request: ExplainRequest): Promise<void>;
}
