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

/**
 * Tells how to install Ollama on this OS. The install script runs only when the
 * user clicks for it, in a visible terminal where they see what it does (it asks
 * for sudo).
 */
export async function offerInstall(reason: string): Promise<void> {
  const download = 'Download Ollama';
  const script = 'Run install script';
  const choices = process.platform === 'linux' ? [download, script] : [download];
  const pick = await vscode.window.showInformationMessage(
    `${reason} Unbound runs models through Ollama; install it, then Unbound finds it by itself.`,
    ...choices,
  );
  if (pick === download) {
    await vscode.env.openExternal(vscode.Uri.parse(downloadUrl(process.platform)));
  } else if (pick === script) {
    // Not kept or disposed by Unbound: the terminal belongs to the user, and closing it mid-install would break it.
    const terminal = vscode.window.createTerminal({ name: 'Install Ollama' });
    terminal.show();
    terminal.sendText(installScript);
  }
}
