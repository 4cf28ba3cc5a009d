/**
 * Where a setting Unbound writes for the user (the model they chose, the
 * completion toggle) takes effect. VS Code reads the workspace value over the
 * user value, so writing the user value under a workspace value changes nothing
 * the user can see: the toggle would look stuck.
 */
import type { AutoStart } from './settings';

/** The settings Unbound writes, with their value types. */
export interface WritableSettings {
  readonly 'completion.model': string;
  readonly 'chat.model': string;
  readonly 'completion.enabled': boolean;
  readonly 'ollama.autoStart': AutoStart;
}

export type WritableSetting = keyof WritableSettings;

/** The scopes VS Code's `inspect()` reports that Unbound reads (no resource, no language). */
export interface SettingScopes {
  readonly globalValue?: unknown;
  readonly workspaceValue?: unknown;
}

export type SettingTarget = 'user' | 'workspace';

/** The workspace when it holds a value (it wins there), else the user's settings. */
export function settingTarget(scopes: SettingScopes | undefined): SettingTarget {
  return scopes?.workspaceValue !== undefined ? 'workspace' : 'user';
}

/** Said after a workspace write, which the user may not expect: it lands in the folder's settings file. */
export function workspaceWriteNotice(key: WritableSetting): string {
  return `Unbound set unbound.${key} in this workspace's settings, where a value is already set and wins over your user settings.`;
}
