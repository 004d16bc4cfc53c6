/**
 * Rendering a receiver's fields (Alertmanager's Template.ExecuteTextString): each field's text
 * is parsed against the default templates and the user's template files (later files override
 * earlier definitions, the field's own {{define}}s override all) and run with missingkey=zero.
 */

import { parseTemplateSet, TemplateError, type Template } from '../../template/index.js';
import { htmlEscape } from '../../template/builtins.js';
import { DEFAULT_TEMPLATES } from './defaults.js';
import { alertmanagerFuncs } from './funcs.js';
import { goTemplateData, type NotificationData } from './data.js';

export interface TemplateFile {
  /** Shown in errors, e.g. the file's path. */
  readonly name: string;
  readonly text: string;
}

export interface NotifyTemplateOptions {
  /** Clock for `since`; Date.now by default. */
  readonly nowMs?: () => number;
  /** Wall time one field may take to render (default 10 s). */
  readonly timeoutMs?: number;
  /** Output cap per field, bytes (default 16 MiB: a group of 10,000 alerts lists about 1.5 MB before a receiver truncates it). */
  readonly maxOutputBytes?: number;
}

const CACHE_LIMIT = 256;
// The field's text is parsed as the set's last member under this name, so its own
// definitions win, as they do when Alertmanager parses it into a clone of the set.
const FIELD = '';

/** Escapes every string a template can reach, as html/template would escape data (telegram's HTML, e-mail HTML). */
export function escapeData(d: NotificationData): NotificationData {
  const esc = (r: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, htmlEscape(v)]));
  return {
    ...d,
    receiver: htmlEscape(d.receiver),
    externalURL: htmlEscape(d.externalURL),
    groupLabels: esc(d.groupLabels),
    commonLabels: esc(d.commonLabels),
    commonAnnotations: esc(d.commonAnnotations),
    alerts: d.alerts.map((a) => ({ ...a, labels: esc(a.labels), annotations: esc(a.annotations), generatorURL: htmlEscape(a.generatorURL) })),
  };
}

export class NotifyTemplate {
  private readonly cache = new Map<string, Template>();
  private readonly files: TemplateFile[];

  constructor(
    userFiles: readonly TemplateFile[] = [],
    private readonly opts: NotifyTemplateOptions = {},
  ) {
    this.files = [{ name: 'default.tmpl', text: DEFAULT_TEMPLATES }, ...userFiles];
    // Parse once now so a bad template file is refused when the config loads, not when an alert fires.
    this.compile('');
  }

  private compile(text: string): Template {
    let t = this.cache.get(text);
    if (t) return t;
    t = parseTemplateSet([...this.files, { name: FIELD, text }], {
      funcs: Object.fromEntries([...alertmanagerFuncs(this.opts.nowMs)]),
      missingKey: 'zero',
      timeoutMs: this.opts.timeoutMs ?? 10_000,
      maxOutputBytes: this.opts.maxOutputBytes ?? 16 << 20,
    });
    if (this.cache.size >= CACHE_LIMIT) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(text, t);
    return t;
  }

  /** Renders one field; '' for ''. Rejects with TemplateError (Go's message) on a bad template. */
  async render(text: string, data: NotificationData, opts: { html?: boolean } = {}): Promise<string> {
    if (text === '') return '';
    const t = this.compile(text);
    return t.executeTemplate(FIELD, goTemplateData(opts.html ? escapeData(data) : data));
  }

  /**
   * Renders several fields of one receiver; the first failure is reported with the field's
   * name, as Alertmanager reports the first template error of a notification.
   */
  async renderAll<K extends string>(fields: Readonly<Record<K, string>>, data: NotificationData, opts: { html?: boolean } = {}): Promise<Record<K, string>> {
    const out = {} as Record<K, string>;
    for (const k of Object.keys(fields) as K[]) {
      try {
        out[k] = await this.render(fields[k], data, opts);
      } catch (e) {
        if (e instanceof TemplateError) throw new TemplateError(`${k}: ${e.message}`);
        throw e;
      }
    }
    return out;
  }
}
