import { describe, expect, it } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  isAllowedNavigation,
  isExternalLink,
  secureWebPreferences,
  withCsp,
} from '../../../electron/shell/windowSecurity.js';

describe('window security', () => {
  it('isolates and sandboxes the renderer without Node', () => {
    const p = secureWebPreferences('/x/preload.js');
    expect(p).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      preload: '/x/preload.js',
    });
  });

  it('allows navigation only within the core origin', () => {
    const core = 'http://127.0.0.1:9190';
    expect(isAllowedNavigation(core, 'http://127.0.0.1:9190/targets')).toBe(true);
    expect(isAllowedNavigation(core, 'http://127.0.0.1:9191/')).toBe(false);
    expect(isAllowedNavigation(core, 'http://localhost:9190/')).toBe(false);
    expect(isAllowedNavigation(core, 'javascript:alert(1)')).toBe(false);
    expect(isAllowedNavigation(core, 'not a url')).toBe(false);
  });

  it('hands only http(s) links to the OS browser', () => {
    expect(isExternalLink('https://prometheus.io/docs')).toBe(true);
    expect(isExternalLink('file:///etc/passwd')).toBe(false);
    expect(isExternalLink('javascript:void 0')).toBe(false);
  });

  it('adds a strict CSP where the server set none, and keeps the server one', () => {
    expect(withCsp({ 'content-type': ['text/html'] })['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(withCsp({ 'content-security-policy': ["default-src 'none'"] })['content-security-policy']).toEqual(["default-src 'none'"]);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
  });
});
