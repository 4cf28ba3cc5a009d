/** The language id VS Code (package.json `languages`) and other editors give Modelfiles. */
export const MODELFILE_LANGUAGE = 'modelfile';
