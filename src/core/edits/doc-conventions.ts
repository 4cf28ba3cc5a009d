/** How each language writes documentation comments, for the Document action's prompt. */

const CONVENTIONS: Readonly<Record<string, string>> = {
  python: 'a PEP 257 docstring (triple double quotes) as the first statement of each function and class',
  javascript: 'JSDoc comments (/** ... */ with @param and @returns) above each function and class',
  typescript: 'TSDoc comments (/** ... */ with @param and @returns, no types in the tags) above each function, class and exported declaration',
  java: 'Javadoc comments (/** ... */ with @param, @return, @throws) above each method and class',
  kotlin: 'KDoc comments (/** ... */ with @param and @return) above each function and class',
  csharp: 'XML documentation comments (/// <summary>, <param>, <returns>) above each member and type',
  rust: 'rustdoc comments (///, with # Examples or # Errors sections when useful) above each item',
  go: 'Go doc comments: // lines directly above each declaration, starting with its name',
  ruby: 'YARD comments (# with @param and @return) above each method and class',
  php: 'PHPDoc comments (/** ... */ with @param and @return) above each function and class',
  c: 'Doxygen comments (/** ... */ with @brief, @param, @return) above each function',
  cpp: 'Doxygen comments (/** ... */ with @brief, @param, @return) above each function and class',
  swift: 'Swift markup comments (/// with - Parameters: and - Returns:) above each declaration',
  shellscript: '# comment blocks above each function describing its arguments, output and exit status',
  lua: 'LuaDoc comments (--- with @param and @return) above each function',
};
const SAME_AS: Readonly<Record<string, string>> = { typescriptreact: 'typescript', javascriptreact: 'javascript', objectivec: 'c' };

export function docConvention(languageId: string): string {
  return CONVENTIONS[SAME_AS[languageId] ?? languageId] ?? `the documentation comment style idiomatic for ${languageId}, above each function and class`;
}
