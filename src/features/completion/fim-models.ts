import { planFim } from '../../core/completion/formats/plan';
import type { OllamaApi } from '../../core/ollama/types';

/** Installed local models that can fill in the middle, by the same rule the completion engine uses. */
export async function installedFimModels(api: OllamaApi, signal?: AbortSignal): Promise<string[]> {
  const installed = (await api.list(signal)).filter((m) => !m.remote);
  const names = await Promise.all(
    installed.map(async ({ name }) => {
      try {
        return planFim(await api.show(name, signal)).kind === 'unsupported' ? undefined : name;
      } catch {
        return undefined; // one model Ollama cannot describe does not hide the others
      }
    }),
  );
  return names.filter((name): name is string => name !== undefined);
}
