// `npm run bench:chat`: the chat view needs a real workbench, so the measuring is in
// scripts/bench-chat.mjs (code-server + Chromium); this entry lets scripts/bench.mjs find it.
import { spawnSync } from 'node:child_process';

const run = spawnSync(process.execPath, ['scripts/bench-chat.mjs', '--no-build'], { stdio: 'inherit' });
process.exit(run.status ?? 1);
