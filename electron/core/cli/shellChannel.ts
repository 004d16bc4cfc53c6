/**
 * Messages between the core and the desktop shell that started it. The core may run as a
 * Node child process (IPC through process.send) or as an Electron utility process (through
 * process.parentPort); this hides which, so the core never imports electron.
 */

interface ParentPort {
  postMessage(msg: unknown): void;
  on(event: 'message', fn: (e: { data: unknown }) => void): void;
}

function parentPort(): ParentPort | undefined {
  return (process as unknown as { parentPort?: ParentPort }).parentPort;
}

/** True when a desktop shell started this process. */
export function hasShell(): boolean {
  return parentPort() !== undefined || typeof process.send === 'function';
}

export function notifyShell(msg: unknown): void {
  const port = parentPort();
  if (port) port.postMessage(msg);
  else process.send?.(msg);
}

export function onShellMessage(fn: (msg: unknown) => void): void {
  const port = parentPort();
  if (port) port.on('message', (e) => fn(e.data));
  else if (typeof process.send === 'function') {
    process.on('message', fn);
    // The shell went away without saying goodbye: stop too.
    process.on('disconnect', () => fn({ type: 'hearth:stop' }));
  }
}
