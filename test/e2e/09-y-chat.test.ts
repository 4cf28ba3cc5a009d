// Chat in the real extension host (named to run after the other suites and before 09-z-shutdown,
// which deactivates Unbound): the view's page loads only when the view opens, answers stream
// from the simulator with code and a thinking block, Stop aborts the request, Explain lands in the
// chat, and the conversation is on disk for the next window. The DOM of the view (an iframe) is
// driven by scripts/ui-chat.mjs; here we read what the extension told the view.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UnboundApi } from '../../src/features/api';
import type { ViewTurn } from '../../src/protocol/chat';
import { CHAT_MODELS } from '../ollama-sim/chat-models';
import { sim } from './support/sim';
import { setting, unbound, waitForRunning } from './support/unbound';
import { waitFor } from './support/wait';

const CHAT = 'dolphin3:8b';
const THINKING = 'deepseek-r1:7b';
const PREFILLED = 'hf.co/bartowski/DeepSeek-R1-Distill-Qwen-7B-GGUF:Q4_K_M';
const CODE_ANSWER = 'Use a list comprehension:\n\n```python\nsquares = [x * x for x in range(10)]\n```\n\nThat is all.';

function lastAnswer(api: UnboundApi): ViewTurn | undefined {
  return api.chat.state().conversation.turns.filter((t) => t.role === 'assistant').at(-1);
}

describe('Unbound chat', () => {
  let api: UnboundApi;

  before(async () => {
    api = await unbound();
    // An earlier suite may leave Ollama stopped on purpose ("nothing restarts it"): start it as a user would.
    if (api.daemon.state.kind !== 'running') await api.daemon.start();
    await waitForRunning(api);
    await setting('unbound.chat.model', CHAT);
  });

  it('loads the chat page only when the view opens, and the page says ready', async () => {
    // An earlier suite's Explain may have opened the view already; otherwise no page exists before it is shown.
    if (!api.chat.viewReady()) {
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      assert.equal(api.chat.viewReady(), false, 'no chat page before the view is shown');
    }
    await vscode.commands.executeCommand('unbound.chat.focus');
    await waitFor('the chat page to say ready', () => api.chat.viewReady(), { timeoutMs: 30_000 });
    await waitFor('the model picker to list the chat model', () => api.chat.state().models.some((m) => m.name === CHAT), { describe: () => api.chat.state().models });
    assert.ok(!api.chat.state().models.some((m) => m.name === 'qwen2.5-coder:1.5b-base'), 'the FIM-only model is not offered for chat');
  });

  it('streams an answer with a code block and reports Ollama\'s counters', async () => {
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'squares' }, response: CODE_ANSWER });
    await api.chat.ask('How do I make a list of squares?');
    const answer = lastAnswer(api);
    assert.equal(answer?.status, 'done');
    assert.equal(answer?.content, CODE_ANSWER);
    assert.ok((answer?.stats?.tokensPerSecond ?? 0) > 0, JSON.stringify(answer?.stats));
  });

  it('puts a thinking model\'s reasoning in the thinking block, for the field and for a pre-filled <think>', async () => {
    await sim.addModel(CHAT_MODELS.find((m) => m.name === PREFILLED) ?? { name: PREFILLED });
    for (const model of [THINKING, PREFILLED]) {
      await setting('unbound.chat.model', model);
      await sim.script({ match: { model }, thinking: ['Squares', ' are', ' x', ' times', ' x.'], response: 'Multiply x by itself.' });
      await api.chat.ask('what is a square?');
      const answer = lastAnswer(api);
      assert.equal(answer?.content, 'Multiply x by itself.', model);
      assert.equal(answer?.reasoning, 'Squares are x times x.', model);
    }
    await setting('unbound.chat.model', CHAT);
  });

  it('Stop aborts the request mid-stream and keeps what arrived', async () => {
    const words = Array.from({ length: 600 }, (_, i) => `word${i} `);
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'long story' }, response: words, tokensPerSecond: 50 });
    const asked = api.chat.ask('Tell me a long story');
    await waitFor('some of the answer to arrive', () => {
      const a = lastAnswer(api);
      return a?.status === 'streaming' && a.content.length > 0;
    }, { timeoutMs: 20_000, describe: () => lastAnswer(api) });
    await api.chat.stop();
    await asked;
    const answer = lastAnswer(api);
    assert.equal(answer?.status, 'stopped');
    assert.ok(answer?.content.startsWith('word0'), answer?.content.slice(0, 40));
    const req = await waitFor('the simulator to see the request closed', async () => (await sim.requests()).find((r) => r.path === '/api/chat' && JSON.stringify(r.body).includes('long story') && r.aborted));
    assert.ok(req.tokensGenerated < words.length, `generation stopped at ${req.tokensGenerated} of ${words.length} tokens`);
  });

  it('Explain from the code actions lands in the chat with the code as context', async () => {
    await sim.script({ match: { path: '/api/chat', promptIncludes: 'def mean' }, response: 'It averages the values.' });
    await api.chat.explain({ code: 'def mean(values):\n    return sum(values) / len(values)', languageId: 'python', fileName: 'src/stats.py', instruction: 'Explain this code.' });
    const turns = api.chat.state().conversation.turns;
    const question = turns.at(-2);
    assert.equal(question?.content, 'Explain this code.');
    assert.deepEqual(question?.context?.map((c) => c.label), ['src/stats.py']);
    assert.equal(turns.at(-1)?.content, 'It averages the values.');
  });

  it('a model that is not installed gets a Pull action, and nothing is lost', async () => {
    await setting('unbound.chat.model', 'dolphin-mixtral:8x7b');
    await api.chat.ask('hello?');
    const answer = lastAnswer(api);
    assert.equal(answer?.status, 'error');
    assert.ok(answer?.error?.actions.includes('pull'), JSON.stringify(answer?.error));
    assert.ok(api.chat.state().conversation.turns.some((t) => t.content === 'hello?'), 'the question stays');
    await setting('unbound.chat.model', CHAT);
  });
});
