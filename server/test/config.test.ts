import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, configFromEnvironment } from '../src/config.ts';

describe('configuration from the environment', () => {
  it('has the documented defaults', () => {
    const config = configFromEnvironment({}, '/default/data', '/repo');
    assert.equal(config.host, '127.0.0.1');
    assert.equal(config.port, 5080);
    assert.equal(config.dataDir, '/default/data');
    assert.equal(config.syncPhotosPerSecond, 150);
    assert.equal(config.accessTokenTtlSeconds, 3600);
    assert.equal(config.devTools, true);
  });

  it('reads every variable; NODE_ENV=production turns the dev tools off', () => {
    const config = configFromEnvironment(
      {
        PORT: '0',
        HOST: '0.0.0.0',
        DATA_DIR: 'tmp/data',
        SYNC_PHOTOS_PER_SECOND: '2.5',
        ACCESS_TOKEN_TTL_SECONDS: '60',
        NODE_ENV: 'production',
      },
      '/default/data',
      '/repo',
    );
    assert.deepEqual(
      { ...config, log: undefined },
      {
        host: '0.0.0.0',
        port: 0,
        dataDir: '/repo/tmp/data',
        syncPhotosPerSecond: 2.5,
        accessTokenTtlSeconds: 60,
        devTools: false,
        log: undefined,
      },
    );
  });

  it('names every invalid variable at once', () => {
    assert.throws(
      () =>
        configFromEnvironment(
          {
            PORT: '70000',
            SYNC_PHOTOS_PER_SECOND: '0',
            ACCESS_TOKEN_TTL_SECONDS: 'soon',
            HOST: 'a b',
          },
          '/d',
        ),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /PORT must be a whole number from 0 to 65535 \(got "70000"\)/);
        assert.match(error.message, /SYNC_PHOTOS_PER_SECOND must be a number above 0/);
        assert.match(error.message, /ACCESS_TOKEN_TTL_SECONDS must be a whole number from 1/);
        assert.match(error.message, /HOST is not a host name/);
        return true;
      },
    );
  });
});
