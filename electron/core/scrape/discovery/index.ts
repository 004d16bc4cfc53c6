/** Target discovery: static_configs, file_sd_configs, http_sd_configs. */

export type { TargetGroup, TargetGroupsByJob } from './targetGroup.js';
export type { Provider } from './provider.js';
export { DiscoveryManager, type DiscoveryJob, type DiscoveryListener, type DiscoveryManagerOptions } from './manager.js';
export { StaticProvider, groupFromStatic, ADDRESS_LABEL } from './static.js';
export { FileProvider, FILEPATH_LABEL } from './file.js';
export { HTTPProvider, URL_LABEL } from './http.js';
export { parseTargetGroupFile } from './fileFormat.js';
export { httpGet, authHeaders, type HTTPResponse, type GetOptions } from './httpGet.js';
