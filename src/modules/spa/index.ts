export { DEFAULT_WEB_ROOT, isServerPath, webApp } from './spa.plugin.js';
