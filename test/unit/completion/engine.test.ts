import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { CompletionOutcome, EngineNotice, EngineStatus } from '../../../src/core/completion/api';
import { CompletionEngine } from '../../../src/core/completion/engine';
import { systemClock, type Clock } from '../../../src/core/clock';
import { silentLogger } from '../../../src/core/log';
import type { CompletionSettings } from '../../../src/core/settings';
import { OllamaSimulator } from '../../ollama-sim/simulator';
import { UNWANTED_GRACE_MS } from '../../../src/core/completion/scheduler';
import { apiFor, drive, FakeClock, generates, requestAt, settings, signal, tick, until } from './engine-harness';

const FUNC = 'def add(a, b):\n    return |\n\nprint(add(1, 2))\n';
const OTHER = 'import os\n\nPATH = |\n';

describe('CompletionEngine', () => {
  let sim: OllamaSimulator;
  const engines: CompletionEngine[] = [];

  before(async () => {
    sim = await OllamaSimulator.start({ ttftMs: 5, tokensPerSecond: 1000 });
  });
  after(async () => {
    await sim.stop();
  });
  beforeEach(() => {
    for (const e of engines.splice(0)) e.dispose();
    sim.reset();
    sim.configure({ ttftMs: 5, tokensPerSecond: 1000 });
  });

  function engine(overrides: Partial<CompletionSettings> = {}, clock: Clock = systemClock, url = sim.url): CompletionEngine {
    const e = new CompletionEngine({ api: apiFor(url), clock, logger: silentLogger, epochNow: () => 1_700_000_000_000 }, settings(overrides));
    engines.push(e);
    return e;
  }

  function shownText(outcome: CompletionOutcome): string {
    assert.equal(outcome.kind, 'shown', `expected a completion, got ${JSON.stringify(outcome)}`);
    return outcome.kind === 'shown' ? outcome.text : '';
  }

  describe('what is sent to Ollama', () => {
    it('sends the same num_ctx, think:false, keep_alive and num_predict on every request, so the model never reloads', async () => {
      sim.script({ response: ['a', ' +', ' b', '\n'] });
      const e = engine({ contextLength: 4096, maxTokens: 64, keepAlive: '30m', temperature: 0.1 });
      shownText(await e.complete(requestAt(FUNC), signal()));
      shownText(await e.complete(requestAt(OTHER), signal()));
      shownText(await e.complete(requestAt('x = 1\ny = |\n'), signal()));
      const bodies = generates(sim).map((r) => r.body);
      assert.equal(bodies.length, 3);
      for (const body of bodies) {
        assert.equal(body.options?.['num_ctx'], 4096);
        assert.equal(body.options?.['num_predict'], 64);
        assert.equal(body.options?.['temperature'], 0.1);
        assert.ok(Array.isArray(body.options?.['stop']) && (body.options['stop'] as unknown[]).includes('<|endoftext|>'));
        assert.equal(body.think, false);
        assert.equal(body.keep_alive, '30m');
      }
      assert.equal(sim.reloads, 0);
    });

    it('uses the native suffix field for a model with the insert capability', async () => {
      sim.script({ response: ['a + b\n'] });
      const e = engine();
      shownText(await e.complete(requestAt(FUNC), signal()));
      const [body] = generates(sim).map((r) => r.body);
      assert.equal(body.raw, false);
      assert.equal(body.prompt, 'def add(a, b):\n    return ');
      assert.equal(body.suffix, '\n\nprint(add(1, 2))\n');
    });

    it('builds a raw Qwen FIM prompt, without a suffix, for an abliterated coder whose template lacks .Suffix', async () => {
      sim.addModel({
        name: 'huihui_ai/qwen2.5-coder-abliterate:7b',
        family: 'qwen2',
        template: '{{- range .Messages }}<|im_start|>{{ .Role }}\n{{ .Content }}<|im_end|>\n{{ end }}<|im_start|>assistant\n',
      });
      sim.script({ response: ['a + b\n'] });
      const e = engine({ model: 'huihui_ai/qwen2.5-coder-abliterate:7b' });
      shownText(await e.complete(requestAt(FUNC), signal()));
      const [body] = generates(sim).map((r) => r.body);
      assert.equal(body.raw, true);
      assert.equal(body.suffix, undefined);
      assert.equal(body.prompt, '<|fim_prefix|>def add(a, b):\n    return <|fim_suffix|>\n\nprint(add(1, 2))\n<|fim_middle|>');
    });

    it('lets Ollama stop at the newline for a completion that is one line whatever the model writes', async () => {
      sim.script({ response: ['a, b', '\n', 'junk'] });
      const e = engine({ multiline: 'auto' });
      // Code after the cursor: one line, decided before the model says anything.
      assert.equal(shownText(await e.complete(requestAt('print(add(|), 3)\n'), signal())), 'a, b');
      const [request] = generates(sim);
      assert.ok((request.body.options?.['stop'] as string[]).includes('\n'));
      assert.equal(request.aborted, false, 'the stream ended by itself');
    });

    it('offers the next statements when the cursor ends a finished line', async () => {
      sim.script({ response: ['\n', 'y = 2', '\n', 'z = 3\n'] });
      const e = engine({ multiline: 'auto' });
      assert.equal(shownText(await e.complete(requestAt('x = 1|\n'), signal())), '\ny = 2\nz = 3');
      assert.equal((generates(sim)[0].body.options?.['stop'] as string[]).includes('\n'), false);
    });

    it('adds other open files for Qwen only when repository context is on', async () => {
      const related = [{ path: 'util.py', languageId: 'python', text: 'def helper():\n    return 42\n' }];
      sim.script({ response: ['a + b\n'] });
      const on = engine({ repositoryContext: true });
      shownText(await on.complete(requestAt(FUNC, { related, repoName: 'calc' }), signal()));
      const off = engine({ repositoryContext: false });
      shownText(await off.complete(requestAt(FUNC, { related, repoName: 'calc' }), signal()));
      sim.addModel({ name: 'codellama:7b-code', family: 'llama' });
      const llama = engine({ repositoryContext: true, model: 'codellama:7b-code' });
      shownText(await llama.complete(requestAt(FUNC, { related, repoName: 'calc' }), signal()));
      const [withRepo, without, codellama] = generates(sim).map((r) => r.body);
      assert.ok(withRepo.prompt?.includes('<|file_sep|>util.py\ndef helper():'), withRepo.prompt);
      assert.ok(withRepo.prompt?.endsWith('<|fim_middle|>'));
      assert.equal(without.prompt?.includes('util.py'), false);
      assert.equal(codellama.prompt?.includes('util.py'), false);
    });

    it('keeps special tokens and reasoning out of the text shown', async () => {
      sim.script({ response: ['<think>', 'hmm', '</think>', 'a', ' + b', '<|file_sep|>', 'junk'] });
      const e = engine();
      const text = shownText(await e.complete(requestAt(FUNC), signal()));
      assert.equal(text, 'a + b');
    });
  });

  describe('scheduling', () => {
    it('collapses a burst of keystrokes into one generation after the debounce', async () => {
      const clock = new FakeClock();
      sim.script({ response: ['(a, b)\n'] });
      const e = engine({ debounceMs: 150 }, clock);
      const typed = ['print', 'print(', 'print(a', 'print(ad', 'print(add'];
      const outcomes = typed.map((t, i) => {
        const pending = e.complete(requestAt(`${t}|\n`), signal());
        if (i < typed.length - 1) clock.advance(60);
        return pending;
      });
      // The first four were superseded while waiting: nothing reached Ollama yet.
      const early = await Promise.all(outcomes.slice(0, -1));
      assert.deepEqual(early.map((o) => (o.kind === 'skipped' ? o.reason : o.kind)), ['debounced', 'debounced', 'debounced', 'debounced']);
      assert.equal(generates(sim).length, 0);
      clock.advance(150);
      shownText(await outcomes[outcomes.length - 1]);
      assert.equal(generates(sim).length, 1);
      assert.equal(generates(sim)[0].body.prompt, 'print(add');
    });

    describe('a keystroke queued behind the debounce', () => {
      /** The input drain under test control: each call waits until the test lets it through. */
      function heldDrain(): { drainInput: () => Promise<void>; calls: number; release(): void } {
        const held: (() => void)[] = [];
        const drain = {
          calls: 0,
          drainInput: () => {
            drain.calls++;
            return new Promise<void>((resolve) => held.push(resolve));
          },
          release: () => {
            for (const resolve of held.splice(0)) resolve();
          },
        };
        return drain;
      }

      function drainingEngine(clock: FakeClock, drainInput: () => Promise<void>): CompletionEngine {
        const e = new CompletionEngine({ api: apiFor(sim.url), clock, logger: silentLogger, drainInput }, settings({ debounceMs: 150 }));
        engines.push(e);
        return e;
      }

      it('supersedes the request: no generation starts for the text before that keystroke', async () => {
        const clock = new FakeClock();
        sim.script({ response: ['(a, b)\n'] });
        const drain = heldDrain();
        const e = drainingEngine(clock, drain.drainInput);
        const pending = e.complete(requestAt('print(ad|\n'), signal());
        clock.advance(150);
        assert.equal(drain.calls, 1, 'the debounce ran out and the engine looks at the queued input first');
        const typed = requestAt('print(add|\n');
        e.documentChanged(typed.uri, typed.document);
        drain.release();
        assert.deepEqual(await pending, { kind: 'skipped', reason: 'debounced' });
        await tick(20);
        assert.equal(generates(sim).length, 0);
      });

      it('starts the generation once the queued input holds no newer keystroke', async () => {
        const clock = new FakeClock();
        sim.script({ response: ['(a, b)\n'] });
        const drain = heldDrain();
        const e = drainingEngine(clock, drain.drainInput);
        const pending = e.complete(requestAt('print(add|\n'), signal());
        clock.advance(150);
        await tick(20);
        assert.equal(generates(sim).length, 0, 'nothing is sent while the input is being drained');
        drain.release();
        assert.equal(shownText(await pending), '(a, b)');
        assert.equal(generates(sim).length, 1);
      });
    });

    it('aborts the generation in flight the moment a request arrives that cannot reuse it', async () => {
      const clock = new FakeClock();
      sim.script({ response: Array.from({ length: 200 }, () => ' x'), tokensPerSecond: 50 });
      const e = engine({ debounceMs: 300 }, clock);
      const first = e.complete(requestAt(FUNC), signal());
      clock.advance(300);
      await sim.waitFor((r) => r.path === '/api/generate' && r.chunksSent > 0, 5000);
      const second = e.complete(requestAt(OTHER), signal());
      const [older] = generates(sim);
      await until(() => older.aborted, 5000, 'the older generate request to be aborted');
      // The clock has not moved, so the newer request is still in its debounce: the abort came on its arrival,
      // not when the next generation started.
      assert.equal(generates(sim).length, 1);
      assert.deepEqual(await first, { kind: 'skipped', reason: 'superseded' });
      sim.reset();
      const third = e.complete(requestAt('z = |\n'), signal());
      assert.deepEqual(await second, { kind: 'skipped', reason: 'debounced' });
      clock.advance(300);
      await third;
    });

    it('keeps a generation alive when its request is cancelled, for the next request to reuse', async () => {
      const clock = new FakeClock();
      sim.script({ response: ['a', ' +', ' b', ' +', ' c', '\n'], tokensPerSecond: 40 });
      const e = engine({ multiline: 'auto' }, clock);
      const cancel = new AbortController();
      const first = e.complete(requestAt(FUNC), cancel.signal);
      await drive(clock, sim.waitFor((r) => r.path === '/api/generate'));
      // VS Code cancels the previous request on every keystroke or cursor move, then asks again.
      cancel.abort();
      assert.deepEqual(await first, { kind: 'cancelled' });
      // The grace period is on the fake clock: it cannot run out while the next request is on its way.
      const next = await drive(clock, e.complete(requestAt(FUNC), signal()));
      assert.equal(shownText(next), 'a + b + c');
      assert.equal(next.kind === 'shown' && next.source, 'type-ahead');
      assert.equal(generates(sim).length, 1);
      assert.equal(generates(sim)[0].aborted, false);
    });

    it('aborts a generation nobody wants any more when the grace period has passed, not before', async () => {
      const clock = new FakeClock();
      sim.script({ response: Array.from({ length: 200 }, () => ' x'), tokensPerSecond: 50 });
      const e = engine({}, clock);
      const cancel = new AbortController();
      const first = e.complete(requestAt(FUNC), cancel.signal);
      await drive(clock, sim.waitFor((r) => r.path === '/api/generate' && r.chunksSent > 0));
      cancel.abort();
      await first;
      clock.advance(UNWANTED_GRACE_MS - 1);
      assert.deepEqual(e.status, { kind: 'generating', model: 'qwen2.5-coder:1.5b-base' }, 'still within the grace period');
      clock.advance(1);
      await until(() => e.status.kind === 'idle', 5000, 'the generation to end when the grace period ended');
      const [request] = generates(sim);
      await until(() => request.aborted, 5000, 'the unwanted generation to be aborted at Ollama');
    });

    it('stops the generation in flight at the edit that makes it stale, before the editor asks again', async () => {
      sim.script({ response: Array.from({ length: 200 }, () => ' x'), tokensPerSecond: 50 });
      const e = engine();
      const first = e.complete(requestAt(FUNC), signal());
      await sim.waitFor((r) => r.path === '/api/generate' && r.chunksSent > 0);
      // The user typed `y` where the model writes ` x`: the didChange alone ends it.
      const edited = requestAt(FUNC.replace('return |', 'return y|'));
      e.documentChanged(edited.uri, edited.document);
      assert.deepEqual(await first, { kind: 'skipped', reason: 'superseded' });
      await until(() => generates(sim)[0].aborted, 5000, 'the stale generation to be aborted at Ollama');
    });

    it('keeps a slow stream the user types past consistently, and serves the rest of its line from it', async () => {
      const clock = new FakeClock();
      // One token a second: the first one is long in when the user types past it.
      sim.script({ response: ['a', ' +', ' b', '\n'], ttftMs: 5, tokensPerSecond: 1 });
      const e = engine({ multiline: 'never' }, clock);
      const cancel = new AbortController();
      const first = e.complete(requestAt(FUNC), cancel.signal);
      await drive(clock, sim.waitFor((r) => r.path === '/api/generate' && r.chunksSent > 0));
      await tick(100);
      const typed = requestAt(FUNC.replace('return |', 'return a +|'));
      e.documentChanged(typed.uri, typed.document);
      cancel.abort();
      await first;
      const next = await drive(clock, e.complete(typed, signal()));
      assert.equal(shownText(next), ' b');
      assert.equal(next.kind === 'shown' && next.source, 'type-ahead');
      assert.equal(generates(sim).length, 1);
      assert.equal(generates(sim)[0].aborted, false);
    });

    it('an edit in another file leaves the generation in flight to the next request', async () => {
      const clock = new FakeClock();
      sim.script({ response: ['a', ' +', ' b', '\n'], tokensPerSecond: 40 });
      const e = engine({ multiline: 'auto' }, clock);
      const cancel = new AbortController();
      const first = e.complete(requestAt(FUNC), cancel.signal);
      await drive(clock, sim.waitFor((r) => r.path === '/api/generate'));
      const other = requestAt(OTHER.replace('|', 'x|'), { uri: 'file:///work/other.py' });
      e.documentChanged(other.uri, other.document);
      cancel.abort();
      await first;
      const next = await drive(clock, e.complete(requestAt(FUNC), signal()));
      assert.equal(next.kind === 'shown' && next.source, 'type-ahead');
      assert.equal(generates(sim).length, 1);
    });

    it('serves typed-ahead text from the completion just shown without asking Ollama again', async () => {
      sim.script({ response: ['a', ' +', ' b', '\n'] });
      const e = engine();
      assert.equal(shownText(await e.complete(requestAt(FUNC), signal())), 'a + b');
      const next = await e.complete(requestAt(FUNC.replace('return |', 'return a +|')), signal());
      assert.equal(shownText(next), ' b');
      assert.equal(next.kind === 'shown' && next.source, 'type-ahead');
      assert.equal(generates(sim).length, 1);
    });

    it('stops reading as soon as the model\'s first line shows the completion is one line', async () => {
      sim.script({ response: ['a', ' + b', '\n', ...Array.from({ length: 100 }, () => ' more')], tokensPerSecond: 100 });
      // Nothing after the cursor: the first line decides (it opens no block), so Ollama is not told to stop at a newline.
      const e = engine({ multiline: 'auto' });
      assert.equal(shownText(await e.complete(requestAt(FUNC), signal())), 'a + b');
      const [request] = generates(sim);
      assert.equal((request.body.options?.['stop'] as string[]).includes('\n'), false);
      // The simulator holds a newline back until the next token (it could start the stop string "\n\n\n").
      assert.match(e.requestLog()[0].raw, /^a \+ b\n( more)?$/, 'read up to the newline and no further');
      await until(() => request.aborted, 5000, 'the stream to be closed');
    });

    it('reads on past the first line when it turns the line into a block opener, and stops at the block\'s end', async () => {
      const body = ['n: u32', ') -> u32 {', '\n', '    n * 2', '\n', '}', '\n', 'fn', ' other() {}', ...Array.from({ length: 50 }, () => ' more')];
      sim.script({ response: body, tokensPerSecond: 100 });
      const e = engine({ multiline: 'auto' });
      const outcome = await e.complete(requestAt('fn double(|)\n', { languageId: 'rust', uri: 'file:///work/lib.rs', path: 'lib.rs' }), signal());
      assert.deepEqual(outcome, { kind: 'shown', text: 'n: u32) -> u32 {\n    n * 2\n}', replaceSuffixChars: 1, source: 'generated' });
      assert.match(e.requestLog()[0].raw, /^n: u32\) -> u32 \{\n {4}n \* 2\n\}\n(fn)?$/, 'stopped right after the closing line');
      await until(() => generates(sim)[0].aborted, 5000, 'the stream to be closed');
    });

    it('answers an exact revisit from the cache', async () => {
      sim.script({ response: ['a + b\n'] });
      const e = engine();
      const firstText = shownText(await e.complete(requestAt(FUNC), signal()));
      shownText(await e.complete(requestAt(OTHER), signal()));
      const again = await e.complete(requestAt(FUNC), signal());
      assert.equal(shownText(again), firstText);
      assert.equal(again.kind === 'shown' && again.source, 'cache');
      assert.equal(generates(sim).length, 2);
    });
  });

  describe('yielding to chat', () => {
    it('aborts the completion in flight and skips new ones while chat streams', async () => {
      sim.script({ response: Array.from({ length: 200 }, () => ' x'), tokensPerSecond: 50 });
      const e = engine();
      const statuses: EngineStatus[] = [];
      e.onDidChangeStatus((s) => statuses.push(s));
      const first = e.complete(requestAt(FUNC), signal());
      await sim.waitFor((r) => r.path === '/api/generate' && r.chunksSent > 0);
      e.setForegroundStreams(1);
      assert.deepEqual(await first, { kind: 'skipped', reason: 'yield-to-chat' });
      await until(() => generates(sim)[0].aborted, 5000, 'the completion to be aborted');
      assert.deepEqual(e.status, { kind: 'paused-for-chat' });
      assert.deepEqual(await e.complete(requestAt(OTHER), signal()), { kind: 'skipped', reason: 'yield-to-chat' });
      assert.equal(generates(sim).length, 1);
      e.setForegroundStreams(0);
      assert.deepEqual(e.status, { kind: 'idle', model: 'qwen2.5-coder:1.5b-base' });
      sim.script({ response: ['"/tmp"\n'] });
      assert.equal(shownText(await e.complete(requestAt(OTHER), signal())), '"/tmp"');
      assert.ok(statuses.some((s) => s.kind === 'paused-for-chat'));
    });

    it('does not yield when yieldToChat is off', async () => {
      sim.script({ response: ['a + b\n'] });
      const e = engine({ yieldToChat: false });
      e.setForegroundStreams(2);
      shownText(await e.complete(requestAt(FUNC), signal()));
    });
  });

  describe('models that cannot fill in the middle, and failures', () => {
    it('skips a chat model with one notice naming installed FIM models and the one to pull', async () => {
      const e = engine({ model: 'dolphin3:8b' });
      const notices: EngineNotice[] = [];
      e.onNotice((n) => notices.push(n));
      for (let i = 0; i < 10; i++) {
        const outcome = await e.complete(requestAt(FUNC), signal());
        assert.equal(outcome.kind === 'skipped' && outcome.reason, 'model-not-fim');
      }
      await until(() => notices.length > 0, 5000, 'the notice');
      // One lookup of installed models, so one notice: no later one can come.
      assert.equal(sim.requests.filter((r) => r.path === '/api/tags').length, 1);
      assert.equal(notices.length, 1);
      const [notice] = notices;
      assert.equal(notice.kind, 'model-not-fim');
      if (notice.kind === 'model-not-fim') {
        assert.equal(notice.model, 'dolphin3:8b');
        assert.deepEqual(notice.fimModels, ['qwen2.5-coder:1.5b-base']);
        assert.equal(notice.recommended, 'qwen2.5-coder:1.5b-base');
      }
      assert.equal(e.status.kind, 'model-not-fim');
      assert.equal(generates(sim).length, 0, 'no garbage completions from a chat model');
    });

    it('tells "no model" once and skips', async () => {
      const e = engine({ model: '' });
      const notices: EngineNotice[] = [];
      e.onNotice((n) => notices.push(n));
      for (let i = 0; i < 5; i++) assert.deepEqual(await e.complete(requestAt(FUNC), signal()), { kind: 'skipped', reason: 'no-model' });
      await until(() => notices.length > 0, 5000, 'the notice');
      // One lookup of installed models, so one notice: no later one can come.
      assert.equal(sim.requests.filter((r) => r.path === '/api/tags').length, 1);
      assert.deepEqual(notices, [{ kind: 'no-model', fimModels: ['qwen2.5-coder:1.5b-base'] }]);
    });

    it('a disposed engine aborts the lookup of installed FIM models its notice was waiting for', async () => {
      sim.setFault({ kind: 'slow-headers', ms: 2000, path: '/api/tags' });
      const e = engine({ model: '' });
      const notices: EngineNotice[] = [];
      e.onNotice((n) => notices.push(n));
      await e.complete(requestAt(FUNC), signal());
      await sim.waitFor((r) => r.path === '/api/tags', 5000);
      e.dispose();
      await sim.waitFor((r) => r.path === '/api/tags' && r.aborted, 5000);
      assert.deepEqual(notices, []);
    });

    it('reports a daemon that is down once over 20 requests and does not hammer it', async () => {
      const down = await OllamaSimulator.start();
      const url = down.url;
      await down.stop();
      const e = engine({}, systemClock, url);
      const notices: EngineNotice[] = [];
      e.onNotice((n) => notices.push(n));
      const outcomes: CompletionOutcome[] = [];
      for (let i = 0; i < 20; i++) outcomes.push(await e.complete(requestAt(FUNC), signal()));
      assert.deepEqual(outcomes[0], { kind: 'error', cause: { kind: 'not-running', host: url } });
      assert.ok(outcomes.slice(1).every((o) => o.kind === 'skipped' && o.reason === 'daemon-down'));
      assert.deepEqual(notices, [{ kind: 'daemon-down', host: url }]);
      assert.equal(e.status.kind, 'error');
    });

    it('reports a missing model once, as an error', async () => {
      const e = engine({ model: 'qwen2.5-coder:7b-base' });
      const notices: EngineNotice[] = [];
      e.onNotice((n) => notices.push(n));
      for (let i = 0; i < 5; i++) {
        const outcome = await e.complete(requestAt(FUNC), signal());
        assert.equal(outcome.kind === 'error' && outcome.cause.kind, 'model-missing');
      }
      assert.deepEqual(notices, [{ kind: 'model-missing', model: 'qwen2.5-coder:7b-base' }]);
    });

    for (const fault of [
      { kind: 'error-line', afterChunks: 2, message: 'model runner has unexpectedly stopped' },
      { kind: 'malformed', afterChunks: 2 },
      { kind: 'drop', afterChunks: 2 },
    ] as const) {
      it(`ends a request cleanly on a ${fault.kind} mid-stream and keeps working`, async () => {
        sim.script({ response: ['a', ' +', ' b', ' +', ' c', '\n'], fault: { ...fault, path: '/api/generate' }, times: 1 });
        const e = engine();
        const outcome = await e.complete(requestAt(FUNC), signal());
        assert.equal(outcome.kind, 'error', JSON.stringify(outcome));
        assert.equal(e.requestLog()[0].outcome, 'error');
        sim.script({ response: ['"/tmp"\n'] });
        assert.equal(shownText(await e.complete(requestAt(OTHER), signal())), '"/tmp"');
        assert.equal(e.status.kind, 'idle');
      });
    }
  });

  describe('settings, host and recovery', () => {
    it('aborts the generation in flight when the model changes, and tells about a non-FIM model again after a switch back', async () => {
      sim.script({ response: Array.from({ length: 200 }, () => ' x'), tokensPerSecond: 50 });
      const e = engine();
      const notices: EngineNotice[] = [];
      e.onNotice((n) => notices.push(n));
      const first = e.complete(requestAt(FUNC), signal());
      await sim.waitFor((r) => r.path === '/api/generate' && r.chunksSent > 0);
      e.updateSettings(settings({ model: 'dolphin3:8b' }));
      assert.equal((await first).kind, 'skipped');
      await until(() => generates(sim)[0].aborted, 5000, 'the abort');
      await e.complete(requestAt(OTHER), signal());
      await until(() => notices.length === 1, 5000, 'the first notice');
      e.updateSettings(settings());
      e.updateSettings(settings({ model: 'dolphin3:8b' }));
      await e.complete(requestAt(OTHER), signal());
      await until(() => notices.length === 2, 5000, 'the notice after switching back');
      assert.deepEqual(notices.map((n) => n.kind), ['model-not-fim', 'model-not-fim']);
    });

    it('sends no request when completions are turned off while a request waits out its debounce', async () => {
      const clock = new FakeClock();
      sim.script({ response: ['a + b\n'] });
      const e = engine({ debounceMs: 150 }, clock);
      const waiting = e.complete(requestAt(FUNC), signal());
      clock.advance(100);
      e.updateSettings(settings({ debounceMs: 150, enabled: false }));
      clock.advance(100);
      assert.deepEqual(await drive(clock, waiting), { kind: 'skipped', reason: 'disabled' });
      assert.equal(generates(sim).length, 0);
    });

    it('sends no request for either model when the model changes while a request waits out its debounce', async () => {
      const clock = new FakeClock();
      sim.script({ response: ['a + b\n'] });
      const e = engine({ debounceMs: 150 }, clock);
      const waiting = e.complete(requestAt(FUNC), signal());
      clock.advance(100);
      e.updateSettings(settings({ debounceMs: 150, model: 'qwen2.5-coder:7b-base' }));
      clock.advance(100);
      assert.equal((await drive(clock, waiting)).kind, 'skipped');
      assert.equal(generates(sim).length, 0);
    });

    it('a waiting request goes on when a setting that does not concern it changes', async () => {
      const clock = new FakeClock();
      sim.script({ response: ['a + b\n'] });
      const e = engine({ debounceMs: 150 }, clock);
      const waiting = e.complete(requestAt(FUNC), signal());
      e.updateSettings(settings({ debounceMs: 150, languages: { '*': true, rust: false } }));
      clock.advance(150);
      shownText(await drive(clock, waiting));
    });

    it('forgets cached completions when the host changes', async () => {
      sim.script({ response: ['a + b\n'] });
      const e = engine();
      shownText(await e.complete(requestAt(FUNC), signal()));
      e.setApi(apiFor(sim.url));
      const again = await e.complete(requestAt(FUNC), signal());
      assert.equal(again.kind === 'shown' && again.source, 'generated');
      assert.equal(generates(sim).length, 2);
    });

    it('aborts the generation in flight when the host changes', async () => {
      sim.script({ response: Array.from({ length: 200 }, () => ' x'), tokensPerSecond: 50 });
      const e = engine();
      const first = e.complete(requestAt(FUNC), signal());
      await sim.waitFor((r) => r.path === '/api/generate' && r.chunksSent > 0);
      e.setApi(apiFor(sim.url));
      assert.equal((await first).kind, 'skipped');
      await until(() => generates(sim)[0].aborted, 5000, 'the abort');
    });

    it('tries a daemon that was down again after a few seconds and recovers', async () => {
      const clock = new FakeClock();
      const e = engine({}, clock);
      const notices: EngineNotice[] = [];
      e.onNotice((n) => notices.push(n));
      sim.setFault({ kind: 'refuse' });
      assert.equal((await drive(clock, e.complete(requestAt(FUNC), signal()))).kind, 'error');
      sim.setFault(undefined);
      assert.deepEqual(await drive(clock, e.complete(requestAt(FUNC), signal())), { kind: 'skipped', reason: 'daemon-down', detail: sim.url });
      clock.advance(3000);
      sim.script({ response: ['a + b\n'] });
      shownText(await drive(clock, e.complete(requestAt(FUNC), signal())));
      assert.deepEqual(e.status, { kind: 'idle', model: 'qwen2.5-coder:1.5b-base' });
      assert.equal(notices.length, 1);
      // A new outage is news again.
      sim.setFault({ kind: 'refuse' });
      assert.equal((await drive(clock, e.complete(requestAt(OTHER), signal()))).kind, 'error');
      assert.equal(notices.length, 2);
      sim.setFault(undefined);
    });

    it('skips languages turned off, and manual-only mode for automatic triggers', async () => {
      const e = engine({ languages: { '*': true, plaintext: false } });
      assert.deepEqual(await e.complete(requestAt('hello |', { languageId: 'plaintext' }), signal()), {
        kind: 'skipped',
        reason: 'language-disabled',
        detail: 'plaintext',
      });
      const manual = engine({ triggerMode: 'manual', debounceMs: 400 });
      assert.equal((await manual.complete(requestAt(FUNC), signal())).kind, 'skipped');
      sim.script({ response: ['a + b\n'] });
      shownText(await manual.complete(requestAt(FUNC, { trigger: 'manual' }), signal()));
      assert.equal(manual.requestLog()[0].debounceMs, 0, 'a manual request does not wait');
      assert.equal(generates(sim).length, 1);
    });

    it('learns a fast typist\'s rhythm and waits just longer than their gap', async () => {
      const clock = new FakeClock();
      const e = engine({ debounceMs: 150, adaptiveDebounce: true }, clock);
      sim.script({ response: ['x)\n'] });
      const line = 'value = compute(';
      const outcomes: Promise<CompletionOutcome>[] = [];
      for (let i = 1; i <= 10; i++) {
        outcomes.push(e.complete(requestAt(`${line.slice(0, i)}|\n`), signal()));
        if (i < 10) clock.advance(50);
      }
      clock.advance(400);
      await Promise.all(outcomes);
      assert.equal(generates(sim).length, 1);
      const last = e.requestLog()[0];
      assert.equal(last.outcome, 'shown');
      assert.ok(last.debounceMs > 50 && last.debounceMs < 150, `debounce ${last.debounceMs} ms`);
    });

    it('counts the debounce from the keystroke the editor reported, not from the request that came after its own delay', async () => {
      const clock = new FakeClock();
      const e = engine({ debounceMs: 150 }, clock);
      sim.script({ response: ['a + b\n'] });
      const typed = requestAt(FUNC);
      e.documentChanged(typed.uri, typed.document);
      clock.advance(60);
      const pending = e.complete(typed, signal());
      clock.advance(90);
      shownText(await drive(clock, pending));
      assert.equal(e.requestLog()[0].debounceMs, 90);
    });

    it('aborts at once a generation that has not yet produced what was typed, then asks again', async () => {
      sim.script({ response: ['a', ' +', ' b', '\n'], ttftMs: 300, times: 1 });
      const e = engine({ debounceMs: 0 });
      const first = e.complete(requestAt(FUNC), signal());
      await sim.waitFor((r) => r.path === '/api/generate');
      sim.script({ response: [' * 2\n'] });
      // Nothing to compare "a" with yet: the model may say anything, so the generation is stale.
      const next = e.complete(requestAt(FUNC.replace('return |', 'return a|')), signal());
      const [older] = generates(sim);
      await until(() => older.aborted, 5000, 'the unverified generation to be aborted');
      assert.equal(older.chunksSent, 0, 'aborted before its first token, not after waiting for it');
      assert.deepEqual(await first, { kind: 'skipped', reason: 'superseded' });
      assert.equal(shownText(await next), ' * 2');
      assert.equal(generates(sim).length, 2);
    });
  });

  describe('request log and status', () => {
    it('logs timing, tokens, the prompt tail, raw and final text, newest first', async () => {
      sim.script({ response: ['a', ' + b', '\n'] });
      const e = engine({ debounceMs: 20 });
      shownText(await e.complete(requestAt(FUNC), signal()));
      await e.complete(requestAt(FUNC.replace('return |', 'return a|')), signal());
      const [latest, first] = e.requestLog();
      assert.equal(latest.outcome, 'cached');
      assert.equal(latest.reason, 'type-ahead');
      assert.equal(first.outcome, 'shown');
      assert.equal(first.model, 'qwen2.5-coder:1.5b-base');
      assert.equal(first.uri, 'file:///work/app.py');
      assert.equal(first.time, 1_700_000_000_000);
      assert.equal(first.debounceMs, 20);
      assert.ok(first.ttftMs !== undefined && first.totalMs !== undefined && first.totalMs >= first.ttftMs);
      assert.ok((first.tokens ?? 0) >= 2);
      assert.ok(first.promptPreview.endsWith('    return '));
      assert.ok(first.raw.startsWith('a + b'));
      assert.equal(first.final, 'a + b');
    });

    it('fires status changes only when the status changes', async () => {
      sim.script({ response: ['a + b\n'] });
      const e = engine();
      const statuses: EngineStatus[] = [];
      e.onDidChangeStatus((s) => statuses.push(s));
      e.setForegroundStreams(0);
      e.updateSettings(settings());
      assert.equal(statuses.length, 0);
      shownText(await e.complete(requestAt(FUNC), signal()));
      assert.deepEqual(statuses.map((s) => s.kind), ['generating', 'idle']);
    });
  });
});
