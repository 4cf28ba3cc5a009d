/** The two figures the benchmark reports, measured where the user waits. */
export interface ActionTimings {
  /** From the model's last token to the diff editor shown, for the newest proposal. */
  lastTokenToDiffMs?: number;
  /** Of that: the stream's end after its last token (the done line), and taking the code from the answer. */
  streamEndMs?: number;
  extractMs?: number;
  /** Lines in that proposal's rewrite. */
  rewriteLines?: number;
  /** From Accept to the document changed, for the newest accept. */
  acceptToChangedMs?: number;
}
