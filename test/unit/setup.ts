// Every unit test gets a fresh in-memory IndexedDB and a fake extension API.
import 'fake-indexeddb/auto';
import { vi } from 'vitest';
import { fakeBrowser } from './fake-browser';

vi.mock('../../src/shared/browser', () => ({ default: fakeBrowser }));
