import nock from 'nock';
import { afterEach } from 'vitest';

// Tests never reach the real network: only the local emulation servers on 127.0.0.1 are allowed.
nock.disableNetConnect();
nock.enableNetConnect('127.0.0.1');

afterEach(() => {
  nock.cleanAll();
});
