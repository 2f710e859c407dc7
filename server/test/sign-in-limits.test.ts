/**
 * Issue 15, finding 3: password checks off the event loop, failed sign-ins limited per
 * email and per client address, unknown emails costing what wrong passwords cost.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { after, before, describe, it } from 'node:test';
import { call, devPassword, startBackend, users, type TestBackend } from './helpers.ts';

const wrongLogin = (url: string, email: string, password = 'wrong-password') =>
  call(url, 'POST', '/api/v1/auth/login', { body: { provider: 'Dev', email, password } });

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

describe('sign-in under attack', () => {
  let backend: TestBackend;
  before(async () => {
    // Limits out of the way: this measures the hashing itself.
    backend = await startBackend({
      config: {
        signInLimits: { failuresPerEmail: 1000, failuresPerAddress: 1000, windowSeconds: 60 },
      },
    });
  });
  after(() => backend.close());

  it('100 concurrent failed logins do not hold /health up behind the hashing', async () => {
    const healthTimes: number[] = [];
    let healthFailures = 0;
    let burstOver = false;
    const healthLoop = (async () => {
      while (!burstOver) {
        const started = performance.now();
        const response = await fetch(`${backend.url}/health`).catch(() => null);
        if (response?.status !== 200) healthFailures++;
        await response?.text();
        healthTimes.push(performance.now() - started);
      }
    })();
    const burstStarted = performance.now();
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        wrongLogin(backend.url, i % 2 ? users.an : `nobody${i}@example.com`),
      ),
    );
    const burstMs = performance.now() - burstStarted;
    burstOver = true;
    await healthLoop;
    const worst = Math.max(...healthTimes);
    console.log(
      `100 failed logins took ${burstMs.toFixed(0)} ms; /health answered ${healthTimes.length} times, worst ${worst.toFixed(1)} ms, median ${median(healthTimes).toFixed(1)} ms`,
    );
    assert.ok(answers.every((answer) => answer.status === 401));
    assert.equal(healthFailures, 0);
    assert.ok(healthTimes.length >= 2, 'health was answered during the burst, not once after it');
    // Synchronous hashing makes a /health sent during the burst wait for all of it.
    assert.ok(
      worst < burstMs / 2,
      `worst /health ${worst.toFixed(0)} ms of a ${burstMs.toFixed(0)} ms burst`,
    );
  });

  it('an unknown email costs what a wrong password costs (figures printed, not asserted)', async () => {
    const time = async (email: string): Promise<number> => {
      const started = performance.now();
      assert.equal((await wrongLogin(backend.url, email)).status, 401);
      return performance.now() - started;
    };
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 15; i++) {
      known.push(await time(users.chi));
      unknown.push(await time(`nobody-${i}@photoflow.test`));
    }
    console.log(
      `median wrong password ${median(known).toFixed(1)} ms, unknown email ${median(unknown).toFixed(1)} ms`,
    );
  });
});

describe('failed sign-in limits', () => {
  let backend: TestBackend;
  before(async () => {
    backend = await startBackend({
      config: { signInLimits: { failuresPerEmail: 3, failuresPerAddress: 8, windowSeconds: 600 } },
    });
  });
  after(() => backend.close());

  it('answers 429 with Retry-After once an email has failed too often, right password included', async () => {
    for (let i = 0; i < 3; i++)
      assert.equal((await wrongLogin(backend.url, users.chi)).status, 401);
    const limited = await wrongLogin(backend.url, users.chi);
    assert.equal(limited.status, 429);
    assert.equal(limited.body.code, 'TOO_MANY_ATTEMPTS');
    const retryAfter = Number(limited.headers.get('retry-after'));
    assert.ok(
      Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 600,
      `Retry-After ${retryAfter}`,
    );
    assert.equal((await wrongLogin(backend.url, users.chi, devPassword)).status, 429);
    // Case and spaces do not make another email.
    assert.equal((await wrongLogin(backend.url, ' CHI@photoflow.test ')).status, 429);
    // Another account is not locked by it.
    assert.equal((await wrongLogin(backend.url, users.an, devPassword)).status, 200);
  });

  it('answers 429 once one address has failed too often, whatever the emails', async () => {
    await call(backend.url, 'POST', '/api/dev/reset');
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++)
      statuses.push((await wrongLogin(backend.url, `spray-${i}@example.com`)).status);
    assert.deepEqual(statuses, [401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
    assert.equal((await wrongLogin(backend.url, users.binh, devPassword)).status, 429);
  });

  it('the emulated Google sign-in page counts and refuses the same way', async () => {
    await call(backend.url, 'POST', '/api/dev/reset');
    const post = (password: string) =>
      fetch(`${backend.url}/dev/oauth/authorize`, {
        method: 'POST',
        body: new URLSearchParams({
          redirect_uri: 'http://localhost:4200/callback',
          state: 's',
          email: users.an,
          password,
        }),
        redirect: 'manual',
      });
    for (let i = 0; i < 3; i++) assert.equal((await post('wrong')).status, 401);
    const limited = await post(devPassword);
    assert.equal(limited.status, 429);
    assert.ok(Number(limited.headers.get('retry-after')) > 0);
    assert.equal(limited.headers.get('location'), null);
  });
});
