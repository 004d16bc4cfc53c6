import { useRouter, linkHandler } from '../app/router';
import { NAV } from '../app/routes';
import { useTheme } from '../app/theme';
import { Icon } from './Icon';

export function TopBar({ onShowShortcuts }: { onShowShortcuts(): void }) {
  const page = useRouter((s) => s.route.page);
  const theme = useTheme((s) => s.theme);
  const preference = useTheme((s) => s.preference);
  const toggle = useTheme((s) => s.toggle);
  return (
    <header className="topbar">
      <a className="brand" href="/query" onClick={linkHandler('/query')}>
        <img src="/favicon.svg" alt="" width={20} height={20} />
        Hearth
      </a>
      <nav aria-label="Main">
        {NAV.map((p) => (
          <a key={p.page} href={p.path} className={p.page === page ? 'active' : undefined} aria-current={p.page === page ? 'page' : undefined} onClick={linkHandler(p.path)}>
            {p.title}
          </a>
        ))}
      </nav>
      <span className="spacer" />
      <button type="button" className="btn btn-icon btn-subtle topbar-btn" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={onShowShortcuts}>
        <Icon name="keyboard" />
      </button>
      <button
        type="button"
        className="btn btn-icon btn-subtle topbar-btn"
        aria-label={theme === 'dark' ? 'Switch to light theme' : 'Switch to dark theme'}
        title={`${theme === 'dark' ? 'Light' : 'Dark'} theme (Shift+D)${preference === 'system' ? ' · now following the OS setting' : ''}`}
        data-testid="theme-toggle"
        onClick={toggle}
      >
        <Icon name={theme === 'dark' ? 'sun' : 'moon'} />
      </button>
    </header>
  );
}
