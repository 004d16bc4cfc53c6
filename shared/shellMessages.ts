/**
 * The messages between the core process and the desktop shell that started it (Electron's
 * utilityProcess port, or Node's child-process IPC in development). Both ends use these types:
 * the core sends with cli/shellChannel.ts, the shell receives in shell/coreSupervisor.ts, and
 * the other way round for stopping. A new message is a new member of one union plus its
 * entry in the matching check table below, which the compiler then demands.
 *
 * Messages cross a process boundary, so each receiver checks what it gets with
 * parseCoreMessage / parseShellMessage and ignores anything else.
 */

/** The core is serving at `url` (its first start and every restart); the shell opens its window there. */
export interface CoreReadyMessage {
  readonly type: 'hearth:ready';
  readonly url: string;
}

/** Every message the core sends to the shell. */
export type CoreToShellMessage = CoreReadyMessage;

/** The app is quitting (or the shell went away): the core finishes its work and exits. */
export interface StopMessage {
  readonly type: 'hearth:stop';
}

/** Every message the shell sends to the core. */
export type ShellToCoreMessage = StopMessage;

type Checks<M extends { type: string }> = { readonly [T in M['type']]: (msg: Record<string, unknown>) => boolean };

const CORE_TO_SHELL: Checks<CoreToShellMessage> = {
  'hearth:ready': (m) => typeof m['url'] === 'string',
};

const SHELL_TO_CORE: Checks<ShellToCoreMessage> = {
  'hearth:stop': () => true,
};

function parse<M extends { type: string }>(checks: Checks<M>, msg: unknown): M | null {
  if (typeof msg !== 'object' || msg === null) return null;
  const rec = msg as Record<string, unknown>;
  const type = rec['type'];
  if (typeof type !== 'string' || !Object.hasOwn(checks, type)) return null;
  return checks[type as M['type']](rec) ? (msg as M) : null;
}

/** A message from the core, or null when `msg` is not one this version knows. */
export function parseCoreMessage(msg: unknown): CoreToShellMessage | null {
  return parse(CORE_TO_SHELL, msg);
}

/** A message from the shell, or null when `msg` is not one this version knows. */
export function parseShellMessage(msg: unknown): ShellToCoreMessage | null {
  return parse(SHELL_TO_CORE, msg);
}
