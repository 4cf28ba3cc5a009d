import { planFim } from '../../core/completion/formats/plan';
import type { InstalledEntry } from '../../core/models/model-service';

/**
 * Whether the completion engine can use this model, by its own rule (planFim):
 * a FIM template, or FIM-trained weights of a known family. Undefined while
 * Ollama has not described the model.
 */
export function canFillInTheMiddle(entry: InstalledEntry): boolean | undefined {
  return entry.info ? planFim(entry.info).kind !== 'unsupported' : undefined;
}
