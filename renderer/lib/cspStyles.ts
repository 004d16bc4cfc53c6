/**
 * CodeMirror under the console's Content-Security-Policy (style-src 'self', no inline styles).
 *
 * CodeMirror keeps its base styles and themes in style-mod StyleModules, and style-mod mounts
 * them into a document through a <style> element, which the CSP refuses: the editor would lose
 * its base styles (tooltips, cursor, layout) and every page would log a CSP violation. Sheets
 * built with the CSSStyleSheet constructor are not subject to style-src, so mounting is
 * redirected into one constructed sheet per document (or shadow root).
 *
 * NOTE: this replaces StyleModule.mount, the one entry point @codemirror/view uses; style-mod is
 * @codemirror/view's dependency, imported here by name. Rules keep CodeMirror's precedence
 * (later modules in a mount call win); the sheet is adopted after the page's own stylesheets,
 * so the editor's look is set with EditorView.theme (query/editor/theme.ts), not plain CSS.
 */

import { StyleModule } from 'style-mod';

interface Mounted {
  sheet: CSSStyleSheet;
  modules: StyleModule[];
}

const mounted = new WeakMap<object, Mounted>();

/** Adds `mods` to `list` keeping their relative order, moving ones that are out of order. Pure. */
export function mergeModules<T>(list: T[], mods: readonly T[]): boolean {
  let changed = false;
  let at = 0;
  for (const m of mods) {
    const i = list.indexOf(m);
    if (i >= at) {
      at = i + 1;
      continue;
    }
    if (i >= 0) {
      list.splice(i, 1);
      at -= 1;
    }
    list.splice(at, 0, m);
    at += 1;
    changed = true;
  }
  return changed;
}

function mount(root: Document | ShadowRoot | DocumentOrShadowRoot, modules: StyleModule | readonly StyleModule[]): void {
  const r = root as Document | ShadowRoot;
  let m = mounted.get(r);
  if (!m) {
    m = { sheet: new CSSStyleSheet(), modules: [] };
    mounted.set(r, m);
  }
  const mods = Array.isArray(modules) ? (modules as readonly StyleModule[]) : [modules as StyleModule];
  if (mergeModules(m.modules, mods)) m.sheet.replaceSync(m.modules.map((x) => x.getRules()).join('\n'));
  if (!r.adoptedStyleSheets.includes(m.sheet)) r.adoptedStyleSheets = [m.sheet, ...r.adoptedStyleSheets];
}

StyleModule.mount = mount;
