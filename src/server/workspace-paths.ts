/**
 * Turns document URIs into the path shown to the model: relative to the
 * workspace folder that holds the document (as repository-level FIM was
 * trained on), else the file's own path, or the untitled name.
 */
import type { WorkspaceFolder } from 'vscode-languageserver';

export interface ModelPath {
  readonly path: string;
  /** The workspace folder's name, when the document is inside one. */
  readonly repoName?: string;
}

function withoutTrailingSlash(uri: string): string {
  return uri.endsWith('/') ? uri.slice(0, -1) : uri;
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export class WorkspacePaths {
  private folders: readonly WorkspaceFolder[] = [];

  setFolders(folders: readonly WorkspaceFolder[]): void {
    // Longest first, so a nested folder wins over its parent.
    this.folders = [...folders].sort((a, b) => b.uri.length - a.uri.length);
  }

  addRemove(added: readonly WorkspaceFolder[], removed: readonly WorkspaceFolder[]): void {
    const gone = new Set(removed.map((f) => withoutTrailingSlash(f.uri)));
    this.setFolders([...this.folders.filter((f) => !gone.has(withoutTrailingSlash(f.uri))), ...added]);
  }

  modelPath(uri: string): ModelPath {
    for (const folder of this.folders) {
      const root = withoutTrailingSlash(folder.uri) + '/';
      if (uri.startsWith(root)) return { path: decode(uri.slice(root.length)), repoName: folder.name };
    }
    const colon = uri.indexOf(':');
    const rest = colon < 0 ? uri : uri.slice(colon + 1);
    // file:///home/x/a.ts -> /home/x/a.ts; untitled:Untitled-1 -> Untitled-1
    return { path: decode(rest.startsWith('//') ? rest.slice(rest.indexOf('/', 2)) : rest) };
  }
}

/** Completions are served for files on disk and unsaved editors only, not output panes, SCM input or virtual documents. */
export function isServedUri(uri: string): boolean {
  return uri.startsWith('file:') || uri.startsWith('untitled:');
}
