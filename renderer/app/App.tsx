import { useCallback, useEffect, useState } from 'react';
import { AlertsPage } from '../alerts/AlertsPage';
import { useFiringBadge } from '../alerts/useFiringBadge';
import { Dialog } from '../components/Dialog';
import { TopBar } from '../components/TopBar';
import { MetricsPage } from '../metrics/MetricsExplorer';
import { QueryPage } from '../query/QueryPage';
import { RulesPage } from '../rules/RulesPage';
import { StatusPage } from '../status/StatusPage';
import { TargetsPage } from '../targets/TargetsPage';
import { useRouter } from './router';
import { SHORTCUTS, useGlobalShortcuts } from './shortcuts';

export function App() {
  const route = useRouter((s) => s.route);
  const [help, setHelp] = useState(false);
  const showHelp = useCallback(() => setHelp(true), []);
  useGlobalShortcuts(showHelp);
  useFiringBadge();
  // The console benchmark reads this: the app's first commit to the DOM.
  useEffect(() => void performance.mark('hearth:app:mounted'), []);
  return (
    <div className="app">
      <TopBar onShowShortcuts={showHelp} />
      {route.page === 'query' && <QueryPage />}
      {route.page === 'alerts' && <AlertsPage />}
      {route.page === 'targets' && <TargetsPage />}
      {route.page === 'rules' && <RulesPage />}
      {route.page === 'explorer' && <MetricsPage />}
      {route.page === 'status' && <StatusPage section={route.section ?? 'runtime'} />}
      <Dialog open={help} title="Keyboard shortcuts" onClose={() => setHelp(false)}>
        <table className="table shortcuts">
          <tbody>
            {SHORTCUTS.map((s) => (
              <tr key={s.keys}>
                <td>
                  <kbd>{s.keys}</kbd>
                </td>
                <td>{s.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </Dialog>
    </div>
  );
}
