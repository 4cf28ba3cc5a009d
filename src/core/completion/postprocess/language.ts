/**
 * What post-processing needs to know about a language: where comments and strings
 * are (so brackets in them do not count) and what opens a block.
 */
export interface LanguageTraits {
  readonly lineComments: readonly string[];
  readonly blockComments: boolean;
  /** Quote characters that delimit strings on one line. */
  readonly quotes: readonly string[];
  /** Quote characters whose strings may span lines (JS template literals, Go raw strings). */
  readonly multilineQuotes: readonly string[];
  /** A line ending in `:` opens an indented block (Python, YAML...). */
  readonly colonOpensBlock: boolean;
  /** `do` / `then` open and `end` closes a block (Ruby, Lua, Elixir, shell-ish). */
  readonly keywordBlocks: boolean;
}

const C_LIKE: LanguageTraits = {
  lineComments: ['//'],
  blockComments: true,
  quotes: ['"', "'"],
  multilineQuotes: [],
  colonOpensBlock: false,
  keywordBlocks: false,
};

const BY_LANGUAGE: Readonly<Record<string, LanguageTraits>> = {
  python: { ...C_LIKE, lineComments: ['#'], blockComments: false, colonOpensBlock: true },
  yaml: { ...C_LIKE, lineComments: ['#'], blockComments: false, colonOpensBlock: true },
  nim: { ...C_LIKE, lineComments: ['#'], blockComments: false, colonOpensBlock: true },
  gdscript: { ...C_LIKE, lineComments: ['#'], blockComments: false, colonOpensBlock: true },
  ruby: { ...C_LIKE, lineComments: ['#'], blockComments: false, keywordBlocks: true },
  elixir: { ...C_LIKE, lineComments: ['#'], blockComments: false, keywordBlocks: true },
  shellscript: { ...C_LIKE, lineComments: ['#'], blockComments: false, keywordBlocks: true },
  perl: { ...C_LIKE, lineComments: ['#'], blockComments: false },
  r: { ...C_LIKE, lineComments: ['#'], blockComments: false },
  toml: { ...C_LIKE, lineComments: ['#'], blockComments: false },
  dockerfile: { ...C_LIKE, lineComments: ['#'], blockComments: false },
  makefile: { ...C_LIKE, lineComments: ['#'], blockComments: false },
  lua: { ...C_LIKE, lineComments: ['--'], blockComments: false, keywordBlocks: true },
  sql: { ...C_LIKE, lineComments: ['--'] },
  haskell: { ...C_LIKE, lineComments: ['--'], quotes: ['"'] },
  // Rust lifetimes ('a) are not strings.
  rust: { ...C_LIKE, quotes: ['"'] },
  go: { ...C_LIKE, multilineQuotes: ['`'] },
  javascript: { ...C_LIKE, multilineQuotes: ['`'] },
  javascriptreact: { ...C_LIKE, multilineQuotes: ['`'] },
  typescript: { ...C_LIKE, multilineQuotes: ['`'] },
  typescriptreact: { ...C_LIKE, multilineQuotes: ['`'] },
  vue: { ...C_LIKE, multilineQuotes: ['`'] },
  svelte: { ...C_LIKE, multilineQuotes: ['`'] },
  clojure: { ...C_LIKE, lineComments: [';'], blockComments: false, quotes: ['"'] },
  lisp: { ...C_LIKE, lineComments: [';'], blockComments: false, quotes: ['"'] },
  html: { ...C_LIKE, lineComments: [], blockComments: false },
  xml: { ...C_LIKE, lineComments: [], blockComments: false },
  markdown: { ...C_LIKE, lineComments: [], blockComments: false, quotes: [] },
  plaintext: { ...C_LIKE, lineComments: [], blockComments: false, quotes: [] },
};

export function languageTraits(languageId: string): LanguageTraits {
  return BY_LANGUAGE[languageId] ?? C_LIKE;
}
