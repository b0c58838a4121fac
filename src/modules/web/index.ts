export { DEFAULT_WEB_ROOT, isServerPath, webApp } from './web.plugin.js';
