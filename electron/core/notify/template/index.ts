/** Alertmanager's notification templates in Hearth: the data, the functions, the defaults, rendering. */

export { NotifyTemplate, type TemplateFile, type NotifyTemplateOptions } from './notifyTemplate.js';
export { notificationData, goTemplateData, sortedPairs, quoteMeta, GO_ZERO_TIME_MS, type NotificationData, type AlertData, type Pair } from './data.js';
export { alertmanagerFuncs } from './funcs.js';
export { DEFAULT_TEMPLATES, DEFAULT_TEMPLATE_NAMES } from './defaults.js';
