export { DEFAULT_WEB_ROOT, isServerPath, webApp } from './spa.plugin.js';
export { escapeHtml, sharePage, shareTags } from './share.page.js';
