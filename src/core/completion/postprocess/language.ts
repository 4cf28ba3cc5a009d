/**
 * What post-processing needs to know about a language: where comments and strings
 * are (so brackets in them do not count) and what opens a block.
 */
export interface LanguageTraits {
  readonly lineComments: readonly string[];
  readonly blockComments: boolean;
  /**
   * Quote characters that delimit strings. Strings are taken to end at a line
   * break, also JS template literals and Go raw strings: a window that starts
   * inside a multi-line literal would otherwise read the rest of the file as a
   * string and see no brackets at all.
   */
  readonly quotes: readonly string[];
  /** A line ending in `:` opens an indented block (Python, YAML...). */
  readonly colonOpensBlock: boolean;
  /** `do` / `then` open and `end` closes a block (Ruby, Lua, Elixir, shell-ish). */
  readonly keywordBlocks: boolean;
}

const C_LIKE: LanguageTraits = {
  lineComments: ['//'],
  blockComments: true,
  quotes: ['"', "'"],
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
  go: { ...C_LIKE, quotes: ['"', "'", '`'] },
  javascript: { ...C_LIKE, quotes: ['"', "'", '`'] },
  javascriptreact: { ...C_LIKE, quotes: ['"', "'", '`'] },
  typescript: { ...C_LIKE, quotes: ['"', "'", '`'] },
  typescriptreact: { ...C_LIKE, quotes: ['"', "'", '`'] },
  vue: { ...C_LIKE, quotes: ['"', "'", '`'] },
  svelte: { ...C_LIKE, quotes: ['"', "'", '`'] },
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
