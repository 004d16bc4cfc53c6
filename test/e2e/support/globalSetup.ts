import { startHearth } from './server';

/** One headless server for the whole e2e run; its URL reaches the tests as HEARTH_URL. */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const hearth = await startHearth();
  process.env['HEARTH_URL'] = hearth.url;
  return () => hearth.stop();
}
