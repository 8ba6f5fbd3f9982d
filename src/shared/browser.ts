/**
 * The only importer of webextension-polyfill: one seam that unit tests replace with a fake
 * (the polyfill throws outside an extension).
 */
import browser from 'webextension-polyfill';

export type { Runtime, Tabs } from 'webextension-polyfill';
export default browser;
