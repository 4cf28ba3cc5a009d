/**
 * Entry of dist/server.js. The transport comes from the command line, so the
 * same file runs under the VS Code client (`--node-ipc`) and standalone for
 * other editors and the tests (`node dist/server.js --stdio`).
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { version } from '../../package.json';
import { completionFeature } from './features/completion/completion-feature';
import { modelfileFeature } from './features/modelfile/modelfile-feature';
import { guardProcess } from './process-guard';
import { startServer } from './server-host';

const connection = createConnection(ProposedFeatures.all);

guardProcess(process, (message) => connection.console.error(message));

startServer(connection, { ollamaHostEnv: process.env.OLLAMA_HOST, version }, [completionFeature, modelfileFeature]);
connection.listen();
