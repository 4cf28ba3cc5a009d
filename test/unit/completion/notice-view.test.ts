/** What the completion notices say and offer: the action that works, in short buttons. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noticeView } from '../../../src/features/completion/notice-view';

const FIM = 'qwen2.5-coder:1.5b-base';

describe('completion notices', () => {
  it('no model set, a code model installed: offers to use it, not to pull it again', () => {
    const view = noticeView({ kind: 'no-model', fimModels: [FIM] }, [FIM]);
    assert.equal(view.message, `No model is set for inline completions. ${FIM} is installed and can fill in the middle.`);
    assert.deepEqual(view.buttons, ['Use It', 'Choose…']);
  });

  it('no model set and no code model installed: offers the pull', () => {
    const view = noticeView({ kind: 'no-model', fimModels: [] }, []);
    assert.match(view.message, new RegExp(FIM.replace(/\./g, '\\.')));
    assert.deepEqual(view.buttons, ['Pull It', 'Other Models…']);
  });

  it('a chat model chosen: says what it is in a user\'s words', () => {
    const view = noticeView({ kind: 'model-not-fim', model: 'dolphin3:8b', fimModels: [], recommended: FIM }, [FIM]);
    assert.equal(view.message, `dolphin3:8b is a chat model; inline completions need a code model trained to fill in the middle. ${FIM} is installed and can.`);
    assert.deepEqual(view.buttons, ['Use It', 'Choose…']);
  });

  it('buttons stay short: no model name in a label', () => {
    const views = [
      noticeView({ kind: 'no-model', fimModels: [] }, [FIM]),
      noticeView({ kind: 'no-model', fimModels: [] }, []),
      noticeView({ kind: 'model-not-fim', model: 'dolphin3:8b', fimModels: [], recommended: FIM }, []),
      noticeView({ kind: 'model-missing', model: 'some/very-long-model-name:34b-instruct-q8_0' }, []),
    ];
    for (const view of views) for (const b of view.buttons) assert.ok(b.length <= 14 && !b.includes(':'), b);
  });
});
