import { PAGES, useApp } from '../app/store';

export function TopBar() {
  const page = useApp((s) => s.page);
  const navigate = useApp((s) => s.navigate);
  return (
    <header className="topbar">
      <a
        className="brand"
        href="/query"
        onClick={(e) => {
          e.preventDefault();
          navigate('query');
        }}
      >
        <img src="/favicon.svg" alt="" width={20} height={20} />
        Hearth
      </a>
      <nav>
        {PAGES.map((p) => (
          <a
            key={p.page}
            href={p.path}
            className={p.page === page ? 'active' : undefined}
            aria-current={p.page === page ? 'page' : undefined}
            onClick={(e) => {
              e.preventDefault();
              navigate(p.page);
            }}
          >
            {p.title}
          </a>
        ))}
      </nav>
    </header>
  );
}
