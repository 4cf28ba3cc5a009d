/**
 * The chat view. It renders what the extension sends and sends back what the
 * user does; it holds no conversation of its own (the extension does), only the
 * draft and what is open, in getState/setState, so hide and show lose nothing.
 */
import type { ChatViewState, FromView, ToView, ViewConversation, ViewTurn } from '../protocol/chat';
import { createMarkdown } from './render/markdown';
import { createSanitizer } from './render/sanitize';
import { AutoScroll } from './view/auto-scroll';
import { Composer } from './view/composer';
import { h, icon, iconButton } from './view/dom';
import { HistoryPanel } from './view/history-panel';
import { TurnView, type RenderContext } from './view/turn-view';
import { ChatProbe } from './view/probe';

interface Persisted {
  readonly draft: string;
  readonly historyOpen: boolean;
}

/** Everything the page holds lives in this closure: the page is the view's composition root. */
function startChatView(): void {
  const api = acquireVsCodeApi<Persisted>();
  const saved: Persisted = api.getState() ?? { draft: '', historyOpen: false };
  let persisted = saved;
  const persist = (patch: Partial<Persisted>): void => {
    persisted = { ...persisted, ...patch };
    api.setState(persisted);
  };
  const post = (m: FromView): void => api.postMessage(m);

  const ctx: RenderContext = { md: createMarkdown(), sanitize: createSanitizer(window), post };
  const probe = new ChatProbe();

  let state: ChatViewState | undefined;
  let turns: TurnView[] = [];
  let turnData: ViewTurn[] = [];
  let streaming = false;

  // ---- layout
  const modelSelect = h('select', { class: 'model-select', 'aria-label': 'Model', title: 'Chat model' });
  const thinkToggle = h('input', { type: 'checkbox', id: 'think-toggle' });
  const thinkLabel = h('label', { class: 'think-toggle', for: 'think-toggle', title: 'Let the model reason before it answers (Ollama think)' }, thinkToggle, ' Think');
  const presetSelect = h('select', { class: 'preset-select', 'aria-label': 'System prompt', title: 'System prompt preset' });
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Chat' },
    modelSelect,
    thinkLabel,
    presetSelect,
    h('span', { class: 'spacer' }),
    iconButton('history', 'Conversations', { 'data-toolbar': 'history' }),
    iconButton('add', 'New chat', { 'data-toolbar': 'new' }),
  );
  const banner = h('div', { class: 'banner', hidden: true, role: 'alert' });
  const noticeBar = h('div', { class: 'notice-bar', hidden: true, role: 'status' });
  const messages = h('main', { class: 'messages', tabindex: '0', 'aria-label': 'Conversation' });
  const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'aria-atomic': 'true' });
  const history = new HistoryPanel(post);
  const composer = new Composer(
    {
      post,
      lastUserText: () => [...turnData].reverse().find((t) => t.role === 'user')?.content,
      streaming: () => streaming,
      saveDraft: (draft) => persist({ draft }),
    },
    saved.draft,
  );
  const scroll = new AutoScroll(messages);
  document.body.append(toolbar, banner, history.el, messages, noticeBar, composer.el, live);
  history.toggle(saved.historyOpen);

  toolbar.addEventListener('click', (e) => {
    const which = (e.target as Element).closest<HTMLElement>('[data-toolbar]')?.dataset['toolbar'];
    if (which === 'new') post({ type: 'newChat' });
    if (which === 'history') {
      history.toggle();
      persist({ historyOpen: history.open });
      if (history.open) post({ type: 'showHistory' });
    }
  });
  modelSelect.addEventListener('change', () => post({ type: 'pickModel', model: modelSelect.value }));
  presetSelect.addEventListener('change', () => post({ type: 'setPreset', preset: presetSelect.value }));
  thinkToggle.addEventListener('change', () => post({ type: 'setThink', on: thinkToggle.checked }));
  banner.addEventListener('click', onErrorAction);

  // Everything clickable inside messages goes through here: model text never gets its own handlers.
  messages.addEventListener('click', (e) => {
    const target = e.target as Element;
    const link = target.closest('a');
    if (link) {
      e.preventDefault();
      const href = link.getAttribute('data-href');
      if (href) post({ type: 'openLink', href });
      return;
    }
    const codeButton = target.closest<HTMLElement>('[data-code-action]');
    if (codeButton) {
      const block = codeButton.closest<HTMLElement>('.code-block');
      const code = block?.querySelector('code')?.textContent ?? '';
      const action = codeButton.dataset['codeAction'];
      if (action === 'copy' || action === 'insert' || action === 'apply' || action === 'save') {
        post({ type: 'code', action, code, language: block?.dataset['lang'] ?? '' });
        if (action === 'copy') flash(codeButton);
      }
      return;
    }
    const turnButton = target.closest<HTMLElement>('[data-turn-action]');
    if (turnButton) {
      const id = turnButton.closest<HTMLElement>('[data-turn-id]')?.dataset['turnId'];
      if (turnButton.dataset['turnAction'] === 'copy' && id) {
        post({ type: 'copyMessage', turnId: id });
        flash(turnButton);
      }
      if (turnButton.dataset['turnAction'] === 'regenerate') post({ type: 'regenerate' });
      return;
    }
    onErrorAction(e);
  });
  // Middle-click and drag must not open a link either.
  messages.addEventListener('auxclick', (e) => {
    if ((e.target as Element).closest('a')) e.preventDefault();
  });
  messages.addEventListener('dragstart', (e) => {
    if ((e.target as Element).closest?.('a')) e.preventDefault();
  });

  function onErrorAction(e: Event): void {
    const action = (e.target as Element).closest<HTMLElement>('[data-error-action]')?.dataset['errorAction'];
    const known = ['start', 'pull', 'retry', 'logs', 'choose-model', 'settings'] as const;
    const match = known.find((k) => k === action);
    if (match) post({ type: 'errorAction', action: match });
  }

  function flash(button: HTMLElement): void {
    button.classList.add('done');
    setTimeout(() => button.classList.remove('done'), 1200);
  }

  // ---- rendering
  function renderState(s: ChatViewState): void {
    state = s;
    modelSelect.replaceChildren(
      ...(s.models.some((m) => m.name === s.model) || !s.model ? [] : [h('option', { value: s.model }, `${s.model} (not available)`)]),
      ...s.models.map((m) => h('option', { value: m.name, selected: m.name === s.model }, [m.name, ...m.badges].join(' · '))),
    );
    if (!s.model) modelSelect.prepend(h('option', { value: '', selected: true, disabled: true }, 'Choose a model'));
    modelSelect.value = s.model;
    const current = s.models.find((m) => m.name === s.model);
    thinkLabel.hidden = !current?.canThink;
    thinkToggle.checked = s.think;
    presetSelect.replaceChildren(...s.presets.map((p) => h('option', { value: p.id, selected: p.id === s.preset }, p.label)));
    presetSelect.value = s.preset;
    const preset = s.presets.find((p) => p.id === s.preset);
    presetSelect.title = current?.noSystemSlot && preset && preset.id !== 'none'
      ? `${current.name}'s template has no place for a system prompt: this preset is ignored for it`
      : 'System prompt preset';
    presetSelect.classList.toggle('warning', Boolean(current?.noSystemSlot && preset && preset.id !== 'none'));
    if (s.modelsError) {
      banner.hidden = false;
      banner.replaceChildren(
        icon('warning'),
        h('span', {}, ` ${s.modelsError.message} `),
        ...s.modelsError.actions.map((a) => h('button', { type: 'button', class: 'link-button', 'data-error-action': a }, a === 'start' ? 'Start Ollama' : a === 'pull' ? 'Pull a model' : a === 'retry' ? 'Retry' : a === 'logs' ? 'Open logs' : a === 'settings' ? 'Open settings' : 'Choose model')),
      );
    } else {
      banner.hidden = true;
    }
    composer.setChips(s.chips);
    composer.setBudget(s.budget);
    // A state push after a chip or setting change must not rebuild every turn (open Thinking blocks, scroll).
    if (!sameTurns(s.conversation)) renderConversation(s.conversation);
  }

  let shownConversation = '';
  function sameTurns(c: ViewConversation): boolean {
    return c.id === shownConversation && c.turns.length === turnData.length && c.turns.every((t, i) => t.id === turnData[i]?.id && t.status === turnData[i]?.status);
  }

  function renderConversation(c: ViewConversation): void {
    shownConversation = c.id;
    turnData = [...c.turns];
    turns = c.turns.map((t) => new TurnView(t, ctx));
    streaming = c.turns.some((t) => t.status === 'streaming');
    composer.setStreaming(streaming);
    if (turns.length === 0) {
      const model = state?.model ? h('strong', {}, state.model) : 'a model';
      messages.replaceChildren(
        h('div', { class: 'empty' }, h('p', {}, 'Ask ', model, ' anything.'), h('p', { class: 'hint' }, 'Enter sends · Shift+Enter new line · ↑ edits your last message · Esc stops · @ adds a file')),
      );
    } else {
      messages.replaceChildren(...turns.map((t) => t.el));
    }
    markLast();
    scroll.reset();
  }

  /** Only the last answer offers Regenerate. */
  function markLast(): void {
    const lastAssistant = [...turns].reverse().find((t) => t.el.classList.contains('assistant'));
    for (const t of turns) t.el.classList.toggle('last', t === lastAssistant);
  }

  // One frame renders every delta that arrived since the last: the cost is per frame, not per token.
  let frame = 0;
  const dirty = new Set<TurnView>();
  function schedule(view: TurnView): void {
    dirty.add(view);
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      const started = performance.now();
      const arrivals: number[] = [];
      for (const v of dirty) {
        v.flush();
        arrivals.push(...v.arrivals.splice(0));
      }
      dirty.clear();
      scroll.update();
      probe.frame(started, performance.now(), arrivals);
    });
  }

  function findTurn(id: string): TurnView | undefined {
    return turns.find((t) => t.id === id);
  }

  function onMessage(m: ToView): void {
    switch (m.type) {
      case 'state':
        renderState(m.state);
        break;
      case 'conversation':
        renderConversation(m.conversation);
        break;
      case 'turnStart': {
        if (turns.length === 0) messages.replaceChildren();
        if (!findTurn(m.user.id)) {
          const user = new TurnView(m.user, ctx);
          turns.push(user);
          turnData.push(m.user);
          messages.append(user.el);
        }
        const assistant = new TurnView(m.assistant, ctx);
        turns.push(assistant);
        turnData.push(m.assistant);
        messages.append(assistant.el);
        streaming = true;
        composer.setStreaming(true);
        markLast();
        scroll.reset();
        live.textContent = '';
        break;
      }
      case 'delta': {
        const view = findTurn(m.turnId);
        if (!view) break;
        view.queue(m.reasoning, m.answer, m.retract, performance.now());
        probe.arrived(m.answer.length + m.reasoning.length);
        schedule(view);
        break;
      }
      case 'phase':
        findTurn(m.turnId)?.setPhase(m.phase);
        break;
      case 'turnEnd': {
        const view = findTurn(m.turn.id);
        view?.finish(m.turn);
        const i = turnData.findIndex((t) => t.id === m.turn.id);
        if (i >= 0) turnData[i] = m.turn;
        streaming = false;
        composer.setStreaming(false);
        scroll.update();
        // Announced once, when the answer ends: a screen reader must not read every token.
        live.textContent =
          m.turn.status === 'error'
            ? `Answer failed: ${m.turn.error?.message ?? ''}`
            : `${m.turn.status === 'stopped' ? 'Answer stopped' : 'Answer finished'}: ${m.turn.content.slice(0, 300)}`;
        probe.ended();
        break;
      }
      case 'history':
        history.render(m.entries, m.currentId);
        break;
      case 'notice':
        noticeBar.hidden = false;
        noticeBar.className = `notice-bar ${m.level}`;
        noticeBar.replaceChildren(icon(m.level === 'warning' ? 'warning' : 'info'), ` ${m.text}`);
        setTimeout(() => (noticeBar.hidden = true), 6000);
        break;
      case 'focusInput':
        composer.focus(m.text);
        break;
      default: {
        const unknown: never = m;
        void unknown;
      }
    }
  }

  window.addEventListener('message', (e: MessageEvent<ToView>) => {
    // Only the extension host posts to a webview; anything else (a frame in the content) is ignored.
    if (e.origin && !e.origin.startsWith('vscode-webview:') && e.origin !== window.origin) return;
    if (typeof e.data !== 'object' || e.data === null) return;
    const started = performance.now();
    onMessage(e.data);
    probe.handled(performance.now() - started);
  });
  post({ type: 'ready' });
}

startChatView();
