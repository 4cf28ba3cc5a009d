/**
 * Entry of dist/server.js. The transport comes from the command line, so the
 * same file runs under the VS Code client (`--node-ipc`) and standalone for
 * other editors and the tests (`node dist/server.js --stdio`).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { completionFeature } from './features/completion/completion-feature';
import { modelfileFeature } from './features/modelfile/modelfile-feature';
import { startServer } from './server-host';

const connection = createConnection(ProposedFeatures.all);

// An exception that escapes a handler is logged, not fatal: one bad completion must not take the server down.
process.on('uncaughtException', (error) => connection.console.error(`[server] uncaught: ${error.stack ?? error.message}`));
process.on('unhandledRejection', (reason) =>
  connection.console.error(`[server] unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`),
);

startServer(connection, { ollamaHostEnv: process.env.OLLAMA_HOST, version: '0.1.0' }, [completionFeature, modelfileFeature]);
connection.listen();
