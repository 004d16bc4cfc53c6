/**
 * Messages between the core and the desktop shell that started it. The core may run as a
 * Node child process (IPC through process.send) or as an Electron utility process (through
 * process.parentPort); this hides which, so the core never imports electron. The messages
 * are typed in shared/shellMessages.ts, which the shell uses too.
 */

import { parseShellMessage, type CoreToShellMessage, type ShellToCoreMessage } from '../../../shared/shellMessages.js';

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

export function notifyShell(msg: CoreToShellMessage): void {
  const port = parentPort();
  if (port) port.postMessage(msg);
  else process.send?.(msg);
}

/** Calls fn with each message from the shell; messages this version does not know are dropped. */
export function onShellMessage(fn: (msg: ShellToCoreMessage) => void): void {
  const deliver = (raw: unknown): void => {
    const msg = parseShellMessage(raw);
    if (msg !== null) fn(msg);
  };
  const port = parentPort();
  if (port) port.on('message', (e) => deliver(e.data));
  else if (typeof process.send === 'function') {
    process.on('message', deliver);
    // Listening keeps the IPC channel referenced, which would keep this process alive after
    // serve has stopped (the shell then waits out its kill timeout): the server is what keeps
    // the core running, not the channel.
    process.channel?.unref();
    // The shell went away without saying goodbye: stop too.
    process.on('disconnect', () => fn({ type: 'hearth:stop' }));
  }
}
