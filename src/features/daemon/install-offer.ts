import * as vscode from 'vscode';

const installScript = 'curl -fsSL https://ollama.com/install.sh | sh';

function downloadUrl(platform: NodeJS.Platform): string {
  switch (platform) {
    case 'darwin':
      return 'https://ollama.com/download/mac';
    case 'win32':
      return 'https://ollama.com/download/windows';
    case 'linux':
      return 'https://ollama.com/download/linux';
    default:
      return 'https://ollama.com/download';
  }
}

interface Way extends vscode.QuickPickItem {
  readonly run: () => Thenable<unknown> | void;
}

/**
 * How to install Ollama on this OS: the download page, or on Linux also the
 * official script. The script runs only when the user picks it, in a visible
 * terminal where they see what it does (it asks for sudo).
 */
export async function installOllama(): Promise<void> {
  const download: Way = {
    label: '$(link-external) Open the download page',
    detail: downloadUrl(process.platform),
    run: () => vscode.env.openExternal(vscode.Uri.parse(downloadUrl(process.platform))),
  };
  if (process.platform !== 'linux') {
    await download.run();
    return;
  }
  const script: Way = {
    label: '$(terminal) Run the official install script',
    detail: `${installScript} (in a terminal you can watch; it asks for sudo)`,
    run: () => {
      // Not kept or disposed by Unbound: the terminal belongs to the user, and closing it mid-install would break it.
      const terminal = vscode.window.createTerminal({ name: 'Install Ollama' });
      terminal.show();
      terminal.sendText(installScript);
    },
  };
  const pick = await vscode.window.showQuickPick([script, download], { title: 'Install Ollama', placeHolder: 'How to install Ollama' });
  await pick?.run();
}

/** The notice for a missing Ollama: the one way forward (Install) and the log. */
export async function offerInstall(reason: string): Promise<void> {
  const install = 'Install Ollama';
  const logs = 'Open Logs';
  const pick = await vscode.window.showInformationMessage(
    `${reason} Unbound runs models through Ollama; install it, then Unbound finds it by itself.`,
    install,
    logs,
  );
  if (pick === install) await installOllama();
  else if (pick === logs) await vscode.commands.executeCommand('unbound.showLogs');
}
