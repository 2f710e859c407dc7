import { join } from 'node:path';
import {
  buildHub,
  hubAssembly,
  newSecrets,
  type SharedSecrets,
} from '../../server/tools/aspnetcore-hub';
import { repoRoot, startLeashed, type Leashed } from './processes';

/**
 * E2E_HUB=aspnetcore (`npm run test:e2e:aspnetcore`): every stack of the suite runs the
 * ASP.NET Core hub beside its dev backend, which publishes its events there, and the app
 * talks to that hub on the hub's own origin.
 */
export function onAspNetCoreHub(): boolean {
  return process.env['E2E_HUB'] === 'aspnetcore';
}

export function buildAspNetCoreHub(): void {
  buildHub(repoRoot);
}

/** One stack's hub: a fixed free port, kept across restarts so that the app finds it again. */
export class AspNetCoreHub {
  readonly secrets: SharedSecrets = newSecrets();
  private process?: Leashed;

  constructor(
    readonly port: number,
    private readonly apiPort: number,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The dev backend's environment that makes it sign with the hub's key and publish to it. */
  backendEnvironment(): NodeJS.ProcessEnv {
    return {
      JWT_SIGNING_KEY: this.secrets.signingKey,
      JWT_ISSUER: this.secrets.issuer,
      JWT_AUDIENCE: this.secrets.audience,
      HUB_PUBLISH_URL: this.url,
      HUB_PUBLISH_KEY: this.secrets.publishKey,
    };
  }

  async start(appOrigins: readonly string[]): Promise<void> {
    this.process = startLeashed('dotnet', [hubAssembly(repoRoot), '--urls', this.url], {
      label: `hub:${this.port}`,
      cwd: join(repoRoot, 'aspnetcore-hub'),
      env: {
        DOTNET_NOLOGO: '1',
        JWT_SIGNING_KEY: this.secrets.signingKey,
        JWT_ISSUER: this.secrets.issuer,
        JWT_AUDIENCE: this.secrets.audience,
        // No skew: an expired token fails at once, the hardest case for the app.
        JWT_CLOCK_SKEW_SECONDS: '0',
        PHOTOFLOW_API_URL: `http://127.0.0.1:${this.apiPort}`,
        HUB_PUBLISH_KEY: this.secrets.publishKey,
        CORS_ORIGINS: appOrigins.join(','),
      },
    });
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const exitCode = this.process.child.exitCode;
      if (exitCode !== null)
        throw new Error(`The ASP.NET Core hub exited during start (code ${exitCode}).`);
      const healthy = await fetch(`${this.url}/health`).then(
        (response) => response.ok,
        () => false,
      );
      if (healthy) return;
      await new Promise((done) => setTimeout(done, 50));
    }
    throw new Error('The ASP.NET Core hub did not answer GET /health within 60 s.');
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.process?.stop(signal);
    this.process = undefined;
  }
}
