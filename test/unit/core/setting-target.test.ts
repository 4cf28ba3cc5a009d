import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settingTarget, workspaceWriteNotice } from '../../../src/core/setting-target';

test('a workspace value wins, so the write goes there; otherwise to the user settings', () => {
  assert.equal(settingTarget({ globalValue: true, workspaceValue: true }), 'workspace', 'a user write would be hidden by it');
  assert.equal(settingTarget({ workspaceValue: false }), 'workspace');
  assert.equal(settingTarget({ globalValue: 'qwen2.5-coder:1.5b-base' }), 'user');
  assert.equal(settingTarget({}), 'user');
  assert.equal(settingTarget(undefined), 'user');
});

test('a workspace write is said, naming the setting', () => {
  assert.match(workspaceWriteNotice('completion.enabled'), /unbound\.completion\.enabled in this workspace's settings/);
});
