import { TopBar } from '../components/TopBar';
import { ComingPage } from '../pages/ComingPage';
import { QueryPage } from '../query/QueryPage';
import { useApp } from './store';

export function App() {
  const page = useApp((s) => s.page);
  return (
    <div className="app">
      <TopBar />
      {page === 'query' && <QueryPage />}
      {page === 'alerts' && (
        <ComingPage title="Alerts" what="Alerting rules and their state will show here once rule files are supported. Meanwhile, query ALERTS-style conditions on the Query page." />
      )}
      {page === 'targets' && (
        <ComingPage title="Targets" what="The scrape targets page is on its way. Meanwhile, the query up shows every target and whether its last scrape worked." />
      )}
      {page === 'rules' && <ComingPage title="Rules" what="Recording and alerting rule groups will show here once rule files are supported." />}
      {page === 'status' && <ComingPage title="Status" what="Build, runtime, configuration and storage status will show here. Meanwhile see /api/v1/status/buildinfo." />}
    </div>
  );
}
